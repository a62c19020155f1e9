"""What citizens ran into on the public site (issue 16): the small things people notice."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from council.models import AgendaEntry, Decision
from council.voting import votes_text
from program.models import AnnualProgram, ProgramStatus
from workflows import clock

MONTHS_RO = [
    "ianuarie", "februarie", "martie", "aprilie", "mai", "iunie",
    "iulie", "august", "septembrie", "octombrie", "noiembrie", "decembrie",
]  # fmt: skip


@pytest.fixture
def demo(demo_data, db):
    """The demo, loaded once for this module."""


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_every_page_has_a_favicon(demo, client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    page = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg"', page)
    assert finders.find("favicon.svg")


def test_the_feed_link_of_a_filtered_calendar_keeps_the_filters(demo, client):
    today = clock.today()
    page = client.get(
        f"/calendar/{today.year}/{today.month}/?department=serviciul-buget"
    ).content.decode()
    head = page.split("</head>", 1)[0]
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="/feed\.atom\?'
        r'department=serviciul-buget"',
        head,
    )
    assert 'href="/feed.atom?department=serviciul-buget"' in page.split("</head>", 1)[1]
    assert "webcal://" in page and "/calendar.ics?department=serviciul-buget" in page


def test_the_feed_link_of_an_unfiltered_page_is_the_whole_feed(demo, client):
    head = client.get("/strategies/").content.decode().split("</head>", 1)[0]
    assert 'type="application/atom+xml" title="' in head and 'href="/feed.atom"' in head


def test_a_strategy_page_shows_the_year_asked_for(demo, this_year):
    last_year = this_year - 1
    assert AnnualProgram.objects.filter(year=last_year, status=ProgramStatus.PUBLISHED).exists()
    page = english().get(f"/strategies/smart-city/?year={last_year}").content.decode()
    assert f"Objectives with no item in {last_year}" in page
    assert f'<a href="?year={this_year}">{this_year}</a>' in page


@pytest.mark.parametrize("year", ["1999", "2031", "abc", "20260"])
def test_a_strategy_year_without_a_published_program_is_404(demo, client, year):
    assert client.get(f"/strategies/smart-city/?year={year}").status_code == 404


def test_romanian_dates_write_month_names_in_lower_case(demo, client, this_year):
    entry = AgendaEntry.objects.filter(outcome="adopted").order_by("pk").first()
    decision = Decision.objects.get(draft=entry.draft)
    pages = [
        f"/decisions/{decision.year}/{decision.number}/",
        f"/program/{this_year}/",
        f"/sittings/{entry.sitting_id}/",
    ]
    names = "|".join(m.capitalize() for m in MONTHS_RO)
    capitalised = re.compile(rf"\d{{1,2}} ({names}) \d{{4}}")
    for path in pages:
        text = client.get(path).content.decode()
        assert not capitalised.search(text), (path, capitalised.search(text))


def test_months_are_never_written_as_year_dash_month(demo, client, this_year):
    for path in (f"/program/{this_year}/", f"/program/{this_year - 1}/", "/search/?q=proiect"):
        text = client.get(path).content.decode()
        assert not re.search(r">\s*\d{4}-\d{2}\s*<", text), path


@pytest.mark.parametrize(
    ("figures", "text"),
    [
        ((20, 3, 1), "20 pentru, 3 împotrivă, 1 abținere"),
        ((20, 1, 2), "20 pentru, 1 împotrivă, 2 abțineri"),
        ((1, 0, 0), "1 pentru, 0 împotrivă, 0 abțineri"),
        ((20, 0, 20), "20 pentru, 0 împotrivă, 20 de abțineri"),
    ],
)
def test_vote_figures_agree_in_romanian(figures, text):
    from django.utils import translation

    with translation.override("ro"):
        assert votes_text(*figures) == text


def test_a_decisions_page_shows_its_votes_in_romanian(demo, client):
    from django.utils import translation

    entry = AgendaEntry.objects.filter(outcome="adopted").order_by("pk").first()
    decision = Decision.objects.get(draft=entry.draft)
    with translation.override("ro"):
        expected = votes_text(entry.votes_for, entry.votes_against, entry.abstentions)
    page = client.get(f"/decisions/{decision.year}/{decision.number}/").content.decode()
    assert expected in page


def test_an_api_404_speaks_romanian_and_names_no_model(demo, client):
    answer = client.get("/api/v1/items/999999/")
    assert answer.status_code == 404
    body = answer.json()
    assert "ProgramItem" not in str(body) and "query" not in str(body)
    assert body["detail"] == "Nu există."
