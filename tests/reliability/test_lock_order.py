"""One lock order for every writer (workflows/audit.py): the audit chain's lock, then the rows.
The finding: putting a draft on an agenda locked the sitting before the chain while convening it
took them the other way round, and PostgreSQL answered a deadlock (a 503 to the client)."""

import pytest
from django.db import DatabaseError

from council import services
from council.models import SittingStatus
from tests.conftest import moment
from tests.workflows.test_concurrency import race
from workflows.errors import WorkflowError
from workflows.services import transition_fire


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_putting_on_an_agenda_and_convening_at_once_never_deadlock(
    complete_draft, users, sitting, today
):
    secretariat = users["secretariat"]
    for _ in range(6):  # several rounds, so that the two really overlap
        planned = sitting(kind="emergency", hour=23)
        first, second = complete_draft(), complete_draft()
        services.draft_put_on_agenda(draft_id=first.pk, sitting_id=planned.pk, user=secretariat)
        outcomes = race(
            [
                lambda s=planned, d=second: services.draft_put_on_agenda(
                    draft_id=d.pk, sitting_id=s.pk, user=secretariat
                ),
                lambda s=planned: transition_fire(
                    model=type(s), pk=s.pk, name="convene", user=secretariat, at=moment(today, 0)
                ),
            ]
        )
        deadlocks = [o for o in outcomes if isinstance(o, DatabaseError)]
        assert deadlocks == [], deadlocks
        assert all(not isinstance(o, BaseException) or isinstance(o, WorkflowError)
                   for o in outcomes), outcomes  # fmt: skip
        planned.refresh_from_db()
        assert planned.status == SittingStatus.CONVENED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_putting_on_an_agenda_and_recording_a_vote_at_once_never_deadlock(
    complete_draft, users, sitting
):
    """Recording a vote waits for the sitting's row (it does not refuse at once): with the old
    order this pair deadlocked."""
    secretariat = users["secretariat"]
    for _ in range(6):
        planned = sitting(kind="emergency", hour=23)
        first, second = complete_draft(), complete_draft()
        entry = services.draft_put_on_agenda(
            draft_id=first.pk, sitting_id=planned.pk, user=secretariat
        )
        outcomes = race(
            [
                lambda s=planned, d=second: services.draft_put_on_agenda(
                    draft_id=d.pk, sitting_id=s.pk, user=secretariat
                ),
                lambda e=entry: services.agenda_entry_vote(
                    entry_id=e.pk, user=secretariat, present=20, votes_for=15, votes_against=5,
                    abstentions=0,
                ),
            ]
        )  # fmt: skip
        assert [o for o in outcomes if isinstance(o, DatabaseError)] == []
        assert isinstance(outcomes[1], WorkflowError)  # the sitting is not convened: refused
