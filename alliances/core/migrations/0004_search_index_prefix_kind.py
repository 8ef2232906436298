"""SQLite: rebuild the FTS5 table with the document kind as a column and a prefix index.

Every query word is a prefix ("jeun"* finds "jeunesse"). Without a prefix index FTS5 resolves
it by merging, over the whole base, the lists of every term that starts so, before intersecting
with the other words and tags: 45 to 110 ms for one word at national scale (1.9 million
organisations). With the index, a prefix of one of the indexed lengths is a single term read
lazily, skipping to the documents that carry the tags. The kind as a column lets the search stay
in the index (no join per match to filter on it).

`detail=column` keeps which columns hold a term but not its positions: the search never asks
for phrases or proximity, and it makes the index (prefixes included) smaller and faster to
write. The rebuild reads the documents table (about a minute per million documents).

PostgreSQL: nothing to do (its GIN index already serves prefix queries and the kind column).
"""

from django.db import migrations

FTS = "core_searchdocument_fts"
# Lengths of the prefixes indexed: French stems of query words are 2 to 13 letters long.
# A one-letter word is searched as a whole word (alliances.core.search.index).
PREFIXES = "2 3 4 5 6 7 8 9 10 11 12 13"


def _schema(columns: list[str], options: str) -> list[str]:
    listed = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
            {listed},
            content='core_searchdocument', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'{options}
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
FORWARD = DROP + _schema(["terms_title", "terms_body", "terms_tags", "kind"],
                         f", detail=column, prefix='{PREFIXES}'")
BACKWARD = DROP + _schema(["terms_title", "terms_body", "terms_tags"], "")


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0003_auditentry")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
