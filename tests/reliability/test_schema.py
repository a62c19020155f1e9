"""The schema the migrations build is the one the models declare, with what the planner needs."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_migrations_build_what_the_models_declare():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as missing:
        pytest.fail(f"A model change has no migration ({missing}):\n{out.getvalue()}")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="extended statistics: PostgreSQL")
def test_the_decisions_titles_carry_statistics_for_searching_them_by_a_word():
    """Without them the planner guesses that a word ("regulament") matches a few titles and
    scans every decision for the MOL's list instead of reading the latest ones in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_statisticsobjdef(oid) FROM pg_statistic_ext "
            "WHERE stxname = 'decision_title_upper'"
        )
        (definition,) = cursor.fetchone()
    assert definition.endswith("ON upper(title::text) FROM council_decision")


@pytest.mark.parametrize(
    ("table", "index"),
    [
        ("council_decision", "decision_objected_latest"),
        ("council_draftdecision", "draft_consulted_latest"),
        ("council_document", "document_kind_latest"),
        ("council_draftdecision", "draft_debate_held"),
        ("council_draftdecision", "draft_in_consultation"),
    ],
)
def test_the_registers_lists_have_their_indexes(table, index):
    with connection.cursor() as cursor:
        names = {
            name
            for name, constraint in connection.introspection.get_constraints(cursor, table).items()
            if constraint["index"]
        }
    assert index in names
