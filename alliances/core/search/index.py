"""Write and query the search documents, on SQLite (FTS5) or PostgreSQL (tsvector)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from alliances.core.models import SearchDocument
from alliances.core.search.analysis import tag_terms, terms

_FTS_TABLE = "core_searchdocument_fts"
# Relative weights of title, body and tags in the relevance score.
_SQLITE_BM25_WEIGHTS = "10.0, 1.0, 0.0"
_PG_WEIGHTS = "'{0.0, 0.0, 0.4, 1.0}'"


@dataclass(frozen=True)
class IndexEntry:
    object_id: int
    title: str
    body: str = ""
    tags: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class Match:
    object_id: int
    rank: float


def _document(kind: str, entry: IndexEntry) -> SearchDocument:
    return SearchDocument(
        kind=kind,
        object_id=entry.object_id,
        title=entry.title[:500],
        terms_title=" ".join(terms(entry.title)),
        terms_body=" ".join(terms(entry.body)),
        terms_tags=" ".join(tag_terms(entry.tags)),
    )


def index_documents(kind: str, entries: Iterable[IndexEntry], *, batch_size: int = 1000) -> int:
    """Insert or replace the documents of many objects of one kind; return how many."""
    count = 0
    batch: list[SearchDocument] = []
    for entry in entries:
        batch.append(_document(kind, entry))
        if len(batch) >= batch_size:
            count += _upsert(batch)
            batch = []
    if batch:
        count += _upsert(batch)
    return count


def _upsert(batch: list[SearchDocument]) -> int:
    SearchDocument.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["title", "terms_title", "terms_body", "terms_tags", "updated_at"],
    )
    return len(batch)


_BULK_COLUMNS = "kind, object_id, title, terms_title, terms_body, terms_tags, updated_at"
_BULK_CONFLICT = (
    " ON CONFLICT (kind, object_id) DO UPDATE SET title = excluded.title, terms_title = excluded.terms_title, "
    "terms_body = excluded.terms_body, terms_tags = excluded.terms_tags, updated_at = excluded.updated_at"
)


def index_documents_bulk(kind: str, entries: Iterable[IndexEntry], *, batch_size: int = 5000) -> int:
    """Like index_documents (same documents), for imports of hundreds of thousands of objects.

    No model instance and no SQL compiled per row. On SQLite a whole batch is one statement
    reading a JSON array (`json_each`): FTS5 flushes its pending terms to a new segment at
    every statement savepoint, and the trigger that feeds it makes each row of an
    `executemany` its own statement, hence one tiny segment (and merges) per row, about 3 times
    slower. PostgreSQL gets an `executemany`. Call it inside the caller's transaction.
    """
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    if connection.vendor == "sqlite":
        select = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(7))
        sql = f"INSERT INTO {table} ({_BULK_COLUMNS}) SELECT {select} FROM json_each(%s) WHERE true{_BULK_CONFLICT}"

        def write(cursor, rows):
            cursor.execute(sql, [json.dumps(rows)])
    else:
        sql = f"INSERT INTO {table} ({_BULK_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s){_BULK_CONFLICT}"

        def write(cursor, rows):
            cursor.executemany(sql, rows)

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    count = 0
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        for entry in entries:
            rows.append((kind, entry.object_id, entry.title[:500], " ".join(terms(entry.title)),
                         " ".join(terms(entry.body)), " ".join(tag_terms(entry.tags)), now))
            if len(rows) >= batch_size:
                write(cursor, rows)
                count += len(rows)
                rows = []
        if rows:
            write(cursor, rows)
            count += len(rows)
    return count


def index_document(*, kind: str, object_id: int, title: str, body: str = "", tags: Sequence[str] = ()) -> None:
    """Insert or replace the search document of one object."""
    index_documents(kind, [IndexEntry(object_id=object_id, title=title, body=body, tags=tags)])


def delete_document(*, kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


def delete_documents(kind: str, object_ids: Iterable[int] | None = None) -> None:
    """Delete the documents of some objects of a kind, or of all of them."""
    documents = SearchDocument.objects.filter(kind=kind)
    if object_ids is not None:
        documents = documents.filter(object_id__in=list(object_ids))
    documents.delete()


def search_documents(
    *, kind: str, query: str = "", tags: Sequence[str] = (), limit: int | None = 1000
) -> list[Match]:
    """Objects of `kind` whose text matches every word of `query` and that carry every tag.

    Each query word matches the words that start like its stem ("jeunes" → "jeunesse").
    Best match first. An empty query with no tag matches nothing.
    """
    words = list(dict.fromkeys(terms(query)))
    required_tags = list(dict.fromkeys(tag_terms(tags)))
    if not words and not required_tags:
        return []
    if connection.vendor == "postgresql":
        rows = _search_postgresql(kind, words, required_tags, limit)
    else:
        rows = _search_sqlite(kind, words, required_tags, limit)
    return [Match(object_id=object_id, rank=float(rank)) for object_id, rank in rows]


def matching_ids_sql(*, kind: str, query: str = "", tags: Sequence[str] = ()) -> tuple[str, list] | None:
    """SQL selecting the object ids `search_documents` would return (unranked), with its parameters.

    For a subquery (`WHERE id IN (…)`, a COUNT, a GROUP BY over the matches) that stays in the
    database instead of loading every matching id into Python. None when nothing can match.
    """
    words = list(dict.fromkeys(terms(query)))
    required_tags = list(dict.fromkeys(tag_terms(tags)))
    if not words and not required_tags:
        return None
    if connection.vendor == "postgresql":
        parts = [f"{w}:*" for w in words] + [f"{t}:C" for t in required_tags]
        return ("SELECT object_id FROM core_searchdocument WHERE kind = %s "
                "AND search_vector @@ to_tsquery('simple', %s)", [kind, " & ".join(parts)])
    # CROSS JOIN keeps the FTS table as the outer loop: without it SQLite may scan the documents
    # and evaluate the MATCH once per row (seconds instead of milliseconds on 20,000 documents).
    clauses = [f'{{terms_title terms_body}} : "{w}"*' for w in words] + [f'terms_tags : "{t}"' for t in required_tags]
    return (f"SELECT d.object_id FROM {_FTS_TABLE} CROSS JOIN core_searchdocument d ON d.id = {_FTS_TABLE}.rowid "
            f"WHERE {_FTS_TABLE} MATCH %s AND d.kind = %s", [" AND ".join(clauses), kind])


def _search_sqlite(kind: str, words: list[str], tags: list[str], limit: int | None):
    clauses = [f'{{terms_title terms_body}} : "{w}"*' for w in words] + [f'terms_tags : "{t}"' for t in tags]
    match = " AND ".join(clauses)
    sql = (
        f"SELECT d.object_id, -bm25({_FTS_TABLE}, {_SQLITE_BM25_WEIGHTS}) AS rank "
        f"FROM {_FTS_TABLE} JOIN core_searchdocument d ON d.id = {_FTS_TABLE}.rowid "
        f"WHERE {_FTS_TABLE} MATCH %s AND d.kind = %s ORDER BY rank DESC, d.object_id"
    )
    params: list = [match, kind]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _search_postgresql(kind: str, words: list[str], tags: list[str], limit: int | None):
    # Stems and tags are plain [a-z0-9] tokens (see analysis.py), safe inside to_tsquery.
    parts = [f"{w}:*" for w in words] + [f"{t}:C" for t in tags]
    tsquery = " & ".join(parts)
    sql = (
        "SELECT object_id, ts_rank(search_vector, q, 1) * 1.0 AS rank "
        "FROM core_searchdocument, to_tsquery('simple', %s) q "
        "WHERE kind = %s AND search_vector @@ q ORDER BY rank DESC, object_id"
    )
    sql = sql.replace("ts_rank(search_vector", f"ts_rank({_PG_WEIGHTS}, search_vector")
    params: list = [tsquery, kind]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
