"""The vocabulary of the search documents, to turn a prefix into the exact terms it stands for.

A query word is a prefix ("jeun" finds "jeunesse"). Given to the GIN index as `jeun:*`, it makes
PostgreSQL read the postings of every term starting so over the whole base into a bitmap before
intersecting it with the other words and the tags: 70 to 140 ms for a common word at national
scale, however small the territory. The same word given as the exact terms that start so
(`jeun | jeuness | …`) is intersected lazily, driven by the rarest list: 7 ms for "sport" in the
Gironde (18,165 matches), measured on the national bench database. Both queries match the same
documents as long as the vocabulary holds every term of the titles and bodies, which is why
every write of documents adds its terms here in the same transaction (terms are never removed:
a term that no document holds any more matches nothing, and costs one lookup).

Table `core_searchterm` (migration core/0005), on both databases: PostgreSQL's search uses it
for every prefix; SQLite's for the words longer than FTS5's prefix index (lengths 2 to 4,
migration core/0006).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.db import connection

TABLE = "core_searchterm"
# Most exact terms a prefix is replaced by: beyond, the prefix itself (`jeun:*`) is cheaper
# than that many lookups (a two-letter word of a query can stand for thousands of terms).
MAX_EXPANSION = 200
# to_tsvector refuses a text of more than 1 MB: the new terms are sent in pieces.
_CHUNK_CHARS = 500_000


def add_terms(terms: Iterable[str]) -> None:
    """Record terms of titles and bodies just written (each a [a-z0-9] word), in the caller's
    transaction; those already known are ignored."""
    words = {term for term in terms if term}
    if not words:
        return
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(
                f"INSERT OR IGNORE INTO {TABLE} (term) SELECT value FROM json_each(%s)", [json.dumps(sorted(words))]
            )
            return
        for text in _chunks(sorted(words)):
            # The lexemes PostgreSQL's own parser makes of them: exactly those of search_vector.
            cursor.execute(
                f"INSERT INTO {TABLE} (term) SELECT unnest(tsvector_to_array(to_tsvector('simple', %s))) "
                "ON CONFLICT DO NOTHING",
                [text],
            )


def text_terms(texts: Iterable[str]) -> Iterator[str]:
    """The terms of analysed texts (space-separated terms, as SearchDocument.terms_title)."""
    for text in texts:
        if text:
            yield from text.split()


def _chunks(words: list[str]) -> Iterator[str]:
    chunk, size = [], 0
    for word in words:
        chunk.append(word)
        size += len(word) + 1
        if size >= _CHUNK_CHARS:
            yield " ".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield " ".join(chunk)


def expansions(prefixes: list[str]) -> dict[str, list[str] | None]:
    """For each prefix, the terms of the vocabulary that start with it, in order; None when
    they are more than MAX_EXPANSION (the prefix is then kept as such)."""
    if not prefixes:
        return {}
    # Terms are [a-z0-9] (analysis.py), compared byte by byte (the "C" collation on
    # PostgreSQL, BINARY on SQLite): the terms starting with `p` are the B-tree range [p, p || '~').
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT p, ARRAY(SELECT term FROM {TABLE} WHERE term >= p AND term < p || '~' "
                "ORDER BY term LIMIT %s) FROM unnest(%s::text[]) AS p",
                [MAX_EXPANSION + 1, list(prefixes)],
            )
            found = dict(cursor.fetchall())
        else:
            found = {}
            for prefix in prefixes:
                cursor.execute(
                    f"SELECT term FROM {TABLE} WHERE term >= %s AND term < %s ORDER BY term LIMIT %s",
                    [prefix, prefix + "~", MAX_EXPANSION + 1],
                )
                found[prefix] = [row[0] for row in cursor.fetchall()]
    return {p: (found[p] if len(found[p]) <= MAX_EXPANSION else None) for p in prefixes}
