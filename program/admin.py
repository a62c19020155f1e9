from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from program import roles
from program.accounts import (
    StaffUserAddForm,
    StaffUserChangeForm,
    authenticator_remove,
    staff_role_set,
)
from program.models import (
    AnnualProgram,
    Department,
    DepartmentalInput,
    Objective,
    ProgramItem,
    ProgramVersion,
    Strategy,
)
from workflows.admin import ReadOnlyInline, RecordedAdmin, RegisterAdmin
from workflows.services import reference_save, snapshot


@admin.register(Department)
class DepartmentAdmin(RecordedAdmin):
    list_display = ["name", "slug", "parent", "email"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class ObjectiveInline(ReadOnlyInline):
    """The strategy's tree, listed; each objective is changed on its own page (and logged)."""

    model = Objective
    fields = ["code", "level", "parent", "title", "position"]
    ordering = ["code"]
    show_change_link = True


@admin.register(Strategy)
class StrategyAdmin(RecordedAdmin):
    list_display = ["title", "code", "slug", "period", "objective_count"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ObjectiveInline]

    @admin.display(description=_("objectives"))
    def objective_count(self, obj):
        return obj.objectives.count()


@admin.register(Objective)
class ObjectiveAdmin(RecordedAdmin):
    list_display = ["indented_title", "code", "level", "strategy"]
    list_filter = ["strategy", "level"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["parent"]
    ordering = ["strategy__title", "code"]

    @admin.display(description=_("objective"), ordering="code")
    def indented_title(self, obj):
        # The tree reads as a tree: measures under specific objectives under general ones.
        return ("\u00a0\u00a0\u00a0\u00a0" * obj.depth) + ("└ " if obj.depth else "") + obj.title


class ProgramVersionInline(ReadOnlyInline):
    model = ProgramVersion
    fields = ["number", "decision_number", "decision_date", "approved_at", "published_at"]


@admin.register(AnnualProgram)
class AnnualProgramAdmin(RegisterAdmin):
    list_display = ["year", "status", "version", "published_at"]
    list_filter = ["status"]
    inlines = [ProgramVersionInline]


class InputInline(ReadOnlyInline):
    model = DepartmentalInput
    fields = ["round", "department", "opinion", "text", "given_by", "given_at"]


@admin.register(ProgramItem)
class ProgramItemAdmin(RegisterAdmin):
    list_display = ["reference", "title", "department", "planned_month", "status"]
    list_filter = ["status", "program__year", "planned_month", "kind", "department"]
    search_fields = ["reference", "title"]
    list_select_related = ["department", "program"]
    inlines = [InputInline]


User = get_user_model()
admin.site.unregister(User)


class RoleFilter(admin.SimpleListFilter):
    """The accounts of one role, named as people name it."""

    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return list(roles.ROLE_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in roles.ROLES:
            return queryset.filter(groups__name=self.value())
        return queryset


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Staff accounts with exactly one role (and a department for `department` users). Nobody
    raises rights here: no superuser flag, no loose permissions, no change of one's own role or
    activity; a superuser exists only as break-glass, created from the command line."""

    form = StaffUserChangeForm
    add_form = StaffUserAddForm
    list_display = ["username", "email", "first_name", "last_name", "role", "department",
                    "is_active"]  # fmt: skip
    list_filter = [RoleFilter, "is_active", "staff_profile__department"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Role"), {"fields": ["role", "department", "is_active"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
        (_("Role"), {"fields": ["email", "role", "department"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += ["role", "department", "is_active"]  # never one's own rights
        return fields

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # accounts are deactivated: the log keeps naming who did what

    actions = ["remove_authenticator"]

    @admin.action(description=_("Turn off two-factor authentication (a lost phone)"))
    def remove_authenticator(self, request, queryset):
        """The user sets up a new authenticator app at the next login (/staff/otp/)."""
        count = sum(
            authenticator_remove(user=user, actor=request.user)
            for user in queryset.exclude(pk=request.user.pk)
        )
        self.message_user(
            request,
            _("Two-factor authentication turned off for %(count)s accounts.") % {"count": count},
        )

    def save_model(self, request, obj, form, change) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        before = snapshot(stored) if stored is not None else None
        super().save_model(request, obj, form, change)
        if "role" in form.cleaned_data:
            staff_role_set(
                user=obj, role=form.cleaned_data["role"],
                department=form.cleaned_data.get("department"),
            )  # fmt: skip
        reference_save(
            obj=obj, actor=request.user, before=before,
            action="admin_change" if change else "admin_add",
        )  # fmt: skip

    @admin.display(description=_("role"))
    def role(self, obj):
        return ", ".join(str(roles.ROLE_LABELS[r]) for r in sorted(roles.user_roles(obj))) or "-"

    @admin.display(description=_("department"))
    def department(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.department if profile else ""
