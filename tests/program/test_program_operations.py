"""Approving and publishing a program; amendments raise its version."""

import datetime as dt

import pytest
from django.core import mail

from council.services import program_approve
from program.models import ItemStatus, ProgramItem, ProgramStatus
from program.services import program_publish
from workflows.errors import Conflict, NotAllowed
from workflows.models import TransitionLog


@pytest.fixture
def before_council(make_item, bring_to):
    def make(n=2):
        return [bring_to(make_item(), ItemStatus.SUBMITTED_TO_COUNCIL) for _ in range(n)]

    return make


def approve(program, users, number=15, day=None):
    return program_approve(
        year=program.year,
        user=users["secretariat"],
        decision_number=number,
        decision_date=day or dt.date(program.year - 1, 12, 17),
    )


def test_approving_the_program_approves_every_item_before_the_council(
    program, users, before_council, make_item
):
    items = before_council(2)
    draft = make_item()
    version = approve(program, users)
    assert version.number == 1
    assert version.decision_reference == f"15/17.12.{program.year - 1}"
    for item in items:
        item.refresh_from_db()
        assert item.status == ItemStatus.APPROVED
        assert item.approved_in == version
        assert TransitionLog.objects.for_object(item).latest("id").comment.startswith("Approved by")
    draft.refresh_from_db()
    assert draft.status == ItemStatus.DRAFT
    program.refresh_from_db()
    assert program.status == ProgramStatus.APPROVED


def test_publishing_publishes_every_approved_item_and_stamps_the_program(
    program, users, before_council
):
    items = before_council(2)
    approve(program, users)
    program = program_publish(year=program.year, user=users["secretariat"])
    assert program.status == ProgramStatus.PUBLISHED
    assert program.published_at is not None
    assert {i.status for i in ProgramItem.objects.filter(pk__in=[i.pk for i in items])} == {
        ItemStatus.PUBLISHED
    }
    assert program.versions.get().published_at is not None


def test_items_approved_after_publication_are_an_amendment(program, users, before_council):
    before_council(1)
    approve(program, users)
    program_publish(year=program.year, user=users["secretariat"])
    [late] = before_council(1)
    version = approve(program, users, number=40)
    assert version.number == 2
    late.refresh_from_db()
    assert late.approved_in == version
    program.refresh_from_db()
    assert program.version == 2


def test_approval_with_nothing_before_the_council_is_refused(program, users):
    with pytest.raises(Conflict):
        approve(program, users)


def test_only_the_secretariat_approves_and_publishes(program, users, before_council):
    before_council(1)
    with pytest.raises(NotAllowed):
        program_approve(
            year=program.year,
            user=users["investitii"],
            decision_number=1,
            decision_date=dt.date.today(),
        )
    with pytest.raises(NotAllowed):
        program_publish(year=program.year, user=users["admin"])


def test_publishing_without_an_approved_version_is_refused(program, users):
    with pytest.raises(Conflict):
        program_publish(year=program.year, user=users["secretariat"])


def test_a_decision_dated_in_the_future_is_refused(program, users, before_council):
    from workflows.errors import Invalid

    before_council(1)
    with pytest.raises(Invalid):
        approve(program, users, day=dt.date.today() + dt.timedelta(days=3))


def test_publication_tells_the_proposing_department(
    program, users, before_council, django_capture_on_commit_callbacks
):
    before_council(1)
    approve(program, users)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        program_publish(year=program.year, user=users["secretariat"])
    assert [m.to for m in mail.outbox] == [["investitii@example.ro"]]
