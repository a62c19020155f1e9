"""API tokens and the second factor: the findings were a token for user name and password alone
on an account with an authenticator app (also with REQUIRE_OTP_FOR_SECRETARIAT), that token
firing secretariat transitions, session API calls not held to the second factor, and tokens that
never expired."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from program.models import ItemStatus
from tests.conftest import PASSWORD
from tests.reliability.test_accounts import current_code, login
from workflows import clock

pytestmark = pytest.mark.django_db


def ask_token(api, username, **extra):
    return api.post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD, **extra}, format="json"
    )


def with_token(token: str) -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Token {token}")


@pytest.fixture
def device(users):
    return TOTPDevice.objects.create(user=users["secretariat"], name="app", confirmed=True)


def test_an_account_with_an_authenticator_app_gets_no_token_without_its_code(api, users, device):
    refused = ask_token(api, "secretariat")
    assert refused.status_code == 400
    assert "otp_token" in refused.json()["errors"]
    assert ask_token(api, "secretariat", otp_token="000000").status_code == 400
    assert not AuthToken.objects.exists()


def test_the_code_of_the_authenticator_app_gets_a_token_that_expires(api, users, device):
    response = ask_token(api, "secretariat", otp_token=current_code(device))
    assert response.status_code == 200, response.json()
    body = response.json()
    expiry = dt.datetime.fromisoformat(body["expiry"])
    assert dt.timedelta(hours=7) < expiry - clock.now() <= dt.timedelta(hours=8)


@override_settings(REQUIRE_OTP_FOR_SECRETARIAT=True)
def test_when_required_the_secretariat_without_a_second_factor_gets_no_token(api, users):
    refused = ask_token(api, "secretariat")
    assert refused.status_code == 403
    assert "compulsory" in refused.json()["detail"]
    assert ask_token(api, "investitii").status_code == 200  # departments are not bound


def test_a_token_stops_working_when_it_expires(api, users, make_item, bring_to):
    item = bring_to(make_item(), ItemStatus.SECRETARIAT_REVIEW)
    token = ask_token(api, "secretariat").json()["token"]
    client = with_token(token)
    assert client.get(f"/api/v1/items/{item.pk}/transitions/").status_code == 200
    with time_machine.travel(clock.now() + dt.timedelta(hours=8, minutes=1)):
        expired = client.post(f"/api/v1/items/{item.pk}/transitions/submit_to_council/")
        assert expired.status_code in (401, 403)
    item.refresh_from_db()
    assert item.status == ItemStatus.SECRETARIAT_REVIEW


def test_a_revoked_token_stops_working(api, users, client):
    token = ask_token(api, "secretariat").json()["token"]
    assert with_token(token).get("/api/v1/items/?status=draft").status_code == 200
    client.force_login(users["secretariat"])
    page = client.get("/staff/tokens/").content.decode()
    assert token[:8] in page
    client.post("/staff/tokens/", {"token_key": token[:15]})
    assert with_token(token).get("/api/v1/items/?status=draft").status_code in (401, 403)


def test_the_api_revokes_the_token_it_is_called_with(api, users):
    token = ask_token(api, "investitii").json()["token"]
    assert with_token(token).post("/api/v1/auth/logout/").status_code == 204
    assert with_token(token).get("/api/v1/items/?status=draft").status_code in (401, 403)


def test_a_staff_member_sees_only_their_own_tokens(api, users, client):
    mine = ask_token(api, "investitii").json()["token"]
    theirs = ask_token(api, "juridica").json()["token"]
    client.force_login(users["investitii"])
    page = client.get("/staff/tokens/").content.decode()
    assert mine[:8] in page and theirs[:8] not in page
    client.post("/staff/tokens/", {"token_key": theirs[:15]})
    assert with_token(theirs).get("/api/v1/items/?status=draft").status_code == 200


def test_a_session_without_its_code_cannot_use_the_api(users, device, make_item, bring_to):
    """A session that logged in before the authenticator app was set up is not verified."""
    item = bring_to(make_item(), ItemStatus.SECRETARIAT_REVIEW)
    session = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    session.force_login(users["secretariat"])
    refused = session.post(f"/api/v1/items/{item.pk}/transitions/submit_to_council/")
    assert refused.status_code == 403
    assert "authenticator app" in refused.json()["detail"]


@override_settings(REQUIRE_OTP_FOR_SECRETARIAT=True)
def test_when_required_a_verified_session_uses_the_api(client, users, device):
    assert login(client, "secretariat", PASSWORD, otp_token=current_code(device)).status_code == 302
    assert client.get("/api/v1/items/?status=draft").status_code == 200
