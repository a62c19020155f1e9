"""Urgency at the edges of the law (issue 20): a normative draft's urgency procedure (Legea
52/2003, art. 7(13)), an urgent supplement to a convened agenda (art. 135(7)) and the agenda's
approval vote at the start of the sitting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from council import services
from council.models import AgendaEntry, Sitting
from tests.conftest import moment
from workflows.errors import Conflict, Invalid
from workflows.services import transition_fire

REASON = "Termenul finanțatorului expiră înaintea următoarei ședințe."


@pytest.fixture
def future_sitting(sitting, convene, complete_draft, users, today):
    planned = sitting(kind="ordinary", day=today + dt.timedelta(days=10))
    services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convene(planned, moment(today, 0))
    return Sitting.objects.get(pk=planned.pk)


def start_of(sitting: Sitting, minutes: int = 3) -> dt.datetime:
    return sitting.starts_at + dt.timedelta(minutes=minutes)


def supplement(future_sitting, complete_draft, users, reason=REASON) -> AgendaEntry:
    return services.draft_put_on_agenda(
        draft_id=complete_draft(title="Proiect de hotărâre privind o cerere de finanțare").pk,
        sitting_id=future_sitting.pk,
        user=users["secretariat"],
        supplement_reason=reason,
    )


def test_a_convened_agenda_takes_no_ordinary_addition(future_sitting, complete_draft, users):
    with pytest.raises(Conflict, match="only an urgent matter"):
        supplement(future_sitting, complete_draft, users, reason="")


def test_an_urgent_supplement_joins_a_convened_agenda_with_its_reason(
    future_sitting, complete_draft, users
):
    entry = supplement(future_sitting, complete_draft, users)
    assert entry.position == 2 and entry.supplement_reason == REASON


def test_no_supplement_once_the_sitting_has_started(future_sitting, complete_draft, users):
    with pytest.raises(Conflict, match="has started"):
        services.draft_put_on_agenda(
            draft_id=complete_draft().pk, sitting_id=future_sitting.pk,
            user=users["secretariat"], supplement_reason=REASON, at=start_of(future_sitting),
        )  # fmt: skip


def test_a_supplement_is_voted_only_after_the_agenda_is_approved(
    future_sitting, complete_draft, users
):
    entry = supplement(future_sitting, complete_draft, users)
    with pytest.raises(Conflict, match="approved the agenda"):
        services.agenda_entry_vote(
            entry_id=entry.pk, user=users["secretariat"], present=20, votes_for=20,
            votes_against=0, abstentions=0, at=start_of(future_sitting, 10),
        )  # fmt: skip
    services.sitting_agenda_vote(
        sitting_id=future_sitting.pk, user=users["secretariat"], votes_for=18, votes_against=1,
        abstentions=1, at=start_of(future_sitting),
    )  # fmt: skip
    voted = services.agenda_entry_vote(
        entry_id=entry.pk, user=users["secretariat"], present=20, votes_for=20, votes_against=0,
        abstentions=0, at=start_of(future_sitting, 10),
    )  # fmt: skip
    assert voted.outcome == "adopted"


def test_an_agenda_rejected_by_the_council_keeps_the_supplement_from_a_vote(
    future_sitting, complete_draft, users
):
    entry = supplement(future_sitting, complete_draft, users)
    sitting = services.sitting_agenda_vote(
        sitting_id=future_sitting.pk, user=users["secretariat"], votes_for=10, votes_against=10,
        abstentions=0, at=start_of(future_sitting),
    )  # fmt: skip
    assert sitting.agenda_approved is False
    with pytest.raises(Conflict, match="approved the agenda"):
        services.agenda_entry_vote(
            entry_id=entry.pk, user=users["secretariat"], present=20, votes_for=20,
            votes_against=0, abstentions=0, at=start_of(future_sitting, 10),
        )  # fmt: skip


def test_the_agenda_is_approved_by_the_majority_of_those_present(future_sitting, users):
    sitting = services.sitting_agenda_vote(
        sitting_id=future_sitting.pk, user=users["secretariat"], votes_for=11, votes_against=5,
        abstentions=5, at=start_of(future_sitting),
    )  # fmt: skip
    # 21 present (no attendance recorded: the 27 in office vote at most): 11 of 27 is not more
    # than half of those who could vote.
    assert sitting.agenda_present == 27 and sitting.agenda_approved is False


def test_the_agenda_vote_counts_those_present_from_the_attendance(
    future_sitting, councillors, users
):
    services.sitting_attendance_record(
        sitting_id=future_sitting.pk, user=users["secretariat"],
        present=[c.pk for c in councillors[:21]], at=start_of(future_sitting, 1),
    )  # fmt: skip
    sitting = services.sitting_agenda_vote(
        sitting_id=future_sitting.pk, user=users["secretariat"], votes_for=11, votes_against=5,
        abstentions=5, at=start_of(future_sitting),
    )  # fmt: skip
    assert sitting.agenda_present == 21 and sitting.agenda_approved is True


def test_more_agenda_votes_than_councillors_present_are_refused(future_sitting, users):
    with pytest.raises(Invalid, match="present"):
        services.sitting_agenda_vote(
            sitting_id=future_sitting.pk, user=users["secretariat"], votes_for=28,
            votes_against=0, abstentions=0, at=start_of(future_sitting),
        )  # fmt: skip


def test_the_agenda_is_voted_once_and_not_before_the_sitting(future_sitting, users, today):
    with pytest.raises(Conflict, match="not started"):
        services.sitting_agenda_vote(
            sitting_id=future_sitting.pk, user=users["secretariat"], votes_for=20,
            votes_against=0, abstentions=0, at=moment(today, 12),
        )  # fmt: skip
    services.sitting_agenda_vote(
        sitting_id=future_sitting.pk, user=users["secretariat"], votes_for=20, votes_against=0,
        abstentions=0, at=start_of(future_sitting),
    )  # fmt: skip
    with pytest.raises(Conflict, match="already"):
        services.sitting_agenda_vote(
            sitting_id=future_sitting.pk, user=users["secretariat"], votes_for=20,
            votes_against=0, abstentions=0, at=start_of(future_sitting, 4),
        )  # fmt: skip


def test_the_public_sitting_shows_the_supplement_and_the_agenda_vote(
    future_sitting, complete_draft, users
):
    supplement(future_sitting, complete_draft, users)
    services.sitting_agenda_vote(
        sitting_id=future_sitting.pk, user=users["secretariat"], votes_for=18, votes_against=1,
        abstentions=1, at=start_of(future_sitting),
    )  # fmt: skip
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(f"/sittings/{future_sitting.pk}/").content.decode()
    assert "Urgent supplement" in page and REASON in page
    assert "The agenda was approved: 18 for, 1 against, 1 abstention" in page
    body = client.get(f"/api/v1/sittings/{future_sitting.pk}/").json()
    assert body["agenda_vote"] == {
        "for": 18, "against": 1, "abstention": 1, "present": 27, "approved": True,
    }  # fmt: skip
    assert [entry["supplement_reason"] for entry in body["agenda"]] == ["", REASON]


# The urgency procedure of Legea 52/2003, art. 7(13) ----------------------------------------


@pytest.fixture
def normative(register, users, today):
    return register(
        legal_character="normative", at=moment(today - dt.timedelta(days=6)),
        title="Proiect de hotărâre privind monitorizarea calității aerului",
    )  # fmt: skip


def test_the_urgency_procedure_skips_the_thirty_working_days_with_a_public_reason(
    normative, users, today
):
    secretariat = users["secretariat"]
    services.draft_consultation_update(
        draft_id=normative.pk, user=secretariat, announced_on=today - dt.timedelta(days=5),
        recommendations_until=today - dt.timedelta(days=2),
        urgency_reason="Depășiri repetate ale valorilor-limită PM10.",
    )  # fmt: skip
    transition_fire(model=type(normative), pk=normative.pk, name="start_consultation",
                    user=secretariat, at=moment(today - dt.timedelta(days=5), 12))  # fmt: skip
    services.draft_consultation_update(
        draft_id=normative.pk, user=secretariat, recommendations_count=0
    )
    draft = transition_fire(model=type(normative), pk=normative.pk, name="send_for_opinions",
                            user=secretariat)  # fmt: skip
    assert draft.status == "in_review"
    page = Client().get(f"/drafts/{normative.pk}/").content.decode()
    assert "Depășiri repetate ale valorilor-limită PM10." in page
    body = Client().get(f"/api/v1/drafts/{normative.pk}/").json()
    assert body["consultation"]["urgency_reason"].startswith("Depășiri")
    assert body["consultation"]["earliest_opinions_date"] is None


def test_without_urgency_ten_days_for_recommendations_are_required(normative, users, today):
    with pytest.raises(Invalid, match="at least"):
        services.draft_consultation_update(
            draft_id=normative.pk, user=users["secretariat"],
            announced_on=today - dt.timedelta(days=5),
            recommendations_until=today - dt.timedelta(days=2),
        )  # fmt: skip


def test_urgency_is_decided_before_the_consultation_opens(normative, users, today):
    secretariat = users["secretariat"]
    services.draft_consultation_update(
        draft_id=normative.pk, user=secretariat, announced_on=today - dt.timedelta(days=5),
        recommendations_until=today + dt.timedelta(days=10),
    )  # fmt: skip
    transition_fire(model=type(normative), pk=normative.pk, name="start_consultation",
                    user=secretariat, at=moment(today - dt.timedelta(days=5), 12))  # fmt: skip
    with pytest.raises(Conflict, match="before the consultation"):
        services.draft_consultation_update(
            draft_id=normative.pk, user=secretariat, urgency_reason="Prea târziu."
        )
