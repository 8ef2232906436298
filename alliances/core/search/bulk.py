"""Search documents for big imports: text analysed anywhere (in another process), rows written
in one statement per batch.

`document_preparer()` gives a pure function (no database): an importer analyses the text of its documents in
the process that parses the file, and the process that writes sends them with
`write_documents`: the same rows as `index_documents_bulk` writes. The preparer also keeps the
terms it meets for the first time (`new_terms()`), which `write_documents` adds to the
vocabulary (alliances.core.search.vocabulary): tracked where the text is analysed, they cost the
process that writes nothing per document (reading them back from each document cost 3 to 5 µs
per document there).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence

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

# What write_documents stores for one object: (title, terms of the title, of the body, of the tags).
PreparedDocument = tuple[str, str, str, str]
# SQLite: the table a batch of documents goes through (see write_documents), private to the
# connection (TEMP) and emptied after each batch.
_SQLITE_BATCH = "temp.core_searchdocument_batch"


def joined_tag_terms(tags: Iterable[str]) -> str:
    """`" ".join(tag_terms(tags))`."""
    return " ".join(tag_term(tag) for tag in tags if tag)


class DocumentPreparer:
    """`prepare(entry, tags_text=None)`: the analysed text of a document (what
    index_documents_bulk computes), without its object id, ready for write_documents. `tags_text`: the analysed tags, when the caller has them already (imports
    cache them by territory and category)."""

    # Most space-separated pieces whose analysed text is kept (a national register meets a few
    # hundred thousand distinct ones; past this the cache starts again, to bound the memory).
    MAX_PIECES = 300_000

    def __init__(self) -> None:
        self._piece_texts: dict[str, str] = {}
        self._terms: set[str] = set()
        self._new_terms: list[str] = []

    def __call__(self, entry: IndexEntry, tags_text: str | None = None) -> PreparedDocument:
        return (
            entry.title[:500],
            self._joined(entry.title),
            self._joined(entry.body),
            joined_tag_terms(entry.tags) if tags_text is None else tags_text,
        )

    def _joined(self, text: str) -> str:
        """`" ".join(terms(text))`, noting the terms met for the first time: one lookup per
        space-separated piece in a dictionary of the pieces met before (terms are analysed piece
        by piece, alliances.core.search.analysis.terms)."""
        if not text:
            return ""
        texts = self._piece_texts
        pieces = text.split(" ")
        try:
            return " ".join(filter(None, map(texts.__getitem__, pieces)))
        except KeyError:
            pass
        if len(texts) > self.MAX_PIECES:
            texts.clear()
        for piece in pieces:
            if piece not in texts:
                piece_terms = _piece_terms(piece)
                texts[piece] = " ".join(piece_terms)
                for term in piece_terms:
                    if term not in self._terms:
                        self._terms.add(term)
                        self._new_terms.append(term)
        return " ".join(filter(None, map(texts.__getitem__, pieces)))

    def new_terms(self) -> list[str]:
        """The terms met since the previous call (and never before), for write_documents."""
        found, self._new_terms = self._new_terms, []
        return found


def document_preparer() -> DocumentPreparer:
    return DocumentPreparer()


def write_documents(
    kind: str, documents: Sequence[tuple[int, PreparedDocument]], *, terms: Iterable[str] | None = None
) -> int:
    """Insert or replace the documents (object id, prepared document) of one kind; call it inside
    the caller's transaction. `terms`: at least the terms of these documents not given to a
    previous write_documents of the same preparers (`DocumentPreparer.new_terms()`); None: read
    from the documents (slower).

    On SQLite the documents reach their table in one statement: FTS5 flushes its pending terms to
    a new segment at every statement savepoint, and the trigger that feeds it makes each row of an
    `executemany` its own statement, hence one tiny segment (and merges) per row, about 3 times
    slower. They are first put in a temporary table (an `executemany` without trigger), then
    copied by one `INSERT … SELECT`: 1 to 1.8 µs per document cheaper than one statement reading
    a JSON array, which parsed each document's JSON again for each column (measured on 200,000
    documents of the national RNA file, 2.7–2.9 → 2.5–2.6 s of CPU). PostgreSQL gets an
    `executemany`."""
    # The terms of the titles and bodies, for the vocabulary (see vocabulary.py), before the
    # documents: a document never holds a term missing from it.
    if terms is None:
        terms = vocabulary.text_terms(text for _, document in documents for text in document[1:3])
    vocabulary.add_terms(terms)
    if not documents:
        return 0
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {_SQLITE_BATCH.split('.')[1]} (object_id INTEGER, "
                "title TEXT, terms_title TEXT, terms_body TEXT, terms_tags TEXT)"
            )
            cursor.executemany(
                f"INSERT INTO {_SQLITE_BATCH} VALUES (%s, %s, %s, %s, %s)",
                [(object_id, *document) for object_id, document in documents],
            )
            # `WHERE true`: SQLite's parser needs it before an upsert's ON CONFLICT after a SELECT.
            cursor.execute(
                f"INSERT INTO {table} ({_BULK_COLUMNS}) SELECT %s, object_id, title, terms_title, "
                f"terms_body, terms_tags, %s FROM {_SQLITE_BATCH} WHERE true{_BULK_CONFLICT}",
                [kind, now],
            )
            cursor.execute(f"DELETE FROM {_SQLITE_BATCH}")
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({_BULK_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s){_BULK_CONFLICT}",
                [(kind, object_id, *text, now) for object_id, text in documents],
            )
    return len(documents)


# SQLite: FTS5 settings while an import writes hundreds of thousands of documents (see
# bulk_writing), and FTS5's defaults, restored after.
_FTS_TABLE = "core_searchdocument_fts"
_FTS_BULK = {"automerge": 16, "crisismerge": 64, "hashsize": 16 * 1024 * 1024}
_FTS_DEFAULTS = {"automerge": 4, "crisismerge": 16, "hashsize": 1024 * 1024}


@contextlib.contextmanager
def bulk_writing() -> Iterator[None]:
    """Around an import that writes documents by the hundred thousand (SQLite; nothing on
    PostgreSQL): FTS5 merges its segments less eagerly and keeps more pending terms in memory.

    FTS5 writes the pending terms of each statement to a new segment, then merges segments in
    the background of later writes as soon as 4 of a level exist (`automerge`): at national scale
    the same terms are rewritten at every level. Merging 16 at a time, with a 16 MB hash of
    pending terms, writes a document ~25 % faster (measured on 1 million documents: 22.8 → 17.4 µs
    per document). The index then keeps more, smaller segments until later writes merge them:
    a search reads one more page per segment and term (measured: counting 2,000 matches of a
    word in a département, median 0.06 → 0.10 ms). FTS5's defaults are set again afterwards
    (they are stored in the FTS table, for every connection)."""
    if connection.vendor != "sqlite":
        yield
        return
    _fts_config(_FTS_BULK)
    try:
        yield
    finally:
        _fts_config(_FTS_DEFAULTS)


def _fts_config(values: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        for key, value in values.items():
            cursor.execute(f"INSERT INTO {_FTS_TABLE} ({_FTS_TABLE}, rank) VALUES (%s, %s)", [key, value])


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
            count += write_documents(kind, batch, terms=prepare.new_terms())
            batch = []
    return count + write_documents(kind, batch, terms=prepare.new_terms())
