"""On PostgreSQL, refuse UPDATE and DELETE on the audit log at the database itself.

TRUNCATE is left alone: it is an administrator's operation (and how test databases are reset),
not something the application can do. SQLite, the demo database, relies on the application's
refusal alone (its test databases are reset with DELETE).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION workflows_transitionlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: %% refused on workflows_transitionlog', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER workflows_transitionlog_append_only
    BEFORE UPDATE OR DELETE ON workflows_transitionlog
    FOR EACH ROW EXECUTE FUNCTION workflows_transitionlog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS workflows_transitionlog_append_only ON workflows_transitionlog;
DROP FUNCTION IF EXISTS workflows_transitionlog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("workflows", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
