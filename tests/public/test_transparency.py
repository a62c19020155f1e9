"""The annual report on decisional transparency (Legea 52/2003, art. 13): computed from the
record, as a page, a PDF carrying its figures, and in the API (issue 21)."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from council import participation
from council.models import DraftDecision
from council.transparency import court_actions_record
from workflows import clock
from workflows.errors import NotAllowed


@pytest.fixture
def answered(consultation, users):
    """A normative draft in consultation this year with one recommendation, accepted."""
    draft = consultation
    recommendation, token = participation.recommendation_send(
        draft_id=draft.pk, text="O recomandare suficient de lungă pentru a fi primită.",
        name="Ana", email="ana@example.ro", consent=True,
    )  # fmt: skip
    participation.recommendation_confirm(token=token)
    participation.recommendation_answer(recommendation_id=recommendation.pk,
                                        user=users["secretariat"], answer_kind="accepted",
                                        answer="Se preia.")  # fmt: skip
    return draft


def test_the_api_gives_the_years_figures(answered, api):
    consulted_in = answered.consultation_announced_on.year  # 31 Dec on 2 Jan
    received_in = clock.today().year
    body = api.get(f"/api/v1/transparency-reports/{consulted_in}/").json()
    assert body["drafts_consulted"] == 1
    body = api.get(f"/api/v1/transparency-reports/{received_in}/").json()
    assert body["recommendations_received"] == body["recommendations_accepted"] == 1
    assert body["complete"] is False


def test_a_year_outside_the_record_is_404(answered, api):
    assert api.get(f"/api/v1/transparency-reports/{clock.today().year + 1}/").status_code == 404
    assert Client().get("/transparency/1999/").status_code == 404


def test_the_page_and_the_pdf_show_the_same_figures(answered, pango):
    year = clock.today().year
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(f"/transparency/{year}/").content.decode()
    assert "Recommendations received" in page and "provisional" in page
    response = client.get(f"/transparency/{year}.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Raportul anual privind transparența decizională" in text
    embedded = json.loads(reader.attachments["raport.json"][0])
    assert embedded["recommendations_received"] == 1


def test_the_latest_report_is_the_last_complete_years_or_else_this_ones(answered):
    this_year = clock.today().year
    first = DraftDecision.objects.order_by("registered_on").first().registered_on.year
    expected = this_year - 1 if first < this_year else this_year
    response = Client().get("/transparency/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/transparency/{expected}/")


def test_only_the_secretariat_records_the_court_actions(users, db):
    year = clock.today().year
    with pytest.raises(NotAllowed):
        court_actions_record(year=year, user=users["investitii"], count=1)
    court_actions_record(year=year, user=users["secretariat"], count=2, note="Două acțiuni.")
    client = Client()
    client.force_login(users["secretariat"])
    response = client.post(f"/staff/council/transparency/{year}/court-actions/",
                           {"count": "-1", "note": ""})  # fmt: skip
    assert response.status_code == 400


def figure(page: str, line: str) -> int:
    """The number the report's page gives on a line (the English label of its row)."""
    found = re.search(re.escape(line) + r'.*?<td data-label="Number">(?:<a [^>]*>)?(\d+)', page)
    assert found, line
    return int(found[1])


def english_page(year: int) -> str:
    client = Client()
    client.cookies["django_language"] = "en"
    return client.get(f"/transparency/{year}/").content.decode()


def test_the_report_page_is_served_from_the_page_cache(answered, django_assert_max_num_queries):
    year = clock.today().year
    english_page(year)
    with django_assert_max_num_queries(1):  # the public version at most
        english_page(year)


def test_the_kept_report_counts_a_recommendation_confirmed_since(answered):
    year = clock.today().year
    assert figure(english_page(year), "Recommendations received") == 1
    _, token = participation.recommendation_send(
        draft_id=answered.pk, text="A doua recomandare, suficient de lungă pentru a fi primită.",
        name="Ion", email="ion@example.ro", consent=True,
    )  # fmt: skip
    assert figure(english_page(year), "Recommendations received") == 1  # not confirmed yet
    participation.recommendation_confirm(token=token)
    assert figure(english_page(year), "Recommendations received") == 2


def test_the_kept_report_shows_the_court_actions_recorded_since(answered, users):
    year = clock.today().year
    assert figure(english_page(year), "Court actions") == 0
    court_actions_record(year=year, user=users["secretariat"], count=3, note="Trei acțiuni.")
    page = english_page(year)
    assert figure(page, "Court actions") == 3 and "Trei acțiuni." in page
