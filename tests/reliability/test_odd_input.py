"""Odd input gives a 400 that says what is wrong (JSON on the API), never a 500. The findings:
`?page=²` and `?page_size=²` on every list, deeply nested JSON on the token endpoint, `?year=²`
and `?item=abc` on staff pages, and a body over 2.5 MB answered with an HTML 400 on the API."""

import pytest
from django.test import Client

from tests.api.test_public_lists import list_operations

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("parameter", ["page", "page_size"])
def test_a_superscript_digit_is_not_a_page_number_on_any_list(api, api_as, users, parameter):
    staff = api_as(users["secretariat"])
    for path in list_operations(api):
        response = staff.get(path.replace("{id}", "1"), {parameter: "²"})
        assert response.status_code in (400, 404), path
        assert response["Content-Type"].startswith("application/json"), path


def test_deeply_nested_json_is_a_bad_request(api):
    body = "[" * 100_000 + "]" * 100_000
    response = api.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_a_body_too_large_for_the_api_is_answered_in_json(api):
    body = '{"username": "' + "a" * 3_000_000 + '", "password": "x"}'
    response = api.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "too large" in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/staff/council/drafts/?year=²",
        "/staff/council/decisions/?year=²",
        "/staff/council/drafts/new/?item=abc",
        "/staff/council/drafts/new/?item=999999999999999999999999",
    ],
)
def test_odd_parameters_on_staff_pages_are_not_errors(users, path):
    client = Client()
    client.force_login(users["secretariat"])
    client.raise_request_exception = False
    assert client.get(path).status_code in (200, 404)
