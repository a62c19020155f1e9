"""The iCalendar feed, each test with the situation it needs (not whatever the demo has today)."""

import datetime as dt

import icalendar
import pytest
import time_machine

from program.models import ItemStatus
from workflows import clock


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


def vevent_of(client, uid_prefix: str) -> bytes:
    body = client.get("/calendar.ics").content
    for block in body.split(b"BEGIN:VEVENT")[1:]:
        if b"UID:" + uid_prefix.encode() in block:
            return block.split(b"END:VEVENT")[0]
    raise AssertionError(f"no event {uid_prefix}")


def test_an_items_event_reads_the_same_until_the_item_changes(
    client, make_item, bring_to, council_decision, users
):
    """An event is the same bytes (its DTSTAMP is its item's last change) in every calendar
    until its item changes, so it can be built once and stitched: a change elsewhere gives a new
    calendar with the same event, a change of the item a new event."""
    from council.services import draft_from_item

    item = bring_to(make_item(planned_month=12), ItemStatus.PUBLISHED)
    first = vevent_of(client, f"item-{item.pk}@")
    # A little later (the same day, whatever day the suite runs on: 31 December 23:15 too).
    with time_machine.travel(clock.now() + dt.timedelta(minutes=1), tick=True):
        bring_to(make_item(title="Alt punct al programului"), ItemStatus.PUBLISHED)
        assert b"Alt punct al programului" in client.get("/calendar.ics").content
        assert vevent_of(client, f"item-{item.pk}@") == first
        draft_from_item(item=item, user=users["secretariat"], statement="Referat de aprobare.")
        changed = vevent_of(client, f"item-{item.pk}@")
    assert changed != first
    assert (
        icalendar.Event.from_ical(b"BEGIN:VEVENT" + changed + b"END:VEVENT\r\n")["LAST-MODIFIED"].dt
        > icalendar.Event.from_ical(b"BEGIN:VEVENT" + first + b"END:VEVENT\r\n")["LAST-MODIFIED"].dt
    )
