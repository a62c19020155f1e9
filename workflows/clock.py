"""The one place the service asks what time it is.

Code never calls `timezone.now()`, `date.today()` or `timezone.localdate()` itself: it asks
`clock.now()` and `clock.today()`. Tests set the time with time-machine (which moves the clocks
these read), and the calendar sweep in `.ci/run` runs the suite on fixed days of the year through
the same door (`PAACL_TEST_NOW`, tests/conftest.py). "Today" is always the council's day, in
Europe/Bucharest (settings.TIME_ZONE), never the server's or UTC's.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """This moment, aware (UTC inside; compare and store it as it is)."""
    return timezone.now()


def today() -> dt.date:
    """The council's date today, in its own time zone."""
    return timezone.localdate(now())


def local_day(moment: dt.datetime | None = None) -> dt.date:
    """The council's date of a moment (now by default)."""
    return timezone.localtime(moment or now()).date()


def this_year() -> int:
    return today().year
