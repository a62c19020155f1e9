"""PostgreSQL: each item's words as a stored vector (`search_vector`, a generated column the
database keeps current on every write), indexed (GIN), for the public search.

`unaccent` is not IMMUTABLE (its dictionary could change), so PostgreSQL will not store or index
an expression that calls it. `paacl_search_vector` wraps it with the dictionary named, the usual
way to index unaccented text: the reference and title weigh A, the body B. A stored vector makes
ranking cheap (no row's text is parsed again at query time). The column is not a model field: it
exists only on PostgreSQL (SQLite searches in Python) and nothing writes it.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION paacl_search_vector(head text, body text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('romanian'::regconfig,
             public.unaccent('public.unaccent'::regdictionary, coalesce(head, ''))), 'A')
      || setweight(to_tsvector('romanian'::regconfig,
             public.unaccent('public.unaccent'::regdictionary, coalesce(body, ''))), 'B')
$$
"""


def add_search_vector(schema_editor, table: str, head: str, body: str, index: str) -> None:
    """A stored `search_vector` column of `table`, generated from its head and body, and its GIN
    index (council 0017 calls this too)."""
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS (paacl_search_vector({head}, {body})) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_vector)")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        add_search_vector(schema_editor, "program_programitem",
                          "reference || ' ' || title", "description", "program_item_search")  # fmt: skip


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE program_programitem DROP COLUMN search_vector")
        schema_editor.execute("DROP FUNCTION IF EXISTS paacl_search_vector(text, text)")


class Migration(migrations.Migration):
    dependencies = [("program", "0010_oparl_stamps")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
