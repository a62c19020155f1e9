"""PostgreSQL: GIN indexes of the drafts' and decisions' words, through `paacl_search_vector`
(program 0011), which the public search and the decisions' register query."""

from django.db import migrations

INDEXES = {
    "council_draft_search": (
        "council_draftdecision", "paacl_search_vector(title, statement)"
    ),
    "council_decision_search": ("council_decision", "paacl_search_vector(title, '')"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, (table, expression) in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("council", "0016_oparl_stamps"), ("program", "0011_search_vector")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
