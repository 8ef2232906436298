"""Full-text index of the search documents, for the database in use.

SQLite: an external-content FTS5 table kept in sync by triggers. PostgreSQL: a generated,
weighted tsvector column (title A, body B, tags C) with a GIN index. Both index text that
Python already normalised and stemmed, hence the plain tokenizer / 'simple' configuration.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE core_searchdocument_fts USING fts5(
        terms_title, terms_body, terms_tags,
        content='core_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER core_searchdocument_ai AFTER INSERT ON core_searchdocument BEGIN
        INSERT INTO core_searchdocument_fts(rowid, terms_title, terms_body, terms_tags)
        VALUES (new.id, new.terms_title, new.terms_body, new.terms_tags);
    END""",
    """CREATE TRIGGER core_searchdocument_ad AFTER DELETE ON core_searchdocument BEGIN
        INSERT INTO core_searchdocument_fts(core_searchdocument_fts, rowid, terms_title, terms_body, terms_tags)
        VALUES ('delete', old.id, old.terms_title, old.terms_body, old.terms_tags);
    END""",
    """CREATE TRIGGER core_searchdocument_au AFTER UPDATE ON core_searchdocument BEGIN
        INSERT INTO core_searchdocument_fts(core_searchdocument_fts, rowid, terms_title, terms_body, terms_tags)
        VALUES ('delete', old.id, old.terms_title, old.terms_body, old.terms_tags);
        INSERT INTO core_searchdocument_fts(rowid, terms_title, terms_body, terms_tags)
        VALUES (new.id, new.terms_title, new.terms_body, new.terms_tags);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchdocument_au",
    "DROP TRIGGER IF EXISTS core_searchdocument_ad",
    "DROP TRIGGER IF EXISTS core_searchdocument_ai",
    "DROP TABLE IF EXISTS core_searchdocument_fts",
]
POSTGRESQL_FORWARD = [
    """ALTER TABLE core_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', terms_title), 'A')
        || setweight(to_tsvector('simple', terms_body), 'B')
        || setweight(to_tsvector('simple', terms_tags), 'C')
    ) STORED""",
    "CREATE INDEX core_searchdocument_vector ON core_searchdocument USING GIN (search_vector)",
    "CREATE INDEX core_searchdocument_kind ON core_searchdocument (kind)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS core_searchdocument_kind",
    "DROP INDEX IF EXISTS core_searchdocument_vector",
    "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
