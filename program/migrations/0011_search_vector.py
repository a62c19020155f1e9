"""PostgreSQL: one searchable vector per row, indexed (GIN), for the public search.

`unaccent` is not IMMUTABLE (its dictionary could change), so PostgreSQL will not index an
expression that calls it. `paacl_search_vector` wraps it with the dictionary named, the usual
way to index unaccented text: the reference and title weigh A, the body B. Queries call the same
function with the same arguments, so the planner uses the index.
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
INDEX = (
    "CREATE INDEX program_item_search ON program_programitem "
    "USING gin (paacl_search_vector(reference || ' ' || title, description))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS program_item_search")
        schema_editor.execute("DROP FUNCTION IF EXISTS paacl_search_vector(text, text)")


class Migration(migrations.Migration):
    dependencies = [("program", "0010_oparl_stamps")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
