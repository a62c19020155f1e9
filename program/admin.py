from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from program.models import (
    AnnualProgram,
    Department,
    DepartmentalInput,
    ItemStatus,
    Objective,
    ProgramItem,
    ProgramVersion,
    StaffProfile,
    Strategy,
)
from workflows.admin import ReadOnlyInline, ServiceTransitionsMixin


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "email"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    fields = ["code", "level", "parent", "title", "position"]
    extra = 0
    ordering = ["code"]
    show_change_link = True


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "slug", "period", "objective_count"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ObjectiveInline]

    @admin.display(description=_("objectives"))
    def objective_count(self, obj):
        return obj.objectives.count()


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
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
class AnnualProgramAdmin(admin.ModelAdmin):
    list_display = ["year", "status", "version", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "version", "published_at", "last_item_number"]
    inlines = [ProgramVersionInline]


class InputInline(ReadOnlyInline):
    model = DepartmentalInput
    fields = ["round", "department", "opinion", "text", "given_by", "given_at"]


@admin.register(ProgramItem)
class ProgramItemAdmin(ServiceTransitionsMixin, admin.ModelAdmin):
    list_display = ["reference", "title", "department", "planned_month", "status"]
    list_filter = ["status", "program__year", "planned_month", "kind", "department"]
    search_fields = ["reference", "title"]
    autocomplete_fields = ["objectives", "consulted_departments", "department"]
    readonly_fields = ["reference", "program", "approved_in", "published_at", "created_by"]
    list_select_related = ["department", "program"]
    inlines = [InputInline]

    def has_add_permission(self, request):
        # New items get their reference from the numbering service: the staff workspace and
        # the API create them.
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != ItemStatus.DRAFT:
            fields += [f.name for f in self.model._meta.fields if f.editable] + [
                "objectives",
                "consulted_departments",
                "committees",
            ]
        return tuple(dict.fromkeys(fields))


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    fields = ["department"]
    autocomplete_fields = ["department"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "email", "first_name", "last_name", "department", "is_active"]
    list_filter = ["groups", "is_active", "staff_profile__department"]

    @admin.display(description=_("department"))
    def department(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.department if profile else ""
