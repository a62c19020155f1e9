"""One conditional-GET helper for every public response (council/web/http.py): a weak ETag (what
a compressing proxy sends back), `If-None-Match: *` and `If-Modified-Since` are honoured by the
pages, the feeds, the API's lists and details, and the PDFs alike."""

import datetime as dt
import time

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from council.web.http import ProcessPages, process_pages
from program.models import ItemStatus
from workflows import clock, version
from workflows.errors import WorkflowError
from workflows.services import transition_fire

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_item, bring_to, council_decision):
    return bring_to(make_item(), ItemStatus.PUBLISHED)


def paths(item) -> list[str]:
    return [
        "/",
        f"/items/{item.pk}/",
        "/feed.atom",
        "/calendar.ics",
        "/api/v1/items/",
        f"/api/v1/items/{item.pk}/",
        "/api/v1/departments/",
    ]


def test_a_weak_etag_from_a_proxy_is_a_match(published):
    client = Client()
    for path in paths(published):
        first = client.get(path)
        assert first.status_code == 200, path
        weak = f"W/{first['ETag']}"
        assert client.get(path, HTTP_IF_NONE_MATCH=weak).status_code == 304, path


def test_any_etag_matches_a_star(published):
    client = Client()
    for path in paths(published):
        assert client.get(path, HTTP_IF_NONE_MATCH="*").status_code == 304, path


def test_if_modified_since_the_last_change_is_not_modified(published):
    client = Client()
    for path in paths(published)[:-1]:  # reference data carries no change time (ETag only)
        first = client.get(path)
        since = first["Last-Modified"]
        assert client.get(path, HTTP_IF_MODIFIED_SINCE=since).status_code == 304, path


def test_a_304_carries_the_validators(published):
    client = Client()
    first = client.get(f"/items/{published.pk}/")
    again = client.get(f"/items/{published.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]


# The page cache: the public version decides whether a cached page is current ---------------


def test_a_cached_page_costs_one_query_the_record_version(published):
    client = Client()
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert [q["sql"] for q in queries] == [queries[0]["sql"]]
    assert "workflows_publicversion" in queries[0]["sql"]


def test_with_a_shared_cache_a_hit_costs_no_query(published, settings):
    settings.PUBLIC_VERSION_CACHED = True
    client = Client()
    client.get(f"/items/{published.pk}/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"/items/{published.pk}/")
    assert again.status_code == 200 and len(queries) == 0


def test_with_a_shared_cache_a_hit_is_served_from_the_process_and_not_fetched_again(
    published, make_item, bring_to, settings, django_capture_on_commit_callbacks
):
    """The page's bytes come from this process's copy (the shared cache is asked only for the
    public version); the copy is served only while the public version is the same."""
    settings.PUBLIC_VERSION_CACHED = True
    process_pages.clear()
    client = Client()
    first = client.get("/feed.atom")
    cache.delete_many([key for key in process_pages.pages])  # the shared copies are gone
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/feed.atom")
    assert len(queries) == 0  # not rendered again
    assert again.content == first.content and again["ETag"] == first["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        bring_to(make_item(title="Un punct publicat mai târziu"), ItemStatus.PUBLISHED)
    assert "Un punct publicat mai târziu" in client.get("/feed.atom").content.decode()


def another_process_publishes() -> None:
    """What another process's change does to the shared cache: a new tag (version.fresh_tag)."""
    stored = version.read()
    cache.set(version.CACHE_KEY, version.Version(stored.number + 1, clock.now(), "elsewhere"))


def test_by_default_a_change_in_another_process_is_seen_by_the_next_hit(published, settings):
    settings.PUBLIC_VERSION_CACHED = True
    client = Client()
    first = client.get("/feed.atom")["ETag"]
    another_process_publishes()
    assert client.get("/feed.atom")["ETag"] != first


def test_a_process_may_keep_the_version_it_read_for_the_seconds_it_is_allowed(published, settings):
    settings.PUBLIC_VERSION_CACHED = True
    settings.PUBLIC_VERSION_LOCAL_SECONDS = 0.5
    client = Client()
    client.get("/feed.atom")
    first = client.get("/feed.atom")["ETag"]
    another_process_publishes()
    assert client.get("/feed.atom")["ETag"] == first  # within the half second
    time.sleep(0.6)
    assert client.get("/feed.atom")["ETag"] != first


def test_a_change_in_this_process_is_seen_at_once_whatever_it_may_keep(
    published, make_item, bring_to, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_VERSION_CACHED = True
    settings.PUBLIC_VERSION_LOCAL_SECONDS = 30
    client = Client()
    client.get("/feed.atom")
    with django_capture_on_commit_callbacks(execute=True):
        bring_to(make_item(title="Un punct publicat mai târziu"), ItemStatus.PUBLISHED)
    assert "Un punct publicat mai târziu" in client.get("/feed.atom").content.decode()


def test_the_process_copy_keeps_the_latest_pages_within_its_size():
    pages = ProcessPages(limit=800)
    for n in range(10):
        pages.put(f"page-{n}", (f"etag-{n}", b"x" * 100, "text/html", {}))
    assert pages.size <= 800
    assert pages.get("page-0", "etag-0") is None  # the oldest went first
    assert pages.get("page-9", "etag-9") is not None
    assert pages.get("page-9", "another etag") is None  # only under its own ETag


@pytest.mark.parametrize("shared", [False, True])
def test_any_change_through_a_service_makes_cached_pages_stale(
    published, make_item, bring_to, settings, shared, django_capture_on_commit_callbacks
):
    settings.PUBLIC_VERSION_CACHED = shared
    client = Client()
    first = client.get("/feed.atom")
    assert client.get("/feed.atom")["ETag"] == first["ETag"]
    before = version.current()
    with django_capture_on_commit_callbacks(execute=True):
        bring_to(make_item(title="Un punct publicat mai târziu"), ItemStatus.PUBLISHED)
    assert version.current().number > before.number
    second = client.get("/feed.atom", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert "Un punct publicat mai târziu" in second.content.decode()


def test_a_change_that_fails_leaves_the_version_as_it_was(published, users):
    before = version.current()
    with pytest.raises(WorkflowError):
        transition_fire(model=type(published), pk=published.pk, name="submit",
                        user=users["investitii"])  # fmt: skip
    assert version.current() == before


def test_a_page_is_another_page_the_next_day(published):
    client = Client()
    first = client.get("/")
    with time_machine.travel(clock.now() + dt.timedelta(days=1), tick=True):
        assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
