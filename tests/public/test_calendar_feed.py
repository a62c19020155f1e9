"""The iCalendar feed, each test with the situation it needs (not whatever the demo has today)."""

import datetime as dt

import icalendar
import pytest

from program.models import ItemStatus


def events(client, query: str = "") -> list:
    return icalendar.Calendar.from_ical(client.get(f"/calendar.ics{query}").content).walk("VEVENT")


@pytest.mark.on_day("2026-11-29")
def test_an_item_without_sitting_spans_its_month_and_is_transparent(
    client, make_item, bring_to, council_decision
):
    item = bring_to(make_item(planned_month=12), ItemStatus.PUBLISHED)
    (event,) = [e for e in events(client) if str(e["UID"]).startswith(f"item-{item.pk}@")]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert type(start) is dt.date and type(end) is dt.date
    assert (start, end) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_a_sitting_is_one_event_with_its_agenda_and_its_items_are_not_repeated(
    client, adopted_decision
):
    item = adopted_decision.item
    found = events(client)
    sitting = [
        e for e in found if str(e["UID"]).startswith(f"sitting-{adopted_decision.sitting_id}@")
    ]
    assert len(sitting) == 1
    assert item.title in str(sitting[0]["DESCRIPTION"])
    assert not [e for e in found if str(e["UID"]).startswith(f"item-{item.pk}@")]
