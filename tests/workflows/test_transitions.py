"""The transition service: conditions that explain themselves, comments, inputs, locking."""

import pytest
from django.core import mail

from program.models import DepartmentalInput, ItemStatus, ProgramItem
from program.services import item_input_give
from tests.conftest import behind_the_services
from workflows.errors import Conflict, Invalid, NotAllowed, UnknownTransition
from workflows.models import TransitionLog
from workflows.services import available_transitions, permitted_transitions, transition_fire


def fire(item, name, user, **kwargs):
    return transition_fire(model=ProgramItem, pk=item.pk, name=name, user=user, **kwargs)


def test_submit_without_objective_says_an_objective_is_missing(make_item, users):
    item = make_item(objectives=[])
    with pytest.raises(Invalid) as refused:
        fire(item, "submit", users["investitii"])
    assert refused.value.problems == ["Link the item to at least one strategy objective."]


def test_submit_asks_the_responsible_and_every_consulted_department(make_item, users):
    item = fire(make_item(), "submit", users["investitii"])
    asked = set(item.inputs.values_list("department__slug", flat=True))
    assert asked == {"investitii", "juridica"}
    assert item.submission_round == 1


def test_forward_names_the_department_whose_input_is_missing(make_item, users):
    item = fire(make_item(), "submit", users["investitii"])
    item_input_give(item_id=item.pk, user=users["investitii"], opinion="favourable", text="Da.")
    with pytest.raises(Invalid) as refused:
        fire(item, "forward_to_secretariat", users["investitii"])
    assert refused.value.problems == [
        "The input of Direcția Juridică, Legislație, Contencios Administrativ is missing."
    ]


def test_forward_is_allowed_once_every_input_is_given(make_item, users):
    item = fire(make_item(), "submit", users["investitii"])
    for name in ("investitii", "juridica"):
        item_input_give(item_id=item.pk, user=users[name], opinion="favourable", text="Da.")
    assert fire(item, "forward_to_secretariat", users["investitii"]).status == "secretariat_review"


@pytest.mark.parametrize("name", ["return_to_draft", "withdraw"])
def test_transitions_that_need_a_comment_refuse_to_run_without_one(
    make_item, bring_to, users, name
):
    item = bring_to(make_item(), ItemStatus.SECRETARIAT_REVIEW)
    with pytest.raises(Invalid, match="comment"):
        fire(item, name, users["secretariat"], comment="   ")
    item.refresh_from_db()
    assert item.status == ItemStatus.SECRETARIAT_REVIEW


def test_reject_needs_a_comment(make_item, bring_to, users):
    item = bring_to(make_item(), ItemStatus.SUBMITTED_TO_COUNCIL)
    with pytest.raises(Invalid):
        fire(item, "reject", users["secretariat"])


def test_returning_to_draft_and_submitting_again_asks_again(make_item, bring_to, users):
    item = bring_to(make_item(), ItemStatus.SECRETARIAT_REVIEW)
    fire(item, "return_to_draft", users["secretariat"], comment="Completați nota.")
    item = fire(item, "submit", users["investitii"])
    assert item.submission_round == 2
    current = DepartmentalInput.objects.filter(item=item, round=2)
    assert current.count() == 2
    assert not current.exclude(opinion="").exists()
    with pytest.raises(Invalid):
        fire(item, "forward_to_secretariat", users["investitii"])


def test_a_department_gives_its_input_only_once_per_round(make_item, users):
    item = fire(make_item(), "submit", users["investitii"])
    item_input_give(item_id=item.pk, user=users["juridica"], opinion="unfavourable", text="Nu.")
    with pytest.raises(Conflict):
        item_input_give(item_id=item.pk, user=users["juridica"], opinion="favourable", text="Da.")


def test_a_department_not_asked_cannot_give_input(make_item, users):
    item = fire(make_item(), "submit", users["investitii"])
    with pytest.raises(NotAllowed):
        item_input_give(item_id=item.pk, user=users["buget"], opinion="favourable", text="Da.")


def test_the_secretariat_does_not_give_departmental_input(make_item, users):
    item = fire(make_item(), "submit", users["investitii"])
    with pytest.raises(NotAllowed):
        item_input_give(item_id=item.pk, user=users["secretariat"], opinion="favourable", text="x")


def test_input_needs_a_text(make_item, users):
    item = fire(make_item(), "submit", users["investitii"])
    with pytest.raises(Invalid):
        item_input_give(item_id=item.pk, user=users["juridica"], opinion="favourable", text=" ")


def test_an_unknown_transition_is_reported_as_such(make_item, users):
    with pytest.raises(UnknownTransition):
        fire(make_item(), "teleport", users["secretariat"])


def test_submit_to_council_refused_once_the_programs_year_is_over(make_item, bring_to, users):
    item = bring_to(make_item(), ItemStatus.SECRETARIAT_REVIEW)
    item.program.year -= 1  # the same program, seen as last year's
    with behind_the_services():
        item.program.save()
    with pytest.raises(Invalid) as refused:
        fire(item, "submit_to_council", users["secretariat"])
    assert "is over" in refused.value.problems[0]


def test_approve_needs_the_council_decision_recorded(make_item, bring_to, users):
    item = bring_to(make_item(), ItemStatus.SUBMITTED_TO_COUNCIL)
    with pytest.raises(Invalid) as refused:
        fire(item, "approve", users["secretariat"])
    assert "approving the program" in refused.value.problems[0]


def test_a_stale_expected_state_is_a_conflict(make_item, bring_to, users):
    item = make_item()
    seen = item.status
    fire(item, "withdraw", users["investitii"], comment="Renunțăm.")
    with pytest.raises(Conflict) as refused:
        fire(item, "withdraw", users["secretariat"], comment="Și noi.", expected_state=seen)
    assert refused.value.current_state == "withdrawn"


def test_available_transitions_respect_role_and_conditions(make_item, users):
    item = make_item()
    assert [t.name for t in available_transitions(item, users["investitii"])] == [
        "submit",
        "withdraw",
    ]
    assert [t.name for t in available_transitions(item, users["secretariat"])] == ["withdraw"]
    assert available_transitions(item, users["buget"]) == []


def test_permitted_transitions_show_why_a_transition_is_blocked(make_item, users):
    item = fire(make_item(), "submit", users["investitii"])
    blocked = dict(
        (t.name, problems) for t, problems in permitted_transitions(item, users["investitii"])
    )
    assert blocked["forward_to_secretariat"] == [
        "The input of Direcția Investiții is missing.",
        "The input of Direcția Juridică, Legislație, Contencios Administrativ is missing.",
    ]
    assert blocked["withdraw"] == []


def test_a_refused_transition_changes_nothing(make_item, users):
    item = make_item()
    before = (TransitionLog.objects.count(), DepartmentalInput.objects.count())
    with pytest.raises(NotAllowed):
        fire(item, "submit", users["buget"])
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT
    assert (TransitionLog.objects.count(), DepartmentalInput.objects.count()) == before
    assert mail.outbox == []


def test_creation_is_logged(make_item, users):
    item = make_item()
    row = TransitionLog.objects.for_object(item).get()
    assert (row.transition, row.source, row.target, row.actor) == (
        "create", "", "draft", users["investitii"],
    )  # fmt: skip
