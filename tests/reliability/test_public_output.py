"""What the public sees is computed from public data only and is safe to share: the findings were
a staff member's flash message served to anonymous visitors from the page cache, links poisoned
through the Host header, a cache entry per random query string, a feed broken for good by one
control character, Atom summaries read as HTML, CSV cells read as formulas, and public ETags,
versions, PDFs and progress that moved when only unpublished things changed."""

import csv
import io

import feedparser
import pytest
from django.core.cache import cache
from django.test import Client

from council import services
from council.services import program_approve
from program.models import ItemStatus, ProgramItem
from program.services import program_publish
from tests.conftest import behind_the_services, moment
from workflows.services import transition_fire

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(approved_program, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        program_publish(year=approved_program.year, user=users["secretariat"])
    approved_program.refresh_from_db()
    return approved_program


def page_keys() -> list[str]:
    return [key for key in cache._cache if "page:" in key]  # locmem, as in the tests' settings


def test_a_staff_members_flash_message_never_reaches_an_anonymous_visitor(
    published, users, make_item
):
    item = make_item()
    staff = Client()
    staff.force_login(users["investitii"])
    staff.post(
        f"/staff/items/{item.pk}/transition/",
        {"transition": "submit", "expected_state": "draft", "comment": ""},
    )
    assert 'class="message message-success"' in staff.get("/").content.decode()
    assert 'class="message' not in Client().get("/").content.decode()


def test_a_page_rendered_for_a_session_is_not_stored(published, users):
    staff = Client()
    staff.force_login(users["secretariat"])
    assert staff.get(f"/program/{published.year}/").status_code == 200
    assert page_keys() == []
    Client().get(f"/program/{published.year}/")
    assert len(page_keys()) == 1


def test_links_use_the_sites_address_whatever_host_is_asked(published, settings):
    settings.SITE_URL = "https://paacl.sector1.ro"
    poisoned = Client().get("/feed.atom", HTTP_HOST="127.0.0.1:6553")
    assert b"6553" not in poisoned.content
    calendar = Client().get("/calendar.ics", HTTP_HOST="127.0.0.1:6553")
    assert b"6553" not in calendar.content and b"https://paacl.sector1.ro/items/" in (
        calendar.content.replace(b"\r\n ", b"")
    )
    again = Client().get("/feed.atom")
    assert b"https://paacl.sector1.ro/" in again.content and b"6553" not in again.content


def test_a_random_query_string_is_the_same_page_and_the_same_cache_entry(published):
    first = Client().get("/?utm_source=x1")
    second = Client().get("/?fbclid=y2&other=3")
    assert first["ETag"] == second["ETag"]
    assert len(page_keys()) == 1
    filtered = Client().get("/?department=investitii")
    assert filtered["ETag"] != first["ETag"]


def test_the_language_switcher_returns_to_the_page_without_foreign_parameters(published):
    page = Client().get("/?department=investitii&evil=%22x").content.decode()
    assert 'name="next" type="hidden" value="/?department=investitii"' in page


def test_a_control_character_in_an_old_title_does_not_break_the_feed(published):
    item = ProgramItem.objects.get(status=ItemStatus.PUBLISHED)
    with behind_the_services():  # written before the door checked text
        ProgramItem.objects.filter(pk=item.pk).update(title="Proiect\x0b vechi")
    response = Client().get("/feed.atom")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert any("Proiect vechi" in entry.title for entry in feed.entries)


def test_atom_summaries_are_text_not_html(published):
    item = ProgramItem.objects.get(status=ItemStatus.PUBLISHED)
    with behind_the_services():
        ProgramItem.objects.filter(pk=item.pk).update(description="<b>îngroșat</b>")
    raw = Client().get("/feed.atom").content.decode()
    assert "<b>îngroșat</b>" not in raw and "&lt;b&gt;" not in raw.replace("&amp;lt;", "")
    assert "&amp;lt;b&amp;gt;îngroșat" in raw


def test_csv_cells_never_start_a_formula(api_as, users, make_item, published):
    item = ProgramItem.objects.get(status=ItemStatus.PUBLISHED)
    with behind_the_services():
        ProgramItem.objects.filter(pk=item.pk).update(title='=HYPERLINK("http://x","y")')
    response = Client().get("/api/v1/items/", {"format": "csv"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff")))
    )
    assert rows[0]["title"] == '\'=HYPERLINK("http://x","y")'


# Public state from public data only -----------------------------------------------------------


def test_a_new_draft_changes_nothing_public(published, make_item, users, client):
    page = client.get(f"/program/{published.year}/")
    pdf_before = client.get(f"/api/v1/programs/{published.year}/").json()["pdf_sha256"]
    make_item(title="Un proiect nou, nepublicat")
    again = client.get(f"/program/{published.year}/", HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304
    api = client.get(f"/api/v1/programs/{published.year}/").json()
    assert api["pdf_sha256"] == pdf_before


def test_an_approved_amendment_is_not_the_public_version_until_published(
    published, make_item, bring_to, users, api, api_as
):
    bring_to(make_item(planned_month=12), ItemStatus.SUBMITTED_TO_COUNCIL)
    from datetime import date

    program_approve(
        year=published.year, user=users["secretariat"], decision_number=44,
        decision_date=date(published.year - 1, 12, 20),
    )  # fmt: skip
    public = api.get(f"/api/v1/programs/{published.year}/").json()
    assert public["version"] == 1 and public["approved_by"]["version"] == 1
    staff = api_as(users["secretariat"]).get(f"/api/v1/programs/{published.year}/").json()
    assert staff["version"] == 2


def test_a_place_on_a_planned_sittings_agenda_is_not_public(
    users, sitting, convene, today, council_decision, committee, api, bring_to, make_item
):
    item = bring_to(
        make_item(legal_character="individual", committees=[committee]), ItemStatus.PUBLISHED
    )
    secretariat = users["secretariat"]
    draft = services.draft_from_item(item=item, user=secretariat, statement="Referat.")
    transition_fire(model=type(draft), pk=draft.pk, name="send_for_opinions", user=secretariat)
    for kind, committee_ in (("department_report", None), ("committee", committee),
                             ("legality", None)):  # fmt: skip
        services.draft_opinion_record(
            draft_id=draft.pk, user=secretariat, kind=kind, favourable=True, given_on=today,
            committee=committee_,
        )  # fmt: skip
    planned = sitting(kind="emergency", hour=23)
    services.draft_put_on_agenda(draft_id=draft.pk, sitting_id=planned.pk, user=secretariat)
    assert api.get(f"/api/v1/items/{item.pk}/").json()["progress"] == "in_review"
    assert api.get(f"/api/v1/drafts/{draft.pk}/").json()["stage"] == "in_review"
    convene(planned, moment(today, 0))
    assert api.get(f"/api/v1/items/{item.pk}/").json()["progress"] == "on_agenda"
    assert api.get(f"/api/v1/drafts/{draft.pk}/").json()["stage"] == "on_agenda"
