"""Indexes for the MOL's lists (the decisions objected to, the drafts put to consultation, the
latest minutes), and, on PostgreSQL 14 and later, statistics on the decisions' titles as the
MOL's `title__icontains` compares them (UPPER(title)): without them the planner guesses a few
rows for "regulament" and scans every decision instead of reading the latest in order."""

from django.conf import settings
from django.db import migrations, models


def title_statistics(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql" and connection.pg_version >= 140000:
        schema_editor.execute(
            "CREATE STATISTICS IF NOT EXISTS decision_title_upper ON (UPPER(title::text)) "
            "FROM council_decision"
        )
        schema_editor.execute("ANALYZE council_decision")


def drop_title_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP STATISTICS IF EXISTS decision_title_upper")


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0018_latest_indexes"),
        ("program", "0012_latest_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                condition=models.Q(("secretary_objection", ""), _negated=True),
                fields=["-adopted_on", "-number"],
                name="decision_objected_latest",
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["kind", "-uploaded_at"], name="document_kind_latest"),
        ),
        migrations.AddIndex(
            model_name="draftdecision",
            index=models.Index(
                condition=models.Q(("consultation_announced_on__isnull", False)),
                fields=["-consultation_announced_on", "-id"],
                name="draft_consulted_latest",
            ),
        ),
        migrations.RunPython(title_statistics, drop_title_statistics, elidable=False),
    ]
