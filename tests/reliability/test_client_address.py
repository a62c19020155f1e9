"""The client's address, from one trusted source (council/net.py): the findings were a lockout
keyed on the proxy's address (five bad token requests from anywhere locked a staff account for
everyone) and a throttle that believed a client-set X-Forwarded-For."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from council.net import client_address
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # nginx, on the app server's network


def from_client(address: str, forged: str = "") -> APIClient:
    """A request that came through the proxy: it appends the address it saw."""
    chain = f"{forged}, {address}" if forged else address
    return APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain, HTTP_ACCEPT_LANGUAGE="en")


def token(client, password):
    return client.post(
        "/api/v1/auth/token/", {"username": "secretariat", "password": password}, format="json"
    )


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_a_lockout_holds_one_address_not_everyone(users):
    attacker, clerk = from_client("198.51.100.7"), from_client("203.0.113.20")
    for _ in range(5):
        token(attacker, "wrong-password")
    assert token(attacker, PASSWORD).status_code == 429
    assert token(clerk, PASSWORD).status_code == 200


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_an_address_written_by_the_client_is_not_believed(rf):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.20")
    assert client_address(request) == "203.0.113.20"
    garbage = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(garbage) == PROXY


def test_without_a_proxy_the_header_is_ignored(rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.20", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "203.0.113.20"


def test_the_throttle_cannot_be_escaped_by_changing_the_header(monkeypatch, departments):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [
        APIClient(REMOTE_ADDR="203.0.113.20", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        .get("/api/v1/departments/")
        .status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_client_has_its_own_throttle(monkeypatch, departments):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    first = [from_client("198.51.100.7").get("/api/v1/departments/").status_code for _ in range(3)]
    assert first == [200, 200, 429]
    assert from_client("203.0.113.20").get("/api/v1/departments/").status_code == 200


def test_the_secretariat_lifts_a_lockout_in_the_admin(client, users):
    from axes.models import AccessAttempt

    attacker = APIClient(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        token(attacker, "wrong-password")
    attempt = AccessAttempt.objects.get(username="secretariat")
    client.force_login(users["secretariat"])
    answer = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert answer.status_code == 302
    assert token(attacker, PASSWORD).status_code == 200
