"""Readable names for states, transitions and recorded changes of audit log rows, in the page's
language."""

from functools import cache

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext, gettext_lazy

from workflows.services import transitions_of

register = template.Library()

# Rows that record a change made by a service without a change of state, and how records came
# to be: named here (transitions are named on their models).
ACTIONS = {
    "create": gettext_lazy("Created"),
    "register": gettext_lazy("Registered"),
    "plan": gettext_lazy("Planned"),
    "open": gettext_lazy("Opened for drafting"),
    "edit": gettext_lazy("Edited"),
    "give_input": gettext_lazy("Input given"),
    "consultation": gettext_lazy("Consultation recorded"),
    "record_opinion": gettext_lazy("Opinion recorded"),
    "put_on_agenda": gettext_lazy("Put on the agenda"),
    "vote": gettext_lazy("Vote recorded"),
    "postponed": gettext_lazy("Postponed"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "record": gettext_lazy("Dates recorded"),
    "reschedule": gettext_lazy("Moved"),
    "correct_vote": gettext_lazy("Vote figures corrected"),
    "take_note": gettext_lazy("Taken note of"),
    "authenticator_removed": gettext_lazy("Authenticator app removed"),
    "admin_add": gettext_lazy("Added in the administration"),
    "admin_change": gettext_lazy("Changed in the administration"),
    "admin_delete": gettext_lazy("Deleted in the administration"),
}
# What a register's own rows are called when no transition of its model has that name.
RECORD_ACTIONS = {
    "approve": gettext_lazy("Approved"),
    "publish": gettext_lazy("Published"),
    "adopt": gettext_lazy("Adopted"),
}


@cache
def _labels(model):
    try:
        states = dict(model._meta.get_field("status").choices)
    except FieldDoesNotExist:
        return {}, {}
    if not hasattr(model, "get_all_status_transitions"):  # a status without a state machine
        return {}, states
    transitions = {name: t.custom.get("label", name) for name, t in transitions_of(model()).items()}
    return transitions, states


@register.filter
def transition_label(row) -> str:
    if row.transition in ACTIONS:
        return str(ACTIONS[row.transition])
    transitions, _states = _labels(row.content_type.model_class())
    label = transitions.get(row.transition) or RECORD_ACTIONS.get(row.transition, row.transition)
    return str(label)


@register.filter
def state_label(row, which: str = "target") -> str:
    value = getattr(row, which)
    if not value:
        return "—"
    _transitions, states = _labels(row.content_type.model_class())
    return str(states.get(value, value))


@register.filter
def changes_state(row) -> bool:
    """Whether the row moved its record from one state to another (worth an arrow)."""
    return bool(row.target) and row.source != row.target


@register.simple_tag
def no_one() -> str:
    return gettext("the system")
