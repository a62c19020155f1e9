"""HTTP behaviour of the public API: conditional requests, throttling, CORS, constant queries,
the OpenAPI schema and the offline documentation page."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import AnonRateThrottle

from program.models import ItemStatus


@pytest.fixture
def published(make_item, bring_to, council_decision):
    return bring_to(make_item(), ItemStatus.PUBLISHED)


def test_a_list_answers_304_to_a_matching_etag(api, published):
    first = api.get("/api/v1/items/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = api.get("/api/v1/items/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_the_etag_changes_when_the_data_changes(api, published, make_item, bring_to):
    before = api.get("/api/v1/items/")["ETag"]
    bring_to(make_item(), ItemStatus.PUBLISHED)
    response = api.get("/api/v1/items/", HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before


def test_the_etag_depends_on_the_filters(api, published):
    assert api.get("/api/v1/items/")["ETag"] != api.get("/api/v1/items/?month=6")["ETag"]


def test_a_detail_answers_304_and_if_modified_since(api, published):
    first = api.get(f"/api/v1/items/{published.pk}/")
    assert (
        api.get(f"/api/v1/items/{published.pk}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )
    assert (
        api.get(
            f"/api/v1/items/{published.pk}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        ).status_code
        == 304
    )


def test_staff_and_anonymous_copies_have_different_etags(api, api_as, users, published):
    assert (
        api.get("/api/v1/items/")["ETag"]
        != api_as(users["secretariat"]).get("/api/v1/items/")["ETag"]
    )


def test_anonymous_clients_are_throttled_with_retry_after(api, published, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [api.get("/api/v1/departments/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/departments/")
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"]
    cache.clear()


def test_read_endpoints_allow_any_origin(api, published):
    response = api.get("/api/v1/items/", HTTP_ORIGIN="https://portal.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_staff_endpoints_have_no_cors(api_as, users, published):
    client = api_as(users["secretariat"])
    response = client.get(
        f"/api/v1/items/{published.pk}/transitions/", HTTP_ORIGIN="https://evil.example"
    )
    assert "Access-Control-Allow-Origin" not in response
    token = client.options(
        "/api/v1/auth/token/",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in token


def test_cross_origin_writes_are_not_allowed(api, published):
    preflight = api.options(
        "/api/v1/items/",
        HTTP_ORIGIN="https://portal.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert "authorization" not in preflight.get("Access-Control-Allow-Headers", "")


@pytest.fixture
def many_items(db):
    call_command(
        "generate_load_data", "--years", "1", "--items-per-year", "700", stdout=io.StringIO()
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/items/",
        "/api/v1/drafts/",
        "/api/v1/decisions/",
        "/api/v1/sittings/",
        "/api/v1/objectives/",
        "/api/v1/programs/",
    ],
)
def test_a_list_costs_the_same_queries_for_1_and_500_rows(api, many_items, path):
    def queries(page_size):
        with CaptureQueriesContext(connection) as captured:
            assert api.get(path, {"page_size": page_size}).status_code == 200
        return len(captured)

    assert queries(1) == queries(500)


def test_the_items_list_needs_a_handful_of_queries(api, many_items):
    with CaptureQueriesContext(connection) as captured:
        body = api.get("/api/v1/items/", {"page_size": 500}).json()
    assert len(body["results"]) == 500
    assert len(captured) <= 8, [q["sql"][:120] for q in captured]


def test_the_schema_is_valid_openapi(api):
    from openapi_spec_validator import validate

    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_the_schema_documents_every_public_endpoint_and_filter(api):
    schema = json.loads(api.get("/api/v1/schema/", {"format": "json"}).content)
    for path in (
        "/api/v1/items/",
        "/api/v1/items/{id}/",
        "/api/v1/items/{id}/history/",
        "/api/v1/programs/",
        "/api/v1/programs/{year}/",
        "/api/v1/strategies/",
        "/api/v1/strategies/{slug}/",
        "/api/v1/objectives/",
        "/api/v1/departments/",
        "/api/v1/sittings/",
        "/api/v1/sittings/{id}/",
        "/api/v1/drafts/",
        "/api/v1/drafts/{id}/",
        "/api/v1/decisions/",
        "/api/v1/decisions/{id}/",
    ):
        assert path in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/items/"]["get"]["parameters"]}
    assert {
        "year",
        "month",
        "department",
        "strategy",
        "objective",
        "status",
        "q",
        "updated_since",
        "ordering",
        "page",
        "page_size",
    } <= parameters
    assert "ciornă" in schema["components"]["schemas"]["ItemStatusEnum"]["description"]


def test_the_documentation_page_works_offline(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger" in page.lower()
    assert "cdn." not in page and "unpkg" not in page and "jsdelivr" not in page
    assert "/static/drf_spectacular_sidecar/" in page


def test_errors_in_a_list_field_name_the_wrong_entries(api_as, users, program):
    response = api_as(users["investitii"]).post(
        "/api/v1/items/",
        {"title": "Punct", "planned_month": f"{program.year}-05", "objectives": [7, None]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["objectives"] == {"1": ["This field may not be null."]}


@pytest.mark.parametrize("format_", ["api", "csv"])
def test_an_error_is_json_whatever_format_was_asked_for(api, users, api_as, format_):
    for client in (api, api_as(users["investitii"])):
        response = client.get(f"/api/v1/councillors/?page=null&format={format_}")
        assert response.status_code in (400, 404)
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json() or "errors" in response.json()
