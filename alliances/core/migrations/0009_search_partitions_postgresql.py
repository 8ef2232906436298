"""PostgreSQL: a second GIN index of the search documents, whose terms carry their département.

A search within a territory (search by need, alliances.core.search.need_index) asks the GIN index
for the documents holding a word, then keeps the territory's: the index reads the word's list for
the whole country (« jeunes »: 813,000 documents at national scale, 80 to 150 ms in the Métropole
du Grand Paris). In this index each term is prefixed by its document's département (« jeun » in
Paris is « p75qjeun »: 19,000 documents), so a search reads only its territory's lists. It is an
expression index: nothing more is stored in the table, and the function is only run when a
document is written (the search's query carries neither weights nor prefixes, so the index
answers without rereading rows). A document without a département has no term in it.

SQLite needs none of this: FTS5 reads its lists lazily and skips to the territory's documents.
"""

from django.db import migrations

FORWARD = [
    # One SQL expression, so that PostgreSQL inlines it. Département codes are [0-9a-z] (tags are
    # analysed, alliances.core.search.analysis.tag_term): "p" + code + "q" cannot be read two ways.
    r"""CREATE FUNCTION core_search_partitioned(terms_title text, terms_body text, terms_tags text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('simple', regexp_replace(
            terms_title || ' ' || terms_body || ' ' || terms_tags,
            '(\S+)', 'p' || substring(terms_tags from 'tagdepartement([0-9a-z]+)') || 'q\1', 'g'
        ))
    $$""",
    "CREATE INDEX core_searchdocument_partitioned ON core_searchdocument "
    "USING GIN (core_search_partitioned(terms_title, terms_body, terms_tags))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS core_searchdocument_partitioned",
    "DROP FUNCTION IF EXISTS core_search_partitioned(text, text, text)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0008_periodic_runs_and_email_attempts")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
