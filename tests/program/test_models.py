import pytest
from django.db import IntegrityError, connection

from program.models import Objective, ProgramItem
from tests.conftest import behind_the_services


def test_objective_codes_are_unique(objective):
    with pytest.raises(IntegrityError):
        Objective.objects.create(
            strategy=objective.strategy,
            parent=objective.parent,
            level="specific",
            code=objective.code,
            title="Another objective with the same code",
        )


def test_a_specific_objective_needs_a_parent(objective):
    with pytest.raises(IntegrityError):
        Objective.objects.create(
            strategy=objective.strategy, level="specific", code="SC-X", title="Orphan"
        )


def test_database_rejects_an_unknown_status(make_item):
    item = make_item()
    with (
        pytest.raises(IntegrityError),
        behind_the_services(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"UPDATE {ProgramItem._meta.db_table} SET status = %s WHERE id = %s",
            ["somewhere_else", item.pk],
        )


def test_database_rejects_a_month_outside_the_year(make_item):
    item = make_item()
    with pytest.raises(IntegrityError), behind_the_services():
        ProgramItem.objects.filter(pk=item.pk).update(planned_month=13)


def test_status_cannot_be_assigned_directly(make_item):
    item = make_item()
    with pytest.raises(AttributeError):
        item.status = "published"
