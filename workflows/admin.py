from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django_fsm.admin import FSMAdminMixin

from workflows.errors import WorkflowError
from workflows.models import TransitionLog
from workflows.services import transition_fire


class TransitionCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning, rejecting or withdrawing: say why."),
    )


class ReadOnlyInline(admin.TabularInline):
    """Records shown with their parent that only their own service writes (opinions, votes,
    inputs, versions): visible in the admin, never edited there."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class ServiceTransitionsMixin(FSMAdminMixin):
    """Transition buttons that run through the one transition service."""

    fsm_fields = ["status"]

    def get_fsm_transition_form(self, transition):
        return TransitionCommentForm

    def get_fsm_label(self, transition):
        return str(transition.custom.get("label") or transition.name)

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None):
        comment = (kwargs or {}).get("comment", "")
        try:
            transition_fire(
                model=type(obj), pk=obj.pk, name=transition_name, user=request.user,
                comment=comment, expected_state=obj.status,
            )  # fmt: skip
        except WorkflowError as error:
            self.message_user(request, str(error), level=messages.ERROR)
            return False
        self.message_user(request, _("Done."), level=messages.SUCCESS)
        return True


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, for everyone."""

    list_display = ["at", "content_type", "object_id", "transition", "source", "target", "actor"]
    list_filter = ["content_type", "transition", "target"]
    search_fields = ["comment", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
