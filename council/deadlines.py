"""Every legal deadline of the council's work, computed in one place from the settings.

Working days skip weekends and Romanian public holidays, taken from the maintained `holidays`
calendar (Orthodox Easter and Pentecost included), never from a hand-kept list.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.conf import settings


def rule(name: str):
    return settings.COUNCIL_RULES[name]


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("RO", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The working day that is `days` working days after `start` (which need not be one)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days come after `start`, up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def latest_convocation(kind: str, sitting_day: dt.date) -> dt.date:
    """The last day on which a sitting of this kind may be convened."""
    return sitting_day - dt.timedelta(days=rule("NOTICE_DAYS")[kind])


def earliest_opinions_date(announced_on: dt.date) -> dt.date:
    """A normative draft may be sent for opinions this many working days after its announcement."""
    return add_working_days(announced_on, rule("CONSULTATION_WORKING_DAYS"))


def earliest_recommendations_end(announced_on: dt.date) -> dt.date:
    return announced_on + dt.timedelta(days=rule("RECOMMENDATION_DAYS"))


def minutes_due(sitting_day: dt.date) -> dt.date:
    return sitting_day + dt.timedelta(days=rule("MINUTES_DAYS"))


def communication_due(adopted_on: dt.date) -> dt.date:
    return add_working_days(adopted_on, rule("COMMUNICATION_WORKING_DAYS"))


def publication_due(communicated_on: dt.date) -> dt.date:
    return communicated_on + dt.timedelta(days=rule("PUBLICATION_DAYS"))
