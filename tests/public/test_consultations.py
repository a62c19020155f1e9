"""Citizens take part in the consultation of normative drafts (issue 21): the consultation's
pages, recommendations sent online and confirmed by e-mail through a real SMTP server, the
secretariat's register and answers, debate requests, and what is never public."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from council import participation
from council.models import DraftDecision, Recommendation
from council.web.participation import SIGNER
from tests.conftest import moment
from workflows import clock
from workflows.errors import Conflict
from workflows.models import TransitionLog

TEXT = "Propun ca termenul de implementare să fie redus la șase luni, cu etape publice."
PERSON = {"name": "Ioana Popescu", "email": "ioana.popescu@example.ro"}


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def shown_long_ago() -> str:
    with time_machine.travel(clock.now() - dt.timedelta(minutes=2)):
        return SIGNER.sign("shown")


def form_data(**overrides) -> dict:
    return {"text": TEXT, **PERSON, "organisation": "", "consent": "on",
            "shown": shown_long_ago(), "website": "", **overrides}  # fmt: skip


def send(draft, **overrides) -> tuple[Recommendation, str]:
    fields = {"text": TEXT, **PERSON, "consent": True, **overrides}
    return participation.recommendation_send(draft_id=draft.pk, **fields)


def test_an_open_consultation_is_listed_with_the_days_left(consultation, today):
    page = english().get("/consultations/").content.decode()
    assert f"/consultations/{consultation.pk}/" in page
    assert "(11 days left)" in page


def test_a_recommendation_goes_from_the_form_to_a_published_answer(
    consultation, smtp_server, users, django_capture_on_commit_callbacks
):
    client = english()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/consultations/{consultation.pk}/", form_data())
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert recommendation.received_at is None  # it counts once the address is confirmed
    (message,) = smtp_server.messages
    assert message["To"] == PERSON["email"] and recommendation.reference in message["Subject"]
    link = re.search(r"http://\S+/consultations/confirm/\S+/", message.get_content()).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert "confirmed and registered" in client.get(f"/{path}").content.decode()
    recommendation.refresh_from_db()
    assert recommendation.received_at is not None
    participation.recommendation_answer(
        recommendation_id=recommendation.pk, user=users["secretariat"], answer_kind="partly",
        answer="Termenul se reduce la nouă luni: achiziția nu se poate face mai repede.",
    )  # fmt: skip
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert TEXT in page and "Termenul se reduce la nouă luni" in page
    assert PERSON["name"] not in page and PERSON["email"] not in page


def test_an_unconfirmed_recommendation_does_not_count(consultation):
    send(consultation)
    body = english().get(f"/api/v1/consultations/{consultation.pk}/").json()
    assert body["recommendations_received"] == 0 and body["status"] == "open"


def test_a_confirmation_after_the_deadline_does_not_count(consultation, today):
    recommendation, token = send(consultation)
    late = moment(consultation.recommendations_until + dt.timedelta(days=1), 9)
    with pytest.raises(Conflict, match="after the consultation closed"):
        participation.recommendation_confirm(token=token, at=late)
    assert Recommendation.objects.get(pk=recommendation.pk).received_at is None


def test_a_closed_consultation_refuses_with_409(consultation, api):
    with time_machine.travel(moment(consultation.recommendations_until + dt.timedelta(days=1))):
        response = api.post(f"/api/v1/consultations/{consultation.pk}/recommendations/",
                            {"text": TEXT, **PERSON, "consent": True}, format="json")  # fmt: skip
        page = english().post(f"/consultations/{consultation.pk}/", form_data())
    assert response.status_code == 409 and "closed" in response.json()["detail"]
    assert page.status_code == 409
    assert not Recommendation.objects.exists()


def test_the_api_names_each_wrong_field(consultation, api):
    response = api.post(f"/api/v1/consultations/{consultation.pk}/recommendations/",
                        {"text": "Prea scurt", "name": "", "email": "nu-e-adresa",
                         "consent": False}, format="json")  # fmt: skip
    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"text", "email", "consent"}


def test_the_api_registers_a_recommendation_with_a_reference(consultation, api):
    response = api.post(f"/api/v1/consultations/{consultation.pk}/recommendations/",
                        {"text": TEXT, **PERSON, "consent": True}, format="json")  # fmt: skip
    assert response.status_code == 201
    assert response.json()["reference"] == Recommendation.objects.get().reference


def test_too_many_recommendations_from_one_address_are_refused_with_429(consultation, api):
    codes = [
        api.post(f"/api/v1/consultations/{consultation.pk}/recommendations/",
                 {"text": TEXT, **PERSON, "consent": True}, format="json").status_code
        for _ in range(participation.HOURLY_LIMIT + 1)
    ]  # fmt: skip
    assert codes[:-1] == [201] * participation.HOURLY_LIMIT and codes[-1] == 429


def test_a_filled_honeypot_or_a_form_sent_at_once_is_refused(consultation):
    client = english()
    trap = client.post(f"/consultations/{consultation.pk}/", form_data(website="http://x"))
    fast = client.post(f"/consultations/{consultation.pk}/",
                       form_data(shown=SIGNER.sign("shown")))  # fmt: skip
    assert trap.status_code == 400 and fast.status_code == 400
    assert "too fast" in fast.content.decode()
    assert not Recommendation.objects.exists()


def test_a_private_persons_name_and_email_are_never_public_an_organisations_name_is(
    consultation, users, api
):
    person, _token = send(consultation)
    group, _token2 = send(consultation, organisation="Asociația Pietonilor", email="a@example.ro")
    for recommendation, token in ((person, _token), (group, _token2)):
        participation.recommendation_confirm(token=token)
        participation.recommendation_answer(recommendation_id=recommendation.pk,
                                            user=users["secretariat"], answer_kind="rejected",
                                            answer="Nu se poate: bugetul anului.")  # fmt: skip
    bodies = [
        api.get(f"/api/v1/consultations/{consultation.pk}/").content.decode(),
        api.get("/api/v1/consultations/").content.decode(),
        english().get(f"/consultations/{consultation.pk}/").content.decode(),
        api.get(f"/api/v1/drafts/{consultation.pk}/").content.decode(),
    ]
    for body in bodies:
        assert PERSON["name"] not in body and PERSON["email"] not in body
        assert "a@example.ro" not in body
    assert "Asociația Pietonilor" in bodies[0] and "Asociația Pietonilor" in bodies[2]


def test_an_unanswered_recommendation_is_not_public(consultation, api):
    _recommendation, token = send(consultation, text=f"{TEXT} MARCAJ-NEPUBLICAT")
    participation.recommendation_confirm(token=token)
    for body in (api.get(f"/api/v1/consultations/{consultation.pk}/").content.decode(),
                 english().get(f"/consultations/{consultation.pk}/").content.decode()):  # fmt: skip
        assert "MARCAJ-NEPUBLICAT" not in body


def test_the_log_keeps_no_personal_data(consultation):
    recommendation, token = send(consultation)
    participation.recommendation_confirm(token=token)
    logged = str(list(TransitionLog.objects.for_object(recommendation).values("changes")))
    assert TEXT in logged and PERSON["email"] not in logged and PERSON["name"] not in logged


def test_the_secretariat_registers_a_paper_recommendation_and_answers_it(consultation, users):
    client = english()
    client.force_login(users["secretariat"])
    response = client.post(f"/staff/council/drafts/{consultation.pk}/recommendations/", {
        "channel": "paper", "received_on": clock.today().isoformat(), "name": "Ion Ionescu",
        "email": "", "organisation": "", "text": TEXT,
    })  # fmt: skip
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert recommendation.received_at is not None and recommendation.channel == "paper"
    response = client.post(
        f"/staff/council/drafts/{consultation.pk}/recommendations/{recommendation.pk}/answer/",
        {"answer_kind": "accepted", "answer": "Se preia în forma finală.", "publish": "on"},
    )
    assert response.status_code == 302
    assert DraftDecision.objects.get(pk=consultation.pk).recommendations_count == 1
    assert "Se preia în forma finală." in english().get(
        f"/consultations/{consultation.pk}/").content.decode()  # fmt: skip


def test_an_answer_needs_its_written_reason(consultation, users):
    recommendation, token = send(consultation)
    participation.recommendation_confirm(token=token)
    with pytest.raises(Exception, match="Write the answer"):
        participation.recommendation_answer(recommendation_id=recommendation.pk,
                                            user=users["secretariat"], answer_kind="rejected",
                                            answer=" ")  # fmt: skip


def test_a_debate_request_is_public_and_must_be_held_before_opinions(consultation, api, users):
    response = api.post(f"/api/v1/consultations/{consultation.pk}/debate-requests/", {
        "organisation": "Asociația Locatarilor Aviatorilor", "email": "contact@example.ro",
        "reason": "Regulamentul schimbă regimul parcărilor din tot cartierul.",
    }, format="json")  # fmt: skip
    assert response.status_code == 201
    body = api.get(f"/api/v1/consultations/{consultation.pk}/").json()
    assert body["debate"]["requested"] is True
    assert body["debate"]["requested_by"] == ["Asociația Locatarilor Aviatorilor"]
    assert "contact@example.ro" not in str(body)
    draft = DraftDecision.objects.get(pk=consultation.pk)
    assert draft.debate_requested and not draft.debate_held_on
