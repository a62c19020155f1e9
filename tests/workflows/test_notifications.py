"""Whoever must act next is told, after commit; a mail failure never undoes a transition."""

import pytest
from django.core import mail

from program.models import ItemStatus, ProgramItem
from program.services import item_input_give
from workflows.models import TransitionLog
from workflows.services import transition_fire


def fire(item, name, user, **kwargs):
    return transition_fire(model=ProgramItem, pk=item.pk, name=name, user=user, **kwargs)


def test_submit_asks_the_departments_for_input_by_mail(
    make_item, users, django_capture_on_commit_callbacks
):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        fire(item, "submit", users["investitii"])
    assert len(callbacks) == 1
    assert sorted(mail.outbox[0].to) == ["investitii@example.ro", "juridica@example.ro"]
    assert item.reference in mail.outbox[0].subject


def test_no_mail_leaves_before_the_transaction_commits(
    make_item, users, django_capture_on_commit_callbacks
):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fire(item, "submit", users["investitii"])
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_forwarding_tells_the_secretariat(make_item, users, django_capture_on_commit_callbacks):
    item = fire(make_item(), "submit", users["investitii"])
    for name in ("investitii", "juridica"):
        item_input_give(item_id=item.pk, user=users[name], opinion="favourable", text="Da.")
    with django_capture_on_commit_callbacks(execute=True):
        fire(item, "forward_to_secretariat", users["investitii"])
    assert [m.to for m in mail.outbox] == [["secretariat@example.ro"]]


def test_return_tells_the_proposing_department_why(
    make_item, bring_to, users, django_capture_on_commit_callbacks
):
    item = bring_to(make_item(), ItemStatus.SECRETARIAT_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        fire(item, "return_to_draft", users["secretariat"], comment="Lipsește referatul.")
    [message] = mail.outbox
    assert message.to == ["investitii@example.ro"]
    assert "Lipsește referatul." in message.body


@pytest.mark.django_db(transaction=True)
def test_a_mail_failure_does_not_undo_the_transition(make_item, users, settings, caplog):
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    item = make_item()
    fire(item, "submit", users["investitii"])  # commits, then the mail fails
    item.refresh_from_db()
    assert item.status == ItemStatus.DEPARTMENTAL_INPUT
    assert TransitionLog.objects.for_object(item).latest("id").transition == "submit"
    assert "Could not send the notification" in caplog.text
