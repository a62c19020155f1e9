"""The public registers as a citizen finds them: sittings, decisions, the Monitorul Oficial
Local, search by what people type, and the home page that says what is next."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from council import services
from tests.conftest import moment

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def adopted(two_decisions):
    return two_decisions


@pytest.fixture
def coming(complete_draft, sitting, convene, users, today):
    """A sitting in ten days, convened today, with one draft on its agenda."""
    planned = sitting(day=today + dt.timedelta(days=10))
    draft = complete_draft(title="Proiect de hotărâre privind iluminatul public stradal")
    services.draft_put_on_agenda(
        draft_id=draft.pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convene(planned, moment(today))
    return planned, draft


def test_the_sittings_register_lists_coming_sittings_first(client, adopted, coming):
    page = client.get("/sittings/").content.decode()
    upcoming, past = page.split("<h2>", 2)[1:]
    assert f'href="/sittings/{coming[0].pk}/"' in upcoming
    assert f'href="/sittings/{adopted[0].pk}/"' in past


def test_the_sittings_register_counts_each_past_sittings_agenda(client, adopted, coming):
    past = client.get("/sittings/").content.decode().split("<h2>", 2)[2]
    row = past.split(f'href="/sittings/{adopted[0].pk}/"', 1)[1].split("</tr>", 1)[0]
    assert "2 puncte" in row


def test_the_sittings_register_filters_by_year_and_kind(client, adopted, today):
    sitting = adopted[0]
    assert (
        f"/sittings/{sitting.pk}/" in client.get(f"/sittings/?year={today.year}").content.decode()
    )
    assert f"/sittings/{sitting.pk}/" not in client.get("/sittings/?kind=ordinary").content.decode()
    assert client.get("/sittings/?year=1990").status_code == 404
    assert client.get("/sittings/?kind=secret").status_code == 404


def test_the_drafts_register_shows_a_place_on_an_agenda_once_the_sitting_is_convened(
    client, complete_draft, sitting, convene, users, today
):
    planned = sitting(day=today + dt.timedelta(days=10))
    draft = complete_draft(title="Proiect de hotărâre privind iluminatul public stradal")
    services.draft_put_on_agenda(
        draft_id=draft.pk, sitting_id=planned.pk, user=users["secretariat"]
    )

    def row() -> str:
        page = client.get("/drafts/", {"year": draft.year}).content.decode()
        return page.split(f'href="/drafts/{draft.pk}/"', 1)[1].split("</tr>", 1)[0]

    assert "În avizare" in row() and "ordinea de zi" not in row()
    convene(planned, moment(today))
    assert "Pe ordinea de zi" in row()


def test_the_drafts_register_links_an_adopted_draft_to_its_decision(client, adopted):
    decision = adopted[1][0]
    page = client.get("/drafts/", {"year": decision.draft.year}).content.decode()
    row = page.split(f'href="/drafts/{decision.draft_id}/"', 1)[1].split("</tr>", 1)[0]
    assert (
        f'<a href="/decisions/{decision.year}/{decision.number}/">HCL {decision.reference}' in row
    )


def test_the_decisions_register_finds_a_decision_by_what_people_type(client, adopted):
    _sitting, (first, second) = adopted
    for query in ("HCL 2", f"2/{second.year}", f"2/{second.adopted_on:%d.%m.%Y}", "hcls1 nr. 2"):
        page = client.get("/decisions/", {"q": query}).content.decode()
        assert f"/decisions/{second.year}/2/" in page, query
        assert f"/decisions/{first.year}/1/" not in page, query


def test_the_decisions_register_pages_and_refuses_a_page_that_does_not_exist(client, adopted):
    assert client.get("/decisions/?page=2").status_code == 404
    assert client.get("/decisions/?page=abc").status_code == 404
    assert client.get("/decisions/?status=lost").status_code == 404


def test_each_register_has_its_atom_feed(client, adopted):
    _sitting, decisions = adopted
    for path, expected in (
        ("/decisions/feed.atom", f"/decisions/{decisions[0].year}/1/"),
        ("/sittings/feed.atom", f"/sittings/{adopted[0].pk}/"),
        ("/drafts/feed.atom", f"/drafts/{decisions[0].draft_id}/"),
    ):
        response = client.get(path)
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)
        links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
        assert any(href.endswith(expected) for href in links), path


def test_the_mol_lists_the_councils_sections_in_the_annexs_order(client, adopted):
    page = client.get("/mol/").content.decode()
    positions = [page.index(f'id="{section}"') for section in
                 ("regulations", "decisions", "financial", "other")]  # fmt: skip
    assert positions == sorted(positions)
    assert 'href="/decisions/"' in page and 'href="/drafts/"' in page
    assert f"/decisions/{adopted[1][0].year}/1/" in page


def test_the_mol_keeps_the_register_of_the_secretar_generals_objections(client, adopted, users):
    _sitting, (first, _second) = adopted
    services.decision_record(
        decision_id=first.pk, user=users["secretariat"],
        secretary_objection="Obiecție de legalitate: lipsește avizul comisiei.",
    )  # fmt: skip
    assert "lipsește avizul comisiei" in client.get("/mol/").content.decode()


def test_every_decision_is_two_clicks_from_the_home_page(client, adopted):
    home = client.get("/").content.decode()
    assert 'href="/decisions/"' in home
    register = client.get("/decisions/").content.decode()
    for decision in adopted[1]:
        assert f'href="/decisions/{decision.year}/{decision.number}/"' in register


def test_the_home_page_shows_the_next_sitting_with_its_agenda(client, coming):
    sitting, draft = coming
    page = client.get("/").content.decode()
    assert f'href="/sittings/{sitting.pk}/"' in page
    assert draft.title in page


@pytest.mark.parametrize("query", ["HCL 1", "1/{year}", "1/{day}"])
def test_search_finds_a_decision_by_its_reference(client, adopted, query):
    decision = adopted[1][0]
    query = query.format(year=decision.year, day=f"{decision.adopted_on:%d.%m.%Y}")
    page = client.get("/search/", {"q": query}).content.decode()
    assert f"/decisions/{decision.year}/1/" in page


def test_search_finds_sittings_by_date_and_kind(client, adopted):
    sitting = adopted[0]
    day = f"{timezone.localtime(sitting.starts_at):%d.%m.%Y}"
    page = client.get("/search/", {"q": f"ședința din {day}"}).content.decode()
    assert f'href="/sittings/{sitting.pk}/"' in page
    page = client.get("/search/", {"q": "ședință de îndată"}).content.decode()
    assert f'href="/sittings/{sitting.pk}/"' in page
    assert (
        f'href="/sittings/{sitting.pk}/"'
        not in client.get("/search/", {"q": "ședință extraordinară"}).content.decode()
    )


def test_search_for_a_word_does_not_find_it_inside_another(client, coming):
    """ "ședință" does not find "reședință"."""
    page = Client().get("/search/", {"q": "stradal"}).content.decode()
    assert "iluminatul public stradal" in page
    assert (
        "iluminatul public stradal" not in Client().get("/search/", {"q": "radal"}).content.decode()
    )
