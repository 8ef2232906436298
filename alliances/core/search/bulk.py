"""Search documents for big imports: text analysed anywhere (in another process), rows written
in one statement per batch.

`document_preparer()` gives a pure function (no database): an importer analyses the text of its documents in
the process that parses the file, and the process that writes sends them with
`write_documents`: the same rows as `index_documents_bulk` writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from django.db import connection
from django.utils import timezone

from alliances.core.models import SearchDocument
from alliances.core.search import vocabulary
from alliances.core.search.analysis import _piece_terms, tag_term
from alliances.core.search.index import IndexEntry

_BULK_COLUMNS = "kind, object_id, title, terms_title, terms_body, terms_tags, updated_at"
_BULK_CONFLICT = (
    " ON CONFLICT (kind, object_id) DO UPDATE SET title = excluded.title, terms_title = excluded.terms_title, "
    "terms_body = excluded.terms_body, terms_tags = excluded.terms_tags, updated_at = excluded.updated_at"
)

# What write_documents stores for one object: the JSON text of (title, terms of the title, of the
# body, of the tags) on SQLite, the tuple itself on PostgreSQL (see document_preparer).
PreparedDocument = str | tuple[str, str, str, str]


@lru_cache(maxsize=100_000)
def _piece_text(piece: str) -> str:
    return " ".join(_piece_terms(piece))


def joined_terms(text: str) -> str:
    """`" ".join(terms(text))`, faster: one cached string per space-separated piece."""
    return " ".join(filter(None, map(_piece_text, text.split(" ")))) if text else ""


def joined_tag_terms(tags: Iterable[str]) -> str:
    """`" ".join(tag_terms(tags))`."""
    return " ".join(tag_term(tag) for tag in tags if tag)


def document_preparer() -> Callable[..., PreparedDocument]:
    """`prepare(entry, tags_text=None)`: the analysed text of a document (what
    index_documents_bulk computes), without its object id, ready for write_documents on the
    database in use. `tags_text`: the analysed tags, when the caller has them already (imports
    cache them by territory and category)."""
    # The JSON text (SQLite) is built here, in the process that analyses, not in the one that writes.
    encode = json.dumps if connection.vendor == "sqlite" else tuple

    def prepare(entry: IndexEntry, tags_text: str | None = None) -> PreparedDocument:
        return encode((entry.title[:500], joined_terms(entry.title), joined_terms(entry.body),
                       joined_tag_terms(entry.tags) if tags_text is None else tags_text))

    return prepare


def write_documents(kind: str, documents: Sequence[tuple[int, PreparedDocument]]) -> int:
    """Insert or replace the documents (object id, prepared document) of one kind; call it inside
    the caller's transaction.

    On SQLite the whole batch is one statement reading a JSON array (`json_each`): FTS5 flushes
    its pending terms to a new segment at every statement savepoint, and the trigger that feeds
    it makes each row of an `executemany` its own statement, hence one tiny segment (and merges)
    per row, about 3 times slower. PostgreSQL gets an `executemany`."""
    if not documents:
        return 0
    # The terms of the titles and bodies, for the vocabulary (see vocabulary.py).
    vocabulary.add_terms(vocabulary.text_terms(
        text for _, document in documents
        for text in (json.loads(document) if isinstance(document, str) else document)[1:3]))
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # `[[id, [title, terms…]], …]`, read by json_each: each document is already JSON.
            select = ", ".join(f"json_extract(value, '$[1][{i}]')" for i in range(4))
            cursor.execute(
                f"INSERT INTO {table} ({_BULK_COLUMNS}) SELECT %s, json_extract(value, '$[0]'), {select}, %s "
                f"FROM json_each(%s) WHERE true{_BULK_CONFLICT}",
                [kind, now, "[" + ",".join([f"[{object_id},{text}]" for object_id, text in documents]) + "]"],
            )
        else:
            cursor.executemany(f"INSERT INTO {table} ({_BULK_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                               f"{_BULK_CONFLICT}", [(kind, object_id, *text, now) for object_id, text in documents])
    return len(documents)


def index_documents_bulk(kind: str, entries: Iterable[IndexEntry], *, batch_size: int = 5000) -> int:
    """Like index_documents (same documents), for imports of hundreds of thousands of objects:
    no model instance and no SQL compiled per row, one write_documents per batch. Call it inside
    the caller's transaction."""
    prepare = document_preparer()
    count = 0
    batch: list[tuple[int, PreparedDocument]] = []
    for entry in entries:
        batch.append((entry.object_id, prepare(entry)))
        if len(batch) >= batch_size:
            count += write_documents(kind, batch)
            batch = []
    return count + write_documents(kind, batch)
