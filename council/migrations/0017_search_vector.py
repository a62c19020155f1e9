"""PostgreSQL: the drafts' and decisions' words as stored, indexed vectors (`search_vector`, as
program 0011 adds to the items), which the public search and the decisions' register query."""

import importlib

from django.db import migrations

program_0011 = importlib.import_module("program.migrations.0011_search_vector")

VECTORS = {
    "council_draftdecision": ("title", "statement", "council_draft_search"),
    "council_decision": ("title", "''", "council_decision_search"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, (head, body, index) in VECTORS.items():
            program_0011.add_search_vector(schema_editor, table, head, body, index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in VECTORS:
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("council", "0016_oparl_stamps"), ("program", "0011_search_vector")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
