"""A decision's life after adoption: in force on publication or notification, the prefect's
re-examination and action in court, suspension, annulment, amendment and repeal by later
decisions; every step through the one transition service, logged, and public."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from council import services
from council.documents import document_add
from council.models import Decision, DecisionStatus
from workflows.errors import Conflict, Invalid, NotAllowed
from workflows.models import TransitionLog
from workflows.services import transition_fire

HTML_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def decisions(two_decisions):
    return two_decisions[1]


def fire(decision, name, user, comment="Tribunalul București, dosar nr. 1/3/2026"):
    return transition_fire(model=Decision, pk=decision.pk, name=name, user=user, comment=comment)


def in_force(decision, users, today):
    return services.decision_record(
        decision_id=decision.pk, user=users["secretariat"], signed_on=today,
        countersigned_on=today, communicated_on=today, notified_on=today,
    )  # fmt: skip


def test_a_decision_is_in_force_once_published_or_notified(decisions, users, today):
    first = decisions[0]
    assert first.status == DecisionStatus.ADOPTED
    recorded = in_force(first, users, today)
    assert (recorded.status, recorded.in_force_on) == (DecisionStatus.IN_FORCE, today)
    assert TransitionLog.objects.for_object(first).filter(transition="enter_into_force").exists()


def test_entering_into_force_needs_the_publication_or_notification(decisions, users):
    with pytest.raises(Invalid, match="publication"):
        fire(decisions[0], "enter_into_force", users["secretariat"], comment="")


def test_the_prefects_action_in_court_suspends_it_and_the_court_decides(decisions, users, today):
    decision = in_force(decisions[0], users, today)
    with pytest.raises(Invalid, match="comment"):
        fire(decision, "contest", users["secretariat"], comment="")
    fire(decision, "contest", users["secretariat"])
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.CONTESTED
    with pytest.raises(Conflict):  # only a decision in force is suspended by a court order
        fire(decision, "suspend", users["secretariat"])
    fire(decision, "reinstate", users["secretariat"], comment="Acțiunea a fost respinsă.")
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.IN_FORCE


def test_an_annulment_needs_the_courts_ruling_among_its_documents(decisions, users, today):
    decision = in_force(decisions[0], users, today)
    fire(decision, "contest", users["secretariat"])
    with pytest.raises(Invalid, match="ruling"):
        fire(decision, "annul", users["secretariat"], comment="Sentința nr. 5/2026")
    ruling = io.BytesIO(HTML_PDF)
    ruling.name = "sentinta.pdf"
    document_add(user=users["secretariat"], record="decision", record_id=decision.pk,
                 kind="other", file=ruling, title="Sentința civilă nr. 5/2026")  # fmt: skip
    fire(decision, "annul", users["secretariat"], comment="Sentința nr. 5/2026, definitivă")
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.ANNULLED


def test_a_reexamination_is_asked_once_and_answered(decisions, users, today):
    decision = in_force(decisions[0], users, today)
    with pytest.raises(Invalid, match="No request"):
        fire(decision, "answer_reexamination", users["secretariat"], comment="Menținută.")
    fire(decision, "request_reexamination", users["secretariat"], comment="Adresa prefectului")
    with pytest.raises(Invalid, match="already waiting"):
        fire(decision, "request_reexamination", users["secretariat"], comment="Din nou")
    fire(decision, "answer_reexamination", users["secretariat"], comment="Menținută.")
    decision.refresh_from_db()
    assert (decision.status, decision.reexamination_open) == (DecisionStatus.IN_FORCE, False)


def test_a_later_decision_repeals_an_earlier_one(decisions, users, today):
    earlier, later = decisions
    with pytest.raises(Invalid, match="later decision"):
        fire(earlier, "repeal", users["secretariat"], comment="Abrogată")
    with pytest.raises(Conflict, match="not earlier"):
        services.decision_link(
            decision_id=earlier.pk, target_id=later.pk, relation="repeals",
            user=users["secretariat"],
        )  # fmt: skip
    services.decision_link(
        decision_id=later.pk, target_id=earlier.pk, relation="repeals", user=users["secretariat"]
    )
    earlier.refresh_from_db()
    assert earlier.status == DecisionStatus.REPEALED
    assert list(earlier.repealed_by.all()) == [later]
    with pytest.raises(Conflict, match="no longer be amended"):
        services.decision_link(
            decision_id=later.pk, target_id=earlier.pk, relation="amends",
            user=users["secretariat"],
        )  # fmt: skip


def test_an_amendment_is_a_link_both_ways_and_keeps_the_status(decisions, users):
    earlier, later = decisions
    services.decision_link(
        decision_id=later.pk, target_id=earlier.pk, relation="amends", user=users["secretariat"]
    )
    earlier.refresh_from_db()
    assert earlier.status == DecisionStatus.ADOPTED
    assert list(earlier.amended_by.all()) == [later]
    with pytest.raises(Conflict, match="already recorded"):
        services.decision_link(
            decision_id=later.pk, target_id=earlier.pk, relation="amends",
            user=users["secretariat"],
        )  # fmt: skip


def test_a_link_names_a_known_relation_and_decision(decisions, users):
    earlier, later = decisions
    with pytest.raises(Invalid):
        services.decision_link(
            decision_id=later.pk, target_id=earlier.pk, relation="replaces",
            user=users["secretariat"],
        )  # fmt: skip
    with pytest.raises(Invalid):
        services.decision_link(
            decision_id=later.pk, target_id=99999, relation="amends", user=users["secretariat"]
        )


def test_only_the_secretariat_records_a_decisions_life(decisions, users, today):
    decision = in_force(decisions[0], users, today)
    with pytest.raises(NotAllowed):
        fire(decision, "contest", users["investitii"])


def test_the_public_page_shows_the_status_the_links_and_the_events(decisions, users, today):
    earlier, later = decisions
    decision = in_force(earlier, users, today)
    fire(decision, "contest", users["secretariat"], comment="Dosar nr. 4127/3/2026")
    services.decision_link(
        decision_id=later.pk, target_id=earlier.pk, relation="amends", user=users["secretariat"]
    )
    page = Client().get(f"/decisions/{earlier.year}/{earlier.number}/").content.decode()
    assert "status-contested" in page
    assert "Dosar nr. 4127/3/2026" in page
    assert f"/decisions/{later.year}/{later.number}/" in page


def test_a_correction_reason_stays_off_the_public_page(decisions, users):
    entry = decisions[0].draft.agenda_entries.get()
    services.agenda_entry_vote_correct(
        entry_id=entry.pk, user=users["secretariat"], reason="NOTAINTERNA77", present=25,
        votes_for=21, votes_against=2, abstentions=2,
    )  # fmt: skip
    decision = decisions[0]
    page = Client().get(f"/decisions/{decision.year}/{decision.number}/").content.decode()
    assert "NOTAINTERNA77" not in page


def test_the_api_gives_the_status_and_the_links(api, decisions, users):
    earlier, later = decisions
    services.decision_link(
        decision_id=later.pk, target_id=earlier.pk, relation="repeals", user=users["secretariat"]
    )
    body = api.get(f"/api/v1/decisions/{earlier.pk}/").json()
    assert (body["status"], body["repealed_by"], body["amended_by"]) == ("repealed", [later.pk], [])
    assert api.get(f"/api/v1/decisions/{later.pk}/").json()["repeals"] == [earlier.pk]
    listed = api.get("/api/v1/decisions/?status=repealed").json()
    assert [row["id"] for row in listed["results"]] == [earlier.pk]
    assert api.get("/api/v1/decisions/?status=lost").status_code == 400


def test_the_api_finds_a_decision_by_its_reference(api, decisions):
    decision = decisions[1]
    for query in ("HCL 2", f"2/{decision.year}", f"2/{decision.adopted_on:%d.%m.%Y}"):
        body = api.get("/api/v1/decisions/", {"q": query}).json()
        assert [row["id"] for row in body["results"]] == [decision.pk], query


def test_the_staff_decision_page_offers_the_lifecycle_and_the_links(decisions, users, today):
    client = Client()
    client.force_login(users["secretariat"])
    decision = in_force(decisions[0], users, today)
    url = f"/staff/council/decisions/{decision.pk}/"
    assert 'value="contest"' in client.get(url).content.decode()
    answer = client.post(
        url + "transition/",
        {"transition": "contest", "comment": "Dosar 1/3/2026", "expected_state": "in_force"},
    )
    assert answer.status_code == 302
    later = decisions[1]
    answer = client.post(
        f"/staff/council/decisions/{later.pk}/link/",
        {"relation": "amends", "target": decision.pk},
    )
    assert answer.status_code == 302
    assert list(Decision.objects.get(pk=decision.pk).amended_by.all()) == [later]
