"""Romanian is written with ș and ț (comma below), never ş and ţ (cedilla), in every response:
our pages, Django's and its apps' own messages (login, forms, admin, API errors) included.

Each role's pages are crawled from its start page over the demo, following every link, and the
errors people meet are provoked on purpose: a wrong password, a form with a wrong number, an API
query with a wrong value, a page that does not exist.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from workflows import clock

CEDILLA = re.compile("[şţŞŢ]")
# Pages the crawl does not open: files, log-outs, the admin's sortings and filters of a list
# (the same words again), calendar months beyond the demo's years, filtered copies of a page.
SKIP = re.compile(
    r"^/(static|media)/|\.(pdf|ics|atom|csv|json|yaml|ico|png|svg)(\?|$)|/logout|/i18n/|"
    r"^/admin/.*\?|^/admin/.*/(delete|history)/|^/calendar/(?!(%s)/)|^/calendar/.*\?|"
    r"^/search/\?.*page="
)
LIMIT = 400


@pytest.fixture
def demo(demo_data, db):
    """The demo, loaded once for this module."""


def romanian(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ro")
    if user is not None:
        client.force_login(user)
    return client


def cedillas(text: str) -> list[str]:
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in CEDILLA.finditer(text)]


def crawl(client: Client, *starts: str, within: tuple[str, ...]) -> dict[str, list[str]]:
    """Every page reachable from `starts` under the prefixes `within`: path → cedilla excerpts."""
    years = "|".join(str(clock.today().year + shift) for shift in (-1, 0, 1))
    skip = re.compile(SKIP.pattern % years)
    seen: set[str] = set()
    queue = deque(starts)
    found: dict[str, list[str]] = {}
    while queue and len(seen) < LIMIT:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        if bad := cedillas(text):
            found[path] = bad
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)', text):
            href = urldefrag(href.replace("&amp;", "&")).url
            parts = urlsplit(href)
            if parts.netloc or not href.startswith("/") or skip.search(href):
                continue
            if href.startswith(within) and href not in seen:
                queue.append(href)
    assert len(seen) > 10, f"the crawl from {starts} found almost nothing: {sorted(seen)}"
    return found


def demo_user(username: str):
    return get_user_model().objects.get(username=username)


def test_public_pages_have_no_cedilla_letters(demo):
    assert crawl(romanian(), "/", "/strategies/", "/search/?q=buget", within=("/",)) == {}


@pytest.mark.parametrize("username", ["investitii", "secretariat", "admin"])
def test_staff_pages_of_each_role_have_no_cedilla_letters(demo, username):
    client = romanian(demo_user(username))
    assert crawl(client, "/staff/", "/staff/council/", within=("/staff/",)) == {}


@pytest.mark.parametrize("username", ["secretariat", "admin"])
def test_admin_pages_have_no_cedilla_letters(demo, username):
    client = romanian(demo_user(username))
    assert crawl(client, "/admin/", within=("/admin/",)) == {}


def test_django_login_errors_have_no_cedilla_letters(demo):
    client = romanian()
    for path in ("/staff/login/", "/admin/login/"):
        page = client.post(path, {"username": "secretariat", "password": "greșită"})
        text = page.content.decode()
        assert any(mark in text for mark in ('class="errorlist', 'role="alert"', "errornote")), path
        assert cedillas(text) == [], path


def test_django_form_errors_have_no_cedilla_letters(demo):
    from council.models import AgendaEntry

    entry = AgendaEntry.objects.filter(outcome="adopted").order_by("pk").first()
    client = romanian(demo_user("secretariat"))
    page = client.post(
        f"/staff/council/sittings/{entry.sitting_id}/entries/{entry.pk}/correct/",
        {"present": "douăzeci", "votes_for": "1.5", "votes_against": "", "abstentions": "-1"},
    )
    text = page.content.decode()
    assert page.status_code == 400
    assert "Introduceți un număr întreg" in text
    assert cedillas(text) == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/items/?page=zero",
        "/api/v1/items/?year=abc",
        "/api/v1/items/?status=nowhere",
        "/api/v1/items/999999/",
        "/api/v1/decisions/?adopted_after=31-12-2026",
        "/api/v1/nothing/",
        "/nothing/",
    ],
)
def test_api_and_page_errors_have_no_cedilla_letters(demo, path):
    response = romanian().get(path)
    assert response.status_code in (400, 404), path
    assert cedillas(response.content.decode()) == [], path


def test_api_validation_errors_have_no_cedilla_letters(demo):
    from rest_framework.test import APIClient

    client = APIClient(HTTP_ACCEPT_LANGUAGE="ro")
    client.force_authenticate(demo_user("investitii"))
    response = client.post(
        "/api/v1/items/", {"title": "", "year": "anul viitor", "planned_month": 13}
    )
    assert response.status_code == 400, response.content
    assert cedillas(response.content.decode()) == []


def test_the_admin_speaks_romanian_to_the_end(demo):
    """Model names, the admin's own chrome and the lockouts' pages are in Romanian."""
    from django.contrib import admin
    from django.utils import translation

    page = romanian(demo_user("admin")).get("/admin/").content.decode()
    assert "Salt la conținut" in page and "Skip to main content" not in page
    for model in admin.site._registry:
        with translation.override("en"):
            english = str(model._meta.verbose_name_plural).capitalize()
        with translation.override("ro"):
            local = str(model._meta.verbose_name_plural).capitalize()
        if english in page:
            assert english == local, f"{english} is shown in English in the Romanian admin"
