"""Two people acting on the same item at once: exactly one wins, the other gets a conflict."""

import threading

import pytest
from django.db import connections

from program.models import ItemStatus, ProgramItem
from workflows.errors import Conflict
from workflows.models import TransitionLog
from workflows.services import transition_fire


def race(actions):
    """Run the actions at the same moment, each in its own thread (and database connection)."""
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except BaseException as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_racing_transitions_one_wins_the_other_conflicts(make_item, users):
    for _ in range(5):  # several rounds, so the two really overlap at least once
        item = make_item()

        def withdraw(user, pk=item.pk):
            return lambda: transition_fire(
                model=ProgramItem, pk=pk, name="withdraw", user=user, comment="Retras."
            )

        outcomes = race([withdraw(users["investitii"]), withdraw(users["secretariat"])])
        winners = [o for o in outcomes if isinstance(o, ProgramItem)]
        conflicts = [o for o in outcomes if isinstance(o, Conflict)]
        assert (len(winners), len(conflicts)) == (1, 1), outcomes
        item.refresh_from_db()
        assert item.status == ItemStatus.WITHDRAWN
        assert TransitionLog.objects.for_object(item).filter(transition="withdraw").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_different_transitions_leave_the_log_and_the_item_in_agreement(
    make_item, bring_to, users
):
    item = bring_to(make_item(), ItemStatus.SECRETARIAT_REVIEW)

    def fire(name, user):
        return lambda: transition_fire(
            model=ProgramItem, pk=item.pk, name=name, user=user, comment="Motiv."
        )

    outcomes = race(
        [
            fire("submit_to_council", users["secretariat"]),
            fire("return_to_draft", users["investitii"]),
        ]
    )
    assert sum(isinstance(o, ProgramItem) for o in outcomes) == 1
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1
    item.refresh_from_db()
    assert TransitionLog.objects.for_object(item).latest("id").target == item.status


def test_a_stale_copy_cannot_overwrite_a_newer_state(make_item, users):
    """What the row lock does on PostgreSQL, the state check does on SQLite: the second writer,
    who read the item before the first one changed it, is refused."""
    item = make_item()
    stale = ProgramItem.objects.get(pk=item.pk)
    transition_fire(
        model=ProgramItem, pk=item.pk, name="withdraw", user=users["investitii"], comment="Retras."
    )
    with pytest.raises(Conflict):
        transition_fire(
            model=ProgramItem,
            pk=item.pk,
            name="submit",
            user=users["investitii"],
            expected_state=stale.status,
        )
    item.refresh_from_db()
    assert item.status == ItemStatus.WITHDRAWN
