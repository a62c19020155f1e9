"""E-mail alerts (issue 21): double opt-in, a daily digest of what became public that matches,
one-click unsubscribe (also the List-Unsubscribe header), sent through a real SMTP server on
loopback by the task, and addresses kept only while the subscription lives."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from council import alerts
from council.models import Subscription
from tests.conftest import moment
from workflows import clock

ADDRESS = "cititor@example.ro"


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def convened_with(draft, sitting, convene, users, today):
    """A sitting in ten days, with `draft` on its agenda, convened today."""
    from council import services

    planned = sitting(day=today + dt.timedelta(days=10))
    services.draft_put_on_agenda(
        draft_id=draft.pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convene(planned, moment(today, 9))
    return planned


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def link_in(message, part: str) -> str:
    return re.search(rf"http://\S+/alerts/{part}/\S+/", message.get_content()).group(0)


@pytest.fixture
def confirmed(smtp_server, django_capture_on_commit_callbacks, departments):
    """Someone subscribed to Direcția Investiții and confirmed through the e-mail's link."""
    client = english()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/alerts/",
            {"email": ADDRESS, "topic": "department", "department": "investitii"},
        )
    assert response.status_code == 302
    (message,) = smtp_server.messages
    assert message["To"] == ADDRESS
    page = client.get(path_of(link_in(message, "confirm"))).content.decode()
    assert "Confirmed" in page
    smtp_server.messages.clear()
    return Subscription.objects.get()


def test_nothing_is_sent_before_the_address_is_confirmed(
    smtp_server, django_capture_on_commit_callbacks, complete_draft, sitting, convene, today, users
):
    with django_capture_on_commit_callbacks(execute=True):
        alerts.subscribe(email=ADDRESS, topic="all")
    smtp_server.messages.clear()
    convened_with(complete_draft(), sitting, convene, users, today)
    with time_machine.travel(moment(today + dt.timedelta(days=1), 7)):
        alerts.send_alert_digests.call()
    assert smtp_server.messages == []


def test_the_digest_sends_what_matches_with_a_one_click_unsubscribe(
    confirmed, smtp_server, complete_draft, sitting, convene, users, today
):
    draft = complete_draft(title="Proiect de hotărâre privind parcările de reședință")
    planned = convened_with(draft, sitting, convene, users, today)
    with time_machine.travel(moment(today + dt.timedelta(days=1), 7)):
        alerts.send_alert_digests.call()
    (message,) = smtp_server.messages
    body = message.get_content()
    assert "Sittings convened" in body and f"/sittings/{planned.pk}/" in body
    unsubscribe = link_in(message, "unsubscribe")
    assert str(message["List-Unsubscribe"]).strip() == f"<{unsubscribe}>"
    assert str(message["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"
    # One click: a mail client POSTs to the link, without a form or a cookie.
    response = Client(enforce_csrf_checks=True).post(path_of(unsubscribe))
    assert response.status_code == 200
    assert not Subscription.objects.filter(email=ADDRESS).exists()


def test_a_digest_skips_what_does_not_match(
    confirmed, smtp_server, complete_draft, sitting, convene, users, today, departments
):
    draft = complete_draft(department=departments["juridica"])
    convened_with(draft, sitting, convene, users, today)
    with time_machine.travel(moment(today + dt.timedelta(days=1), 7)):
        alerts.send_alert_digests.call()
    assert smtp_server.messages == []


def test_each_day_is_sent_once(confirmed, smtp_server, sitting, convene, today, complete_draft,
                               users):  # fmt: skip
    convened_with(complete_draft(), sitting, convene, users, today)
    with time_machine.travel(moment(today + dt.timedelta(days=1), 7)):
        alerts.send_alert_digests.call()
        alerts.send_alert_digests.call()
    assert len(smtp_server.messages) == 1


def test_an_unconfirmed_subscription_is_deleted_after_a_week(smtp_server, db):
    alerts.subscribe(email=ADDRESS, topic="all")
    with time_machine.travel(clock.now() + dt.timedelta(days=8)):
        alerts.send_alert_digests.call()
    assert not Subscription.objects.exists()


def test_a_bad_address_or_an_unknown_topic_is_a_form_error(departments):
    client = english()
    bad = client.post("/alerts/", {"email": "nu-e-adresa", "topic": "all"})
    unknown = client.post("/alerts/", {"email": ADDRESS, "topic": "department",
                                       "department": "nu-exista"})  # fmt: skip
    short = client.post("/alerts/", {"email": ADDRESS, "topic": "keyword", "keyword": "ab"})
    assert bad.status_code == unknown.status_code == short.status_code == 400
    assert "3 to 60 characters" in short.content.decode()
    assert not Subscription.objects.exists()


def test_a_forged_link_does_nothing(confirmed):
    assert english().get("/alerts/unsubscribe/forged:1:2/").status_code == 404
    assert english().get("/alerts/confirm/forged/").status_code == 400
    assert Subscription.objects.exists()


def test_subscribers_addresses_are_never_public(confirmed, api):
    for path in ("/", "/alerts/", "/api/v1/consultations/", "/feed.atom", "/sittings/"):
        assert ADDRESS not in english().get(path).content.decode()
