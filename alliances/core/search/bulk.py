"""Search documents for big imports: terms computed anywhere (in another process), rows written
in one statement per batch.

`document_terms` is pure (no database): an importer computes the terms of its documents in the
process that parses the file, and the process that writes sends them with `write_documents`,
the same rows as `index_documents_bulk` would write.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection
from django.utils import timezone

from alliances.core.models import SearchDocument
from alliances.core.search.analysis import tag_terms, terms
from alliances.core.search.index import _BULK_COLUMNS, _BULK_CONFLICT, IndexEntry

# (title, terms of the title, terms of the body, terms of the tags)
DocumentTerms = tuple[str, str, str, str]


def document_terms(entry: IndexEntry) -> DocumentTerms:
    """The indexed text of a document (what index_documents_bulk computes), without its object id."""
    return (entry.title[:500], " ".join(terms(entry.title)), " ".join(terms(entry.body)),
            " ".join(tag_terms(entry.tags)))


def write_documents(kind: str, documents: Sequence[tuple[int, DocumentTerms]]) -> int:
    """Insert or replace the documents (object id, document_terms) of one kind, in one statement
    on SQLite (see index_documents_bulk for why); call it inside the caller's transaction."""
    if not documents:
        return 0
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [(kind, object_id, *text, now) for object_id, text in documents]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            select = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(7))
            cursor.execute(f"INSERT INTO {table} ({_BULK_COLUMNS}) SELECT {select} FROM json_each(%s) "
                           f"WHERE true{_BULK_CONFLICT}", [json.dumps(rows)])
        else:
            cursor.executemany(f"INSERT INTO {table} ({_BULK_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                               f"{_BULK_CONFLICT}", rows)
    return len(rows)
