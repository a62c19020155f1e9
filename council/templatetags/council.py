"""The council's figures as people read them."""

from django import template

from council.voting import votes_text

register = template.Library()


@register.filter
def votes(record) -> str:
    """ "20 for, 3 against, 1 abstention" of a decision or an agenda entry ("" before the vote)."""
    if getattr(record, "votes_for", None) is None:
        return ""
    return votes_text(record.votes_for, record.votes_against, record.abstentions)
