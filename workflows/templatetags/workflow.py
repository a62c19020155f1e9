"""Readable names for states and transitions in the staff pages."""

from django import template

from program.models import ItemStatus, ProgramItem
from workflows.services import transitions_of

register = template.Library()

_LABELS = {name: t.custom.get("label", name) for name, t in transitions_of(ProgramItem()).items()}


@register.filter
def state_label(value: str) -> str:
    """`draft` → „ciornă” (in the page's language)."""
    if not value:
        return "—"
    try:
        return str(ItemStatus(value).label)
    except ValueError:
        return value


@register.filter
def transition_label(name: str) -> str:
    if name == "create":
        from django.utils.translation import gettext

        return gettext("Created")
    return str(_LABELS.get(name, name))
