"""The public site over the demo data: every page answers, filters work, feeds parse."""

import datetime as dt

import feedparser
import icalendar
import pytest
from django.test import Client

from council.models import Decision, Sitting
from program.models import ProgramItem
from tests.conftest import behind_the_services
from workflows import clock


@pytest.fixture
def demo(demo_data, db):
    """The demo, loaded once for this module."""


@pytest.fixture
def client_ro():
    return Client()


@pytest.fixture
def client_en():
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def pages():
    today = clock.today()
    item = ProgramItem.objects.filter(status="published").first()
    sitting = Sitting.objects.filter(status="minutes_published").first()
    decision = Decision.objects.first()
    return [
        "/",
        f"/calendar/{today.year}/{today.month}/",
        f"/program/{today.year}/",
        f"/program/{today.year - 1}/",
        f"/items/{item.pk}/",
        f"/sittings/{sitting.pk}/",
        f"/decisions/{decision.year}/{decision.number}/",
        "/strategies/",
        "/strategies/smart-city/",
        "/search/?q=buget",
        "/accessibility/",
    ]


def test_every_main_page_answers_in_both_languages(demo, client_ro, client_en):
    for path in pages():
        ro = client_ro.get(path)
        en = client_en.get(path)
        assert ro.status_code == 200, path
        assert en.status_code == 200, path
        assert '<html lang="ro">' in ro.content.decode(), path
        assert '<html lang="en">' in en.content.decode(), path


def test_romanian_pages_use_comma_below_letters(demo, client_ro):
    for path in pages():
        text = client_ro.get(path).content.decode()
        assert "ş" not in text and "ţ" not in text and "Ş" not in text and "Ţ" not in text, path


def test_month_names_follow_the_language(demo, client_ro, client_en):
    ro = client_ro.get("/calendar/2026/3/").content.decode()
    en = client_en.get("/calendar/2026/3/").content.decode()
    assert "Martie 2026" in ro or "martie 2026" in ro.lower()
    assert "March 2026" in en


def test_calendar_redirects_to_this_month_keeping_filters(demo, client_ro):
    today = clock.today()
    response = client_ro.get("/calendar/?department=serviciul-buget")
    assert response.status_code == 302
    assert (
        response["Location"] == f"/calendar/{today.year}/{today.month}/?department=serviciul-buget"
    )


def test_calendar_lists_the_months_public_items_and_sittings(demo, client_ro, this_year):
    page = client_ro.get(f"/calendar/{this_year}/2/").content.decode()
    for item in ProgramItem.objects.filter(
        status="published", program__year=this_year, planned_month=2
    ):
        assert item.reference in page
    for sitting in Sitting.objects.exclude(status="planned").filter(
        starts_at__year=this_year, starts_at__month=2
    ):
        assert f"/sittings/{sitting.pk}/" in page


def test_calendar_filters_combine_and_stay_in_the_links(demo, client_ro, this_year):
    response = client_ro.get(
        f"/calendar/{this_year}/2/?department=serviciul-buget&strategy=strategia-comunicare"
    )
    page = response.content.decode()
    expected = ProgramItem.objects.filter(
        status="published",
        program__year=this_year,
        planned_month=2,
        department__slug="serviciul-buget",
        objectives__strategy__slug="strategia-comunicare",
    ).distinct()
    others = ProgramItem.objects.filter(
        status="published", program__year=this_year, planned_month=2
    ).exclude(pk__in=expected)
    for item in expected:
        assert item.reference in page
    for item in others:
        assert item.reference not in page
    assert (
        "department=serviciul-buget&amp;strategy=strategia-comunicare" in page
    )  # previous/next keep them


def test_an_unknown_filter_value_is_a_400_that_says_so(demo, client_ro):
    response = client_ro.get("/calendar/2026/2/?department=nowhere")
    assert response.status_code == 400
    assert "nowhere" in response.content.decode() or "department" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/2026/13/",
        "/calendar/2026/0/",
        "/calendar/1800/1/",
        "/items/999999/",
        "/sittings/999999/",
        "/decisions/2026/99999/",
        "/strategies/nowhere/",
        "/program/1999/",
    ],
)
def test_unknown_or_impossible_pages_are_404(demo, client_ro, path):
    assert client_ro.get(path).status_code == 404


def test_next_years_draft_program_is_not_public(demo, client_ro, this_year):
    assert client_ro.get(f"/program/{this_year + 1}/").status_code == 404


def test_an_unpublished_item_is_404(demo, client_ro):
    for item in ProgramItem.objects.exclude(status="published")[:10]:
        assert client_ro.get(f"/items/{item.pk}/").status_code == 404


