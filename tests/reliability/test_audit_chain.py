"""The tamper-evident audit log: every row is chained to the one before by a SHA-256 hash;
`verify_audit_log` finds the first broken link; the API publishes the chain's head."""

import datetime as dt
import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from program.models import ProgramItem
from tests.workflows.test_concurrency import race
from workflows import audit
from workflows.models import TransitionLog
from workflows.services import transition_fire


def tamper(sql: str, params=()) -> None:
    """Change the log behind the application's back, as an intruder with database access would
    (on PostgreSQL a superuser first switches the append-only trigger off for the session)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def history(make_item, bring_to, council_decision):
    """Three items walked through several states: a few dozen chained rows."""
    for state in ("published", "rejected", "withdrawn"):
        bring_to(make_item(), state)
    return list(TransitionLog.objects.order_by("id"))


@pytest.mark.django_db
def test_each_row_is_chained_to_the_one_before(history):
    assert history[0].prev_hash == audit.GENESIS
    for before, row in itertools.pairwise(history):
        assert row.prev_hash == before.hash
    assert len({row.hash for row in history}) == len(history)


@pytest.mark.django_db
def test_an_untouched_log_verifies(history):
    result = audit.verify()
    assert result.intact
    assert result.rows == len(history)
    assert result.head == history[-1].hash


@pytest.mark.django_db
def test_a_changed_comment_is_found_at_its_row(history):
    target = history[5]
    tamper("UPDATE workflows_transitionlog SET comment = %s WHERE id = %s", ["altered", target.pk])
    result = audit.verify()
    assert result.first_break.row_id == target.pk
    assert "content" in result.first_break.reason


@pytest.mark.django_db
def test_a_changed_date_is_found_at_its_row(history):
    target = history[3]
    tamper(
        "UPDATE workflows_transitionlog SET at = %s WHERE id = %s",
        [target.at - dt.timedelta(days=365), target.pk],
    )
    assert audit.verify().first_break.row_id == target.pk


@pytest.mark.django_db
def test_a_removed_row_is_found_at_the_row_after_it(history):
    tamper("DELETE FROM workflows_transitionlog WHERE id = %s", [history[4].pk])
    result = audit.verify()
    assert result.first_break.row_id == history[5].pk
    assert "does not follow" in result.first_break.reason


@pytest.mark.django_db
def test_a_rewritten_row_with_a_recomputed_hash_breaks_the_next_link(history):
    target = history[2]
    content = {name: getattr(target, name) for name in audit.CONTENT}
    forged = audit.row_hash(target.prev_hash, {**content, "comment": "forged"})
    tamper(
        "UPDATE workflows_transitionlog SET comment = %s, hash = %s WHERE id = %s",
        ["forged", forged, target.pk],
    )
    assert audit.verify().first_break.row_id == history[3].pk


@pytest.mark.django_db
def test_verify_audit_log_reports_an_intact_chain(history):
    out = io.StringIO()
    call_command("verify_audit_log", stdout=out)
    assert f"intact: {len(history)} rows" in out.getvalue()
    assert history[-1].hash in out.getvalue()


@pytest.mark.django_db
def test_verify_audit_log_names_the_first_broken_row_and_fails(history):
    target = history[7]
    tamper("UPDATE workflows_transitionlog SET target = 'published' WHERE id = %s", [target.pk])
    with pytest.raises(CommandError, match=f"broken at row {target.pk}"):
        call_command("verify_audit_log", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_api_publishes_the_chain_head_and_nothing_else(api, history):
    response = api.get("/api/v1/audit-log/head/")
    assert response.status_code == 200
    body = response.json()
    assert body["rows"] == len(history)
    assert body["head"] == history[-1].hash
    assert set(body) == {"rows", "head", "last_at"}


@pytest.mark.django_db
def test_an_empty_log_has_the_genesis_head(api):
    assert api.get("/api/v1/audit-log/head/").json()["head"] == "0" * 64


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_keep_one_unbroken_chain(make_item, users):
    items = [make_item(title=f"Punct {n}") for n in range(8)]

    def withdraw(pk):
        return lambda: transition_fire(
            model=ProgramItem, pk=pk, name="withdraw", user=users["investitii"], comment="Retras."
        )

    outcomes = race([withdraw(item.pk) for item in items])
    assert all(isinstance(outcome, ProgramItem) for outcome in outcomes), outcomes
    result = audit.verify()
    assert result.intact
    assert TransitionLog.objects.filter(transition="withdraw").count() == len(items)
