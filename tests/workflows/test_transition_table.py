"""For every (state, transition, role): allowed or refused, and what is logged."""

import pytest

from program.models import ItemStatus, ProgramItem
from workflows.errors import Conflict, NotAllowed
from workflows.models import TransitionLog
from workflows.services import transition_fire

S = ItemStatus
ROLES = ["owner", "consulted", "other_department", "secretariat", "admin"]
USERNAME = {
    "owner": "investitii",
    "consulted": "juridica",
    "other_department": "buget",
    "secretariat": "secretariat",
    "admin": "admin",
}
# transition: (source states, target, roles allowed)
RULES = {
    "submit": ([S.DRAFT], S.DEPARTMENTAL_INPUT, {"owner"}),
    "forward_to_secretariat": ([S.DEPARTMENTAL_INPUT], S.SECRETARIAT_REVIEW, {"owner"}),
    "return_to_draft": (
        [S.DEPARTMENTAL_INPUT, S.SECRETARIAT_REVIEW], S.DRAFT, {"owner", "secretariat"},
    ),
    "submit_to_council": ([S.SECRETARIAT_REVIEW], S.SUBMITTED_TO_COUNCIL, {"secretariat"}),
    "approve": ([S.SUBMITTED_TO_COUNCIL], S.APPROVED, {"secretariat"}),
    "reject": ([S.SUBMITTED_TO_COUNCIL], S.REJECTED, {"secretariat"}),
    "withdraw": (
        [S.DRAFT, S.DEPARTMENTAL_INPUT, S.SECRETARIAT_REVIEW, S.SUBMITTED_TO_COUNCIL],
        S.WITHDRAWN,
        {"owner", "secretariat"},
    ),
    "publish": ([S.APPROVED], S.PUBLISHED, {"secretariat"}),
}  # fmt: skip

CASES = [
    pytest.param(state, transition, role, id=f"{state}-{transition}-{role}")
    for state in S.values
    for transition in RULES
    for role in ROLES
]


@pytest.mark.parametrize(("state", "transition", "role"), CASES)
def test_transition_table(state, transition, role, make_item, bring_to, users, council_decision):
    item = bring_to(make_item(), state)
    user = users[USERNAME[role]]
    sources, target, allowed_roles = RULES[transition]
    log_before = TransitionLog.objects.for_object(item).count()

    def fire():
        return transition_fire(
            model=ProgramItem, pk=item.pk, name=transition, user=user, comment="Un motiv."
        )

    if state not in sources:
        with pytest.raises(Conflict) as refused:
            fire()
        assert refused.value.current_state == state
    elif role not in allowed_roles:
        with pytest.raises(NotAllowed):
            fire()
    else:
        fired = fire()
        assert fired.status == target
        row = TransitionLog.objects.for_object(item).latest("id")
        assert (row.transition, row.source, row.target, row.actor, row.comment) == (
            transition, state, target, user, "Un motiv.",
        )  # fmt: skip
        assert TransitionLog.objects.for_object(item).count() == log_before + 1
        return

    item.refresh_from_db()
    assert item.status == state
    assert TransitionLog.objects.for_object(item).count() == log_before
