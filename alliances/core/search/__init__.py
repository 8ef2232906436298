"""The project's full-text search layer: one table of search documents for every app.

SQLite uses an FTS5 index, PostgreSQL a GIN-indexed tsvector; both index the same text,
already normalised and stemmed in Python (alliances.core.search.analysis), so that a query
returns the same documents on both databases. Apps index what they publish and search by kind:

    index_document(kind="practice", object_id=p.pk, title=p.title, body=..., tags=["odd:8"])
    search_documents(kind="practice", query="jeunesse emploi", tags=["odd:8"])
"""

from alliances.core.search.bulk import (
    DocumentPreparer,
    PreparedDocument,
    bulk_writing,
    document_preparer,
    index_documents_bulk,
    write_documents,
)
from alliances.core.search.index import (
    IndexEntry,
    Match,
    delete_document,
    delete_documents,
    index_document,
    index_documents,
    matching_ids_sql,
    search_documents,
)

__all__ = [
    "DocumentPreparer",
    "IndexEntry",
    "Match",
    "PreparedDocument",
    "bulk_writing",
    "delete_document",
    "delete_documents",
    "document_preparer",
    "index_document",
    "index_documents",
    "index_documents_bulk",
    "matching_ids_sql",
    "search_documents",
    "write_documents",
]
