"""The audit log's hash chain (workflows/audit.py): add the columns, chain the existing rows in
id order, then make both columns required and unique. The PostgreSQL append-only trigger is
switched off for the backfill only, inside this migration's transaction."""

import datetime as dt
import hashlib
import json

from django.db import migrations, models

GENESIS = "0" * 64


def row_hash(prev_hash, content_type, row):
    payload = [
        prev_hash,
        content_type,
        int(row.object_id),
        row.transition,
        row.source,
        row.target,
        row.actor_id,
        row.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        row.comment,
    ]
    canonical = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def chain_existing(apps, schema_editor):
    TransitionLog = apps.get_model("workflows", "TransitionLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(
            "ALTER TABLE workflows_transitionlog DISABLE TRIGGER workflows_transitionlog_append_only"
        )
    previous = GENESIS
    for row in TransitionLog.objects.order_by("id").iterator(chunk_size=2000):
        digest = row_hash(previous, labels[row.content_type_id], row)
        # The model's save() refuses changes; the backfill writes the two columns directly.
        TransitionLog.objects.filter(pk=row.pk).update(prev_hash=previous, hash=digest)
        previous = digest
    if postgres:
        schema_editor.execute(
            "ALTER TABLE workflows_transitionlog ENABLE TRIGGER workflows_transitionlog_append_only"
        )


class Migration(migrations.Migration):
    dependencies = [("workflows", "0002_append_only_trigger"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.AddField(
            model_name="transitionlog",
            name="prev_hash",
            field=models.CharField(max_length=64, null=True, editable=False, verbose_name="previous hash"),
        ),
        migrations.AddField(
            model_name="transitionlog",
            name="hash",
            field=models.CharField(max_length=64, null=True, editable=False, verbose_name="hash"),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="transitionlog",
            name="prev_hash",
            field=models.CharField(max_length=64, unique=True, editable=False, verbose_name="previous hash"),
        ),
        migrations.AlterField(
            model_name="transitionlog",
            name="hash",
            field=models.CharField(max_length=64, unique=True, editable=False, verbose_name="hash"),
        ),
    ]
