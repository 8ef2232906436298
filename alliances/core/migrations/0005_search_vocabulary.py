"""The vocabulary of the search documents (alliances.core.search.vocabulary), on both databases.

Every distinct term of the titles and bodies (not the tags), so that a query word given as a
prefix can be sent to the index as the exact terms it stands for. Filled here from the existing
documents (10 s for 3.98 million documents on PostgreSQL; run again, it adds nothing), then by
every write of documents. Terms are compared byte by byte ("C" collation on PostgreSQL, BINARY on
SQLite), so that the terms starting with a prefix are one range of the B-tree.
"""

from django.db import migrations

TABLE = "core_searchterm"
POSTGRESQL = [
    f'CREATE TABLE IF NOT EXISTS {TABLE} (term text COLLATE "C" PRIMARY KEY)',
    # Weights A and B of search_vector: the lexemes of the title and of the body.
    f"INSERT INTO {TABLE} (term) SELECT DISTINCT unnest(tsvector_to_array(ts_filter(search_vector, '{{a,b}}'))) "
    "FROM core_searchdocument ON CONFLICT DO NOTHING",
]
# Terms are space-separated [a-z0-9] words (alliances.core.search.analysis): as a JSON array,
# json_each splits them.
SQLITE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (term TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID",
    f"""INSERT OR IGNORE INTO {TABLE} (term)
        SELECT value FROM core_searchdocument,
            json_each('["' || replace(trim(terms_title || ' ' || terms_body), ' ', '","') || '"]')
        WHERE value != ''""",
]


def forward(apps, schema_editor):
    for statement in POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_search_index_prefix_kind")]
    operations = [migrations.RunPython(forward, backward)]