def test_a_planned_sitting_is_404(demo, client_ro, users, today=None):
    from council import services

    planned = services.sitting_plan(
        user=users["secretariat"],
        kind="ordinary",
        starts_at=clock.now() + dt.timedelta(days=40),
        place="Sala",
    )
    assert client_ro.get(f"/sittings/{planned.pk}/").status_code == 404


def test_the_program_page_groups_by_month_with_versions(demo, client_en, this_year):
    page = client_en.get(f"/program/{this_year - 1}/").content.decode()
    assert "January" in page and "December" in page
    assert "Version 2" in page and "Added: " in page


def test_search_ignores_diacritics(demo, client_ro):
    page = client_ro.get("/search/?q=hotarare privind bugetul").content.decode()
    assert "Hotărâre privind aprobarea bugetului" in page or "bugetului" in page
    page = client_ro.get("/search/?q=sedinte electronice").content.decode()
    assert "ședințelor electronice" in page


def test_the_strategy_page_has_a_gap_report(demo, client_en):
    page = client_en.get("/strategies/smart-city/").content.decode()
    assert "Objectives with no item in" in page


def test_the_ics_feed_is_valid_icalendar(demo, client_ro):
    response = client_ro.get("/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert b"\r\n" in body
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded lines
    cal = icalendar.Calendar.from_ical(body)
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Bucharest"
    events = cal.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    from council.selectors import public_items

    sittings = Sitting.objects.exclude(status="planned").count()
    not_yet_before_a_sitting = sum(item.sitting_pk is None for item in public_items())
    assert len(events) == sittings + not_yet_before_a_sitting
    for event in events:
        assert "DTSTAMP" in event and "LAST-MODIFIED" in event and "SEQUENCE" in event


def test_an_event_changes_its_sequence_when_it_changes(demo, client_ro):
    def sequence_of(uid):
        cal = icalendar.Calendar.from_ical(client_ro.get("/calendar.ics").content)
        return next(int(e["SEQUENCE"]) for e in cal.walk("VEVENT") if str(e["UID"]) == uid)

    from council.selectors import public_items

    item = next(i for i in public_items() if i.sitting_pk is None)  # an event of its own
    before = sequence_of(f"item-{item.pk}@paacl.sector1.ro")
    with behind_the_services():
        ProgramItem.objects.filter(pk=item.pk).update(
            updated_at=clock.now() + dt.timedelta(minutes=5)
        )
    assert sequence_of(f"item-{item.pk}@paacl.sector1.ro") > before


def test_the_ics_feed_takes_the_calendars_filters(demo, client_ro):
    cal = icalendar.Calendar.from_ical(
        client_ro.get("/calendar.ics?department=serviciul-buget").content
    )
    from council.selectors import public_items

    text = " ".join(str(e.get("SUMMARY", "")) + str(e.get("DESCRIPTION", "")) for e in cal.walk())
    text = text.replace("\n", " ")
    expected = public_items().filter(department__slug="serviciul-buget")
    assert expected and all(item.title in text for item in expected)  # its own event or a sitting's
    others = public_items().exclude(department__slug="serviciul-buget")
    assert not [i for i in others if i.sitting_pk is None and f"item-{i.pk}@" in str(cal.to_ical())]
    assert client_ro.get("/calendar.ics?objective=XX").status_code == 400


def test_the_atom_feed_parses_with_the_latest_publications(demo, client_ro):
    response = client_ro.get("/feed.atom")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title
    assert 0 < len(feed.entries) <= 50
    kinds = {entry.id.split(":")[-1].split("-")[0] for entry in feed.entries}
    assert kinds & {"item", "sitting", "decision"}
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids))


def test_pages_and_feeds_answer_304_to_their_etag(demo, client_ro, this_year):
    program = f"/program/{this_year - 1}/"  # the demo's last year, published whatever the day
    for path in ("/", program, "/calendar.ics", "/feed.atom", "/strategies/"):
        first = client_ro.get(path)
        assert first.status_code == 200 and first["ETag"] and first["Last-Modified"], path
        assert client_ro.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, path


def test_the_language_switcher_is_on_every_page(demo, client_ro):
    for path in pages():
        assert 'name="language"' in client_ro.get(path).content.decode(), path


def test_a_cached_page_changes_when_a_strategy_changes(demo, client_en):
    from program.models import Strategy

    first = client_en.get("/strategies/")
    strategy = Strategy.objects.get(slug="smart-city")
    strategy.title = "Strategia Smart City, revizuită"
    strategy.save()
    second = client_en.get("/strategies/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert "revizuită" in second.content.decode()


def test_a_cached_page_has_no_csrf_token(demo, client_ro):
    assert "csrfmiddlewaretoken" not in client_ro.get("/").content.decode()
