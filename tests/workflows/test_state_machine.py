"""Random transitions fired by random users: the invariants hold whatever happens."""

import contextlib
import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from program.models import ItemStatus, ProgramItem, ProgramVersion
from program.selectors import items_visible_to
from program.services import item_input_give
from tests.conftest import behind_the_services
from workflows.errors import WorkflowError
from workflows.models import TransitionLog
from workflows.services import transition_fire, transitions_of

TRANSITIONS = sorted(transitions_of(ProgramItem()))
USERNAMES = ["investitii", "juridica", "buget", "secretariat", "admin"]
OPINIONS = ["favourable", "favourable_with_remarks", "unfavourable"]


@pytest.mark.django_db
def test_random_transitions_keep_the_invariants(make_item, users, program):
    class ItemLifecycle(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.item = make_item()

        def state(self):
            return ProgramItem.objects.get(pk=self.item.pk).status

        def log(self):
            return list(TransitionLog.objects.for_object(self.item).order_by("at", "id"))

        @rule(
            name=st.sampled_from(TRANSITIONS),
            username=st.sampled_from(USERNAMES),
            comment=st.sampled_from(["", "Motivul schimbării."]),
        )
        def fire(self, name, username, comment):
            before, log_before = self.state(), len(self.log())
            try:
                transition_fire(
                    model=ProgramItem, pk=self.item.pk, name=name, user=users[username],
                    comment=comment,
                )  # fmt: skip
            except WorkflowError:
                assert self.state() == before
                assert len(self.log()) == log_before
            else:
                log = self.log()
                assert len(log) == log_before + 1
                assert (log[-1].transition, log[-1].source) == (name, before)

        @rule(username=st.sampled_from(USERNAMES), opinion=st.sampled_from(OPINIONS))
        def give_input(self, username, opinion):
            before, log_before = self.state(), len(self.log())
            with contextlib.suppress(WorkflowError):  # refusals are expected; nothing may change
                item_input_give(
                    item_id=self.item.pk, user=users[username], opinion=opinion, text="Aviz."
                )
            assert self.state() == before
            assert len(self.log()) == log_before

        @rule()
        def council_approves(self):
            if program.open_version() is None:
                with behind_the_services():
                    ProgramVersion.objects.create(
                        program=program,
                        number=program.versions.count() + 1,
                        decision_number=7,
                        decision_date=dt.date(program.year - 1, 12, 17),
                    )

        @invariant()
        def log_replays_to_the_current_state(self):
            log = self.log()
            assert log[0].transition == "create" and log[0].target == ItemStatus.DRAFT
            for previous, row in itertools.pairwise(log):
                assert row.source == previous.target
            assert log[-1].target == self.state()

        @invariant()
        def nothing_is_public_before_it_is_published(self):
            public = items_visible_to(AnonymousUser()).filter(pk=self.item.pk).exists()
            assert public == (self.state() == ItemStatus.PUBLISHED)

    run_state_machine_as_test(
        ItemLifecycle,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
