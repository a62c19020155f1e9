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


def sitting_event(client, sitting) -> icalendar.Event:
    (event,) = [e for e in events(client) if str(e["UID"]).startswith(f"sitting-{sitting.pk}@")]
    return event


def test_a_sittings_kept_event_shows_a_vote_recorded_after_it_was_kept(client, open_sitting, users):
    from council import services

    sitting, (entry,) = open_sitting(1)
    line = f"1. {entry.draft.title} — "
    assert line not in str(sitting_event(client, sitting)["DESCRIPTION"])
    services.agenda_entry_vote(
        entry_id=entry.pk, user=users["secretariat"], present=25, votes_for=20,
        votes_against=3, abstentions=2,
    )  # fmt: skip
    assert line in str(sitting_event(client, sitting)["DESCRIPTION"])


def test_a_document_added_to_a_draft_on_the_agenda_is_attached_to_the_kept_event(
    client, open_sitting, users
):
    from council.documents import document_add
    from tests.council.test_documents import pdf_bytes, upload

    sitting, (entry,) = open_sitting(1)
    before = sitting_event(client, sitting).get("ATTACH") or []
    document = document_add(
        user=users["secretariat"], record="draft", record_id=entry.draft_id,
        kind="draft_text", file=upload(pdf_bytes(), "Proiect de hotărâre.pdf"),
    )  # fmt: skip
    attached = sitting_event(client, sitting)["ATTACH"]
    attached = [str(a) for a in (attached if isinstance(attached, list) else [attached])]
    assert len(attached) == len(before if isinstance(before, list) else [before]) + 1
    assert any(a.endswith(document.get_absolute_url()) for a in attached)


def test_a_kept_sitting_event_carries_the_moment_of_each_calendar(
    client, open_sitting, make_item, bring_to, council_decision
):
    sitting, _entries = open_sitting(1)
    first = sitting_event(client, sitting).decoded("DTSTAMP")
    later = clock.now() + dt.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        bring_to(make_item(title="Alt punct al programului"), ItemStatus.PUBLISHED)
        stamp = sitting_event(client, sitting).decoded("DTSTAMP")
    assert stamp > first
    assert stamp == later.replace(microsecond=0)
