"""Staff accounts: strong passwords, lockout after repeated failures, sessions that end, the
admin for staff only, and optional two-factor authentication for the secretariat."""

import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from program import roles
from program.accounts import AccountError, staff_user_save
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password, **extra):
    return client.post(
        "/staff/login/", {"username": username, "password": password, **extra}, follow=False
    )


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("scurt-1", "too short"),
        ("123456789012345", "entirely numeric"),
        ("password1234", "too common"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(departments, password, reason):
    with pytest.raises(AccountError, match=reason):
        staff_user_save(username="nou", role=roles.SECRETARIAT, password=password)


def test_adduser_refuses_a_weak_password_and_creates_nobody(departments, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    with pytest.raises(CommandError, match="too short"):
        call_command("adduser", "slab", "--role", "secretariat", "--password-stdin")
    assert not get_user_model().objects.filter(username="slab").exists()


def test_a_good_password_logs_in(client, users):
    response = login(client, "investitii", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(client, users):
    for _ in range(4):
        assert login(client, "investitii", "wrong-password").status_code == 200
    assert login(client, "investitii", "wrong-password").status_code == 429  # the fifth
    response = login(client, "investitii", PASSWORD)
    assert response.status_code == 429
    assert "Prea multe încercări eșuate de conectare" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_a_lockout_does_not_touch_other_accounts(client, users):
    for _ in range(5):
        login(client, "investitii", "wrong-password")
    assert login(client, "juridica", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, users):
    for _ in range(4):
        login(client, "investitii", "wrong-password")
    assert login(client, "investitii", PASSWORD).status_code == 302
    client.post("/staff/logout/")
    for _ in range(4):
        login(client, "investitii", "wrong-password")
    assert login(client, "investitii", PASSWORD).status_code == 302


def test_an_administrator_can_lift_a_lockout(client, users):
    for _ in range(5):
        login(client, "investitii", "wrong-password")
    call_command("axes_reset_username", "investitii", stdout=io.StringIO())
    assert login(client, "investitii", PASSWORD).status_code == 302


def test_the_token_endpoint_is_locked_out_too_and_answers_json(api, users):
    def token(password):
        return api.post(
            "/api/v1/auth/token/", {"username": "investitii", "password": password}, format="json"
        )

    for _ in range(5):
        assert token("wrong").status_code in (400, 429)
    response = token(PASSWORD)
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.json()["detail"]


def test_sessions_last_a_working_day(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY


@override_settings(SESSION_IDLE_SECONDS=60)
def test_an_idle_session_ends_and_asks_to_log_in_again(client, users):
    assert login(client, "investitii", PASSWORD).status_code == 302
    assert client.get("/staff/").status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 61
    session.save()
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
    assert client.get("/staff/").status_code == 302  # logged out for good


def test_a_department_clerk_cannot_use_the_admin(client, users):
    client.force_login(users["investitii"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_secretariat_can_use_the_admin(client, users):
    client.force_login(users["secretariat"])
    assert client.get("/admin/").status_code == 200


def test_a_clerk_sets_up_an_authenticator_app(client, users):
    client.force_login(users["investitii"])
    page = client.get("/staff/otp/")
    assert page.status_code == 200
    assert b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=users["investitii"], confirmed=False)
    wrong = client.post("/staff/otp/", {"otp_token": "000000"})
    assert "Codul nu este valid" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second
    response = client.post("/staff/otp/", {"otp_token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_an_account_with_a_second_factor_needs_the_code_to_log_in(client, users):
    device = TOTPDevice.objects.create(user=users["secretariat"], name="app", confirmed=True)
    response = login(client, "secretariat", PASSWORD)
    assert response.status_code == 200
    assert "introduceți codul din aplicația de autentificare" in response.content.decode()
    response = login(client, "secretariat", PASSWORD, otp_token="123456")
    assert response.status_code == 200
    device.refresh_from_db()
    device.throttle_reset()
    response = login(client, "secretariat", PASSWORD, otp_token=current_code(device))
    assert response.status_code == 302


def test_accounts_without_a_second_factor_log_in_with_the_password_alone(client, users):
    TOTPDevice.objects.create(user=users["secretariat"], name="app", confirmed=True)
    assert login(client, "investitii", PASSWORD).status_code == 302


@override_settings(REQUIRE_OTP_FOR_SECRETARIAT=True)
def test_when_required_the_secretariat_must_set_up_a_second_factor(client, users):
    client.force_login(users["secretariat"])
    response = client.get("/staff/council/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/otp/")
    assert client.get("/admin/").status_code == 302


@override_settings(REQUIRE_OTP_FOR_SECRETARIAT=True)
def test_when_required_the_verified_secretariat_works_normally(client, users):
    device = TOTPDevice.objects.create(user=users["secretariat"], name="app", confirmed=True)
    assert login(client, "secretariat", PASSWORD, otp_token=current_code(device)).status_code == 302
    assert client.get("/staff/council/").status_code == 200


@override_settings(REQUIRE_OTP_FOR_SECRETARIAT=True)
def test_the_requirement_does_not_apply_to_departments(client, users):
    client.force_login(users["investitii"])
    assert client.get("/staff/").status_code == 200


@pytest.mark.parametrize("body", [[], "text", {"username": ["a"], "password": 1}])
def test_the_token_endpoint_refuses_malformed_bodies_with_400(api, users, body):
    assert api.post("/api/v1/auth/token/", body, format="json").status_code == 400
