"""The long lists (a month, a strategy, the program, the search's items, drafts and decisions)
are written by the views, not by the template engine: what they show of a record is escaped like
any other value."""

from __future__ import annotations

import html

import pytest

from program.models import AnnualProgram, ProgramStatus
from tests.conftest import behind_the_services

pytestmark = pytest.mark.django_db

TITLE = 'Proiect <script>alert("x")</script> & „piețe”'
ESCAPED = "Proiect &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; „piețe”"


@pytest.fixture
def marked_item(make_item, bring_to, council_decision, committee):
    from program.models import ItemStatus

    item = bring_to(
        make_item(title=TITLE, legal_character="normative", committees=[committee]),
        ItemStatus.PUBLISHED,
    )
    # A shortcut: the program's own publication is not what these tests are about.
    with behind_the_services():
        AnnualProgram.objects.filter(pk=item.program_id).update(status=ProgramStatus.PUBLISHED)
    return item


def test_a_months_list_escapes_an_items_title(client, marked_item):
    year = marked_item.program.year
    page = client.get(f"/calendar/{year}/6/").content.decode()
    assert ESCAPED in page
    assert "<script>alert" not in page
    assert f'href="/items/{marked_item.pk}/"' in page


def test_a_strategys_page_escapes_an_items_title_under_its_objective_and_the_general_one(
    client, marked_item
):
    page = client.get(f"/strategies/smart-city/?year={marked_item.program.year}").content.decode()
    # Linked to SC-OG1-OS1.1, the item is listed there and under SC-OG1.
    assert page.count(ESCAPED) == 2
    assert "<script>alert" not in page


def test_the_program_page_escapes_an_items_title_and_names_its_objectives(client, marked_item):
    program = marked_item.program
    page = client.get(f"/program/{program.year}/").content.decode()
    assert ESCAPED in page
    assert "<script>alert" not in page
    assert '<abbr title="Servicii publice digitale">SC-OG1-OS1.1</abbr>' in page


def test_the_search_escapes_an_items_title(client, marked_item):
    page = client.get("/search/", {"q": "piețe"}).content.decode()
    assert f'<a href="/items/{marked_item.pk}/">' in page
    assert ESCAPED in page
    assert "<script>alert" not in page


def test_the_search_escapes_a_drafts_and_a_decisions_title(client, open_sitting, users):
    from council import services

    _sitting, (entry,) = open_sitting(1, title=TITLE)
    services.agenda_entry_vote(
        entry_id=entry.pk, user=users["secretariat"], present=25, votes_for=20,
        votes_against=3, abstentions=2,
    )  # fmt: skip
    decision = entry.draft.decision
    page = client.get("/search/", {"q": "piețe"}).content.decode()
    assert f'<a href="/drafts/{entry.draft.pk}/">PH {entry.draft.reference}</a> {ESCAPED}' in page
    assert TITLE in decision.title
    assert (
        f'<a href="/decisions/{decision.year}/{decision.number}/">HCL {decision.reference}</a> '
        f"{html.escape(decision.title)}"  # the decision's title quotes the draft's
    ) in page
    assert "<script>alert" not in page
