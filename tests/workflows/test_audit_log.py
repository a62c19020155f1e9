"""The audit log is append-only: the application offers no way to change or delete a row, and on
PostgreSQL the database refuses it too."""

import pytest
from django.db import DatabaseError, connection, transaction

from workflows.models import AppendOnlyError, TransitionLog


@pytest.fixture
def row(make_item):
    return TransitionLog.objects.for_object(make_item()).get()


def test_a_saved_row_cannot_be_changed(row):
    row.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        row.save()


def test_a_row_cannot_be_deleted(row):
    with pytest.raises(AppendOnlyError):
        row.delete()


def test_bulk_update_and_delete_are_refused(row):
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(pk=row.pk).update(comment="rewritten")
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.all().delete()


def test_the_admin_offers_no_change_or_delete(client, users, row):
    admin_client = client
    admin_client.force_login(users["admin"])
    response = admin_client.get(f"/admin/workflows/transitionlog/{row.pk}/change/")
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert admin_client.post(f"/admin/workflows/transitionlog/{row.pk}/delete/").status_code == 403


@pytest.mark.postgres
def test_postgresql_refuses_update_of_a_row(row):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE workflows_transitionlog SET comment = 'rewritten' WHERE id = %s", [row.pk]
        )
    row.refresh_from_db()
    assert row.comment == ""


@pytest.mark.postgres
def test_postgresql_refuses_delete_of_a_row(row):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM workflows_transitionlog WHERE id = %s", [row.pk])
    assert TransitionLog.objects.filter(pk=row.pk).exists()
