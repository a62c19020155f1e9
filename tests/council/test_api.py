"""The council's public registers through the API; the item's execution fields."""

import datetime as dt

import pytest

from council import services
from council.models import Decision
from program.models import ItemStatus
from tests.council.conftest import moment
from workflows.errors import Invalid


def test_a_planned_sitting_is_not_public(api, sitting):
    planned = sitting()
    assert api.get(f"/api/v1/sittings/{planned.pk}/").status_code == 404
    assert api.get("/api/v1/sittings/").json()["count"] == 0


def test_a_convened_sitting_shows_its_agenda(api, complete_draft, users, sitting, convene, today):
    planned = sitting(day=today + dt.timedelta(days=10))
    draft = complete_draft()
    services.draft_put_on_agenda(
        draft_id=draft.pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convene(planned, moment(today))
    body = api.get(f"/api/v1/sittings/{planned.pk}/").json()
    assert body["status"] == "convened"
    assert body["kind"] == "ordinary"
    assert body["convened_on"] == today.isoformat()
    assert body["agenda"] == [
        {
            "position": 1,
            "title": draft.title,
            "draft": draft.pk,
            "item": None,
            "majority": "simple",
            "present": None,
            "votes": None,
            "outcome": "",
            "supplement_reason": "",
            "ballot": "open",
            "not_voting": 0,
            "roll_call": [],
        }
    ]
    assert body["attendance"] == []


@pytest.fixture
def adopted(users, complete_draft, sitting, convene, today):
    """A complete draft adopted today at an emergency sitting: 20 for, 3 against, 2 abstentions."""
    planned = sitting(kind="emergency", hour=0)
    entry = services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convene(planned, moment(today, 0))
    services.agenda_entry_vote(
        entry_id=entry.pk,
        user=users["secretariat"],
        present=25,
        votes_for=20,
        votes_against=3,
        abstentions=2,
    )
    return planned


def test_votes_and_decisions_are_public_after_the_vote(api, adopted, today):
    planned = adopted
    agenda = api.get(f"/api/v1/sittings/{planned.pk}/").json()["agenda"]
    assert agenda[0]["votes"] == {"for": 20, "against": 3, "abstentions": 2}
    assert agenda[0]["outcome"] == "adopted"
    decisions = api.get("/api/v1/decisions/").json()
    assert decisions["count"] == 1
    decision = decisions["results"][0]
    assert (decision["number"], decision["year"]) == (1, today.year)
    assert decision["communication_due"]
    assert api.get(f"/api/v1/decisions/?year={today.year - 1}").json()["count"] == 0


def test_the_register_of_drafts_is_public_from_registration(api, register):
    draft = register()
    body = api.get(f"/api/v1/drafts/{draft.pk}/").json()
    assert body["number"] == 1 and body["stage"] == "registered"
    assert body["department"]["slug"] == "investitii"


def test_bad_year_filters_are_400(api):
    for path in ("/api/v1/sittings/", "/api/v1/drafts/", "/api/v1/decisions/"):
        response = api.get(f"{path}?year=soon")
        assert response.status_code == 400
        assert "year" in response.json()["errors"]
    assert api.get("/api/v1/sittings/?kind=secret").status_code == 400


def test_an_items_progress_sitting_and_decision_in_the_api(
    api, users, published_item, committee, sitting, convene, today
):
    secretariat = users["secretariat"]
    draft = services.draft_from_item(
        item=published_item,
        user=secretariat,
        statement="Referat.",
        at=moment(today - dt.timedelta(days=90)),
    )
    assert api.get(f"/api/v1/items/{published_item.pk}/").json()["progress"] == "registered"
    services.draft_consultation_update(
        draft_id=draft.pk,
        user=secretariat,
        announced_on=today - dt.timedelta(days=80),
        recommendations_until=today - dt.timedelta(days=60),
        recommendations_count=2,
    )
    from workflows.services import transition_fire

    transition_fire(model=type(draft), pk=draft.pk, name="start_consultation", user=secretariat)
    transition_fire(model=type(draft), pk=draft.pk, name="send_for_opinions", user=secretariat)
    for kind, c in (("department_report", None), ("committee", committee), ("legality", None)):
        services.draft_opinion_record(
            draft_id=draft.pk,
            user=secretariat,
            kind=kind,
            favourable=True,
            given_on=today,
            committee=c,
        )
    planned = sitting(kind="emergency", hour=0)
    entry = services.draft_put_on_agenda(draft_id=draft.pk, sitting_id=planned.pk, user=secretariat)
    convene(planned, moment(today, 0))
    services.agenda_entry_vote(
        entry_id=entry.pk,
        user=secretariat,
        present=25,
        votes_for=20,
        votes_against=3,
        abstentions=2,
    )
    body = api.get(f"/api/v1/items/{published_item.pk}/").json()
    assert body["progress"] == "adopted"
    assert body["sitting"] == planned.pk
    assert body["decision"] == Decision.objects.get().pk
    assert body["overdue"] is False
    draft_body = api.get(f"/api/v1/drafts/{draft.pk}/").json()
    assert draft_body["item"] == published_item.pk
    assert draft_body["consultation"]["recommendations_count"] == 2
    assert draft_body["outcome"] == "adopted"


@pytest.mark.on_day("2026-11-29")
def test_an_item_whose_month_passed_without_outcome_is_overdue(
    api, make_item, bring_to, council_decision
):
    late = bring_to(make_item(planned_month=10), ItemStatus.PUBLISHED)
    this_month = bring_to(make_item(planned_month=11), ItemStatus.PUBLISHED)
    assert api.get(f"/api/v1/items/{late.pk}/").json()["overdue"] is True
    assert api.get(f"/api/v1/items/{this_month.pk}/").json()["overdue"] is False


def adopt(users, complete_draft, sitting, convene, today, **draft):
    """Adopt a complete draft at an emergency sitting today; return its decision."""
    planned = sitting(kind="emergency", hour=0)
    entry = services.draft_put_on_agenda(
        draft_id=complete_draft(**draft).pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convene(planned, moment(today, 0))
    services.agenda_entry_vote(
        entry_id=entry.pk, user=users["secretariat"], present=25, votes_for=20, votes_against=3,
        abstentions=2,
    )  # fmt: skip
    return Decision.objects.get(draft_id=entry.draft_id)


@pytest.fixture
def approving(users, complete_draft, sitting, convene, today, program):
    """A decision adopted from a draft that approves this year's program."""
    return adopt(users, complete_draft, sitting, convene, today, program=program)


def test_the_program_is_approved_by_a_decision_of_the_register(
    api_as, users, make_item, bring_to, program, approving, today
):
    decision = approving
    bring_to(make_item(), ItemStatus.SUBMITTED_TO_COUNCIL)
    client = api_as(users["secretariat"])
    response = client.post(
        f"/api/v1/programs/{program.year}/approve/", {"decision": decision.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["approved_by"] == {
        "id": decision.pk,
        "number": 1,
        "date": today.isoformat(),
        "version": 1,
    }
    missing = client.post(
        f"/api/v1/programs/{program.year}/approve/", {"decision": 99999}, format="json"
    )
    assert missing.status_code == 404
    both = client.post(
        f"/api/v1/programs/{program.year}/approve/",
        {"decision": decision.pk, "decision_number": 3},
        format="json",
    )
    assert both.status_code == 400


def test_a_decision_that_does_not_approve_this_program_is_refused(
    api_as, users, make_item, bring_to, program, adopted
):
    unrelated = Decision.objects.get()  # adopted from a draft about something else
    bring_to(make_item(), ItemStatus.SUBMITTED_TO_COUNCIL)
    response = api_as(users["secretariat"]).post(
        f"/api/v1/programs/{program.year}/approve/", {"decision": unrelated.pk}, format="json"
    )
    assert response.status_code == 400
    assert "was not adopted from a draft approving" in response.json()["problems"][0]


def test_one_decision_approves_one_program(
    users, make_item, bring_to, program, approving, complete_draft
):
    from council.services import program_approve
    from program.services import program_open, program_publish

    bring_to(make_item(), ItemStatus.SUBMITTED_TO_COUNCIL)
    program_approve(year=program.year, user=users["secretariat"], decision=approving)
    program_publish(year=program.year, user=users["secretariat"])
    bring_to(make_item(planned_month=12), ItemStatus.SUBMITTED_TO_COUNCIL)
    with pytest.raises(Invalid) as refused:  # the same decision for an amendment
        program_approve(year=program.year, user=users["secretariat"], decision=approving)
    assert "already approved version 1" in " ".join(refused.value.problems)
    other = program_open(year=program.year + 1, user=users["secretariat"])
    with pytest.raises(Invalid):
        program_approve(year=other.year, user=users["secretariat"], decision=approving)


def test_a_decision_before_the_register_cannot_be_one_of_the_register(
    users, make_item, bring_to, program, approving
):
    from council.services import program_approve

    bring_to(make_item(), ItemStatus.SUBMITTED_TO_COUNCIL)
    for number, day, reason in (
        (approving.number, approving.adopted_on, "is in the council's register"),
        (999, approving.adopted_on, "holds every decision since"),
    ):
        with pytest.raises(Invalid) as refused:
            program_approve(
                year=program.year, user=users["secretariat"], decision_number=number,
                decision_date=day,
            )  # fmt: skip
        assert reason in " ".join(refused.value.problems)
    older = approving.adopted_on - dt.timedelta(days=400)
    version = program_approve(
        year=program.year, user=users["secretariat"], decision_number=999, decision_date=older
    )
    assert version.decided_before_the_register
