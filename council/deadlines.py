"""Every legal deadline of the council's work, computed in one place from the settings, counted
as the law counts (docs/legal.md has each rule, its article, its counting and its setting).

Working days skip weekends and Romanian public holidays, taken from the maintained `holidays`
calendar (Orthodox Easter and Pentecost included), never from a hand-kept list.

Counting (Codul de procedură civilă, art. 181, to which the Codul administrativ refers for its
periods): a period in days counts neither the day it starts from nor the day it ends on ("zile
libere"); a period whose last day is not a working day ends on the next working day. A period in
working days counts only working days, and so always ends on one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


def next_working_day(day: dt.date) -> dt.date:
    """The day itself if it is a working day, else the first working day after it (CPC art.
    181(2): a period that would end on a non-working day ends on the next working day)."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


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


def days_after(start: dt.date, days: int) -> dt.date:
    """The last day of a period of `days` calendar days from `start`, counted as the CPC counts
    (the start day does not count), moved to the next working day if it is not one."""
    return next_working_day(start + dt.timedelta(days=days))


@dataclass(frozen=True)
class Rule:
    """One legal deadline: where the law says it, how it is counted, which setting holds it."""

    name: str
    article: str
    counting: str
    setting: str
    confirm: bool = False


RULES = [
    Rule(
        "Notice of a sitting",
        "Codul administrativ art. 134(1)-(3); Codul de procedură civilă art. 181",
        "free days, counted back from the sitting: neither the day of the convocation nor the "
        "day of the sitting counts (5 days for a sitting on 17.12: convened by 11.12); an "
        "emergency sitting is convened at any time before it",
        "NOTICE_DAYS",
    ),
    Rule(
        "Public consultation of a normative draft",
        "Legea 52/2003 art. 7(2)",
        "working days after the announcement before the draft is sent for opinions",
        "CONSULTATION_WORKING_DAYS",
    ),
    Rule(
        "Written recommendations",
        "Legea 52/2003 art. 7(4)",
        "calendar days after the announcement (the announcement day does not count); the last "
        "day moves to the next working day",
        "RECOMMENDATION_DAYS",
    ),
    Rule(
        "Minutes of a sitting published",
        "Codul administrativ art. 138(15)",
        "calendar days after the sitting (the sitting day does not count); the last day moves "
        "to the next working day",
        "MINUTES_DAYS",
        confirm=True,
    ),
    Rule(
        "Communication to the prefect and the mayor",
        "Codul administrativ art. 197(1)-(2)",
        "working days after the adoption",
        "COMMUNICATION_WORKING_DAYS",
    ),
    Rule(
        "Publication of a normative decision in the Monitorul Oficial Local",
        "Codul administrativ art. 197(4), 198(1)",
        "calendar days after the communication (that day does not count); the last day moves "
        "to the next working day",
        "PUBLICATION_DAYS",
        confirm=True,
    ),
    Rule(
        "At least one ordinary sitting a month",
        "Codul administrativ art. 133(1)",
        "each calendar month; the secretariat's dashboard warns for a month without one",
        "—",
    ),
]


def latest_convocation(kind: str, sitting_day: dt.date) -> dt.date:
    """The last day on which a sitting of this kind may be convened: the notice is in free days
    (neither the convocation's day nor the sitting's counts), so N days' notice means N full
    days between them. An emergency sitting (0) may be convened on its own day. No moving to a
    working day: the period runs backwards from a fixed day, and moving it would shorten it."""
    days = rule("NOTICE_DAYS")[kind]
    if days == 0:
        return sitting_day
    return sitting_day - dt.timedelta(days=days + 1)


def earliest_opinions_date(announced_on: dt.date) -> dt.date:
    """A normative draft may be sent for opinions this many working days after its announcement."""
    return add_working_days(announced_on, rule("CONSULTATION_WORKING_DAYS"))


def earliest_recommendations_end(announced_on: dt.date) -> dt.date:
    return days_after(announced_on, rule("RECOMMENDATION_DAYS"))


def minutes_due(sitting_day: dt.date) -> dt.date:
    return days_after(sitting_day, rule("MINUTES_DAYS"))


def communication_due(adopted_on: dt.date) -> dt.date:
    return add_working_days(adopted_on, rule("COMMUNICATION_WORKING_DAYS"))


def publication_due(communicated_on: dt.date) -> dt.date:
    return days_after(communicated_on, rule("PUBLICATION_DAYS"))


def months_without_ordinary_sitting(year: int, up_to: dt.date, convened_days) -> list[dt.date]:
    """The first day of each month of `year`, up to the month of `up_to`, with no convened
    ordinary sitting among `convened_days` (art. 133(1): at least one a month)."""
    months = {(day.year, day.month) for day in convened_days}
    last = up_to.month if up_to.year == year else 12
    return [dt.date(year, m, 1) for m in range(1, last + 1) if (year, m) not in months]
