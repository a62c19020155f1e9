"""The council's legal figures (COUNCIL_RULES): the defaults, merged deeply with what the
environment overrides, and checked at start-up so that a bad value stops the service with a
message that names it, not a KeyError at the next extraordinary sitting."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

DEFAULTS: dict[str, Any] = {
    # Codul administrativ art. 134 (CPC art. 181): notice of a sitting in free days, by kind.
    "NOTICE_DAYS": {"ordinary": 5, "extraordinary": 3, "emergency": 0},
    # Legea 52/2003 art. 7: a normative draft is announced at least 30 working days before it
    # is sent for opinions, and recommendations are accepted for at least 10 days.
    "CONSULTATION_WORKING_DAYS": 30,
    "RECOMMENDATION_DAYS": 10,
    # Minutes (proces-verbal) published within 3 days of the sitting (to confirm).
    "MINUTES_DAYS": 3,
    # Codul administrativ art. 197: communication to the prefect and mayor in 10 working days.
    "COMMUNICATION_WORKING_DAYS": 10,
    # Publication of a normative decision in the Monitorul Oficial Local after communication.
    "PUBLICATION_DAYS": 5,
    # Art. 139: abstentions count as votes against (a majority of those present is needed).
    "ABSTENTIONS_COUNT_AS_AGAINST": True,
    # Art. 247: a citizens' initiative needs the signatures of this share of the voters (per cent),
    # of the number of voters on the unit's electoral lists (VOTERS; 0: not known yet).
    "CITIZENS_INITIATIVE_PERCENT": 5,
    "VOTERS": 0,
}


def _days(name: str, value: Any, most: int = 366) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        raise ImproperlyConfigured(
            f"COUNCIL_RULES: {name} must be a whole number of days from 0 to {most}, not {value!r}."
        )
    return value


def council_rules(overrides: Any) -> dict[str, Any]:
    """The defaults with `overrides` (the environment's JSON) merged in: a nested rule keeps the
    values it does not override; unknown names and bad values are refused, by name."""
    if not isinstance(overrides, dict):
        raise ImproperlyConfigured('COUNCIL_RULES must be a JSON object, e.g. {"MINUTES_DAYS": 5}.')
    rules = {key: (dict(value) if isinstance(value, dict) else value)
             for key, value in DEFAULTS.items()}  # fmt: skip
    for key, value in overrides.items():
        if key not in DEFAULTS:
            raise ImproperlyConfigured(
                f"COUNCIL_RULES: unknown rule {key!r}; the rules are {', '.join(DEFAULTS)}."
            )
        if isinstance(DEFAULTS[key], dict):
            if not isinstance(value, dict):
                raise ImproperlyConfigured(
                    f"COUNCIL_RULES: {key} is an object by kind of sitting, e.g. "
                    f'{{"ordinary": 5}}, not {value!r}.'
                )
            unknown = set(value) - set(DEFAULTS[key])
            if unknown:
                raise ImproperlyConfigured(
                    f"COUNCIL_RULES: {key} has no {', '.join(sorted(unknown))}; its keys are "
                    f"{', '.join(DEFAULTS[key])}."
                )
            rules[key].update(value)
        else:
            rules[key] = value
    for kind, days in rules["NOTICE_DAYS"].items():
        _days(f"NOTICE_DAYS.{kind}", days, most=60)
    for key in ("CONSULTATION_WORKING_DAYS", "RECOMMENDATION_DAYS", "MINUTES_DAYS",
                "COMMUNICATION_WORKING_DAYS", "PUBLICATION_DAYS"):  # fmt: skip
        _days(key, rules[key])
    _days("CITIZENS_INITIATIVE_PERCENT", rules["CITIZENS_INITIATIVE_PERCENT"], most=100)
    _days("VOTERS", rules["VOTERS"], most=10_000_000)
    if not isinstance(rules["ABSTENTIONS_COUNT_AS_AGAINST"], bool):
        raise ImproperlyConfigured("COUNCIL_RULES: ABSTENTIONS_COUNT_AS_AGAINST is true or false.")
    return rules
