"""SQLite: prefix index for the lengths 2, 3 and 4 only.

Migration 0004 indexed every prefix length from 2 to 13: a prefix query was one term of the
index whatever its length, but FTS5 then wrote each term twelve more times, and writing a
document cost 3 to 4 times as much (40 µs instead of 11 µs per document, measured on 200,000
documents of the national RNA file): 40 % of the RNA import's time.

Now a query word of 2 to 4 letters is still one term of the prefix index; a longer word is
searched as the OR of the exact terms that start with it, read from the vocabulary of the
documents (`core_searchterm`, migration 0005, alliances.core.search.vocabulary). Exact terms are
read lazily as prefix terms are (skipping to the documents that carry the tags), so the search
costs the same (measured on 1.9 million organisations, same results); the index is ~20 µs
cheaper per document written.

The rebuild reads the documents table (about a minute per million documents).

PostgreSQL: nothing to do (its GIN index serves prefix queries).
"""

from django.db import migrations

FTS = "core_searchdocument_fts"
# Lengths of the prefixes indexed; alliances.core.search.index.LONGEST_INDEXED_PREFIX repeats
# the last one.
PREFIXES = "2 3 4"
OLD_PREFIXES = "2 3 4 5 6 7 8 9 10 11 12 13"
COLUMNS = ["terms_title", "terms_body", "terms_tags", "kind"]


def _schema(prefixes: str) -> list[str]:
    listed = ", ".join(COLUMNS)
    new = ", ".join(f"new.{c}" for c in COLUMNS)
    old = ", ".join(f"old.{c}" for c in COLUMNS)
    return [
        f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
            {listed},
            content='core_searchdocument', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', detail=column, prefix='{prefixes}'
        )""",
        f"""CREATE TRIGGER core_searchdocument_ai AFTER INSERT ON core_searchdocument BEGIN
            INSERT INTO {FTS}(rowid, {listed}) VALUES (new.id, {new});
        END""",
        f"""CREATE TRIGGER core_searchdocument_ad AFTER DELETE ON core_searchdocument BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {listed}) VALUES ('delete', old.id, {old});
        END""",
        f"""CREATE TRIGGER core_searchdocument_au AFTER UPDATE ON core_searchdocument BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {listed}) VALUES ('delete', old.id, {old});
            INSERT INTO {FTS}(rowid, {listed}) VALUES (new.id, {new});
        END""",
        # Index the existing documents, then merge the index into one segment.
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
        f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')",
    ]


DROP = [
    "DROP TRIGGER IF EXISTS core_searchdocument_au",
    "DROP TRIGGER IF EXISTS core_searchdocument_ad",
    "DROP TRIGGER IF EXISTS core_searchdocument_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]
FORWARD = DROP + _schema(PREFIXES)
BACKWARD = DROP + _schema(OLD_PREFIXES)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0005_search_vocabulary")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
