"""Search at page speed: on PostgreSQL each register is searched through a GIN index of its words
and ranked (a word in the title counts more than one in the body); a query's page is kept in the
page cache until something public changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from council.models import Decision, DraftDecision
from council.selectors import ranked_matches
from program.models import ItemStatus, ProgramItem

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search and its indexes: PostgreSQL"
)


@pytest.fixture
def published(make_item, bring_to, council_decision):
    def publish(**fields) -> ProgramItem:
        return bring_to(make_item(**fields), ItemStatus.PUBLISHED)

    return publish


@postgresql_only
def test_a_word_in_the_title_ranks_above_the_same_word_in_the_description(published):
    in_title = published(title="Proiect de hotărâre privind locurile de parcare de reședință")
    in_description = published(
        title="Proiect de hotărâre privind amenajarea spațiilor verzi",
        description="Cu locuri de parcare pentru vizitatori.",
    )
    assert in_description.pk > in_title.pk  # newest first would put it on top
    page = Client().get("/search/", {"q": "parcare"}).content.decode()
    assert page.index(f"/items/{in_title.pk}/") < page.index(f"/items/{in_description.pk}/")


@postgresql_only
@pytest.mark.parametrize(
    ("model", "index"),
    [
        (ProgramItem, "program_item_search"),
        (DraftDecision, "council_draft_search"),
        (Decision, "council_decision_search"),
    ],
)
def test_the_search_reads_the_index_of_words(model, index):
    """The query's expression is the indexed one, so PostgreSQL can answer from the index (the
    planner is told to avoid a sequential scan, which it prefers for a table this small)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = ranked_matches(model.objects.all(), "bugetul local", "-pk").explain()
    assert f"Bitmap Index Scan on {index}" in plan


def test_a_query_is_answered_from_the_cache_until_something_public_changes(published):
    first = published(title="Proiect de hotărâre privind iluminatul festiv")
    client = Client()
    assert f"/items/{first.pk}/" in client.get("/search/", {"q": "iluminatul"}).content.decode()
    with CaptureQueriesContext(connection) as served:
        page = client.get("/search/", {"q": "iluminatul"}).content.decode()
    assert f"/items/{first.pk}/" in page
    assert len(served) <= 1  # the public version's row, or nothing with a shared cache
    second = published(title="Proiect de hotărâre privind iluminatul stradal")
    page = client.get("/search/", {"q": "iluminatul"}).content.decode()
    assert f"/items/{first.pk}/" in page and f"/items/{second.pk}/" in page


def test_a_new_draft_item_is_not_found_and_does_not_refresh_the_cached_search(published, make_item):
    published(title="Proiect de hotărâre privind iluminatul festiv")
    client = Client()
    etag = client.get("/search/", {"q": "iluminatul"})["ETag"]
    hidden = make_item(title="Proiect de hotărâre privind iluminatul ascuns")
    again = client.get("/search/", {"q": "iluminatul"})
    assert again["ETag"] == etag
    assert f"/items/{hidden.pk}/" not in again.content.decode()
