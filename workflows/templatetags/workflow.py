"""Readable names for states and transitions of audit log rows, in the page's language."""

from functools import cache

from django import template
from django.utils.translation import gettext

from workflows.services import transitions_of

register = template.Library()

# Rows that record how a record came to be, not a transition of its state machine.
ORIGINS = {"create", "register", "plan"}


@cache
def _labels(model):
    transitions = {name: t.custom.get("label", name) for name, t in transitions_of(model()).items()}
    states = dict(model._meta.get_field("status").choices)
    return transitions, states


@register.filter
def transition_label(row) -> str:
    if row.transition in ORIGINS:
        return gettext("Created")
    transitions, _states = _labels(row.content_type.model_class())
    return str(transitions.get(row.transition, row.transition))


@register.filter
def state_label(row, which: str = "target") -> str:
    value = getattr(row, which)
    if not value:
        return "—"
    _transitions, states = _labels(row.content_type.model_class())
    return str(states.get(value, value))
