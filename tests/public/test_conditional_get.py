"""One conditional-GET helper for every public response (council/web/http.py): a weak ETag (what
a compressing proxy sends back), `If-None-Match: *` and `If-Modified-Since` are honoured by the
pages, the feeds, the API's lists and details, and the PDFs alike."""

import pytest
from django.test import Client

from program.models import ItemStatus

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
