"""Bring a bench database back to the state of a fresh one after its organisations were deleted."""

from __future__ import annotations

from django.db import connection


def compact_after_delete() -> None:
    """SQLite: rebuild the full-text index from the documents left and give the freed pages back.

    Deleting a million documents does not shrink the FTS5 index: it adds as many deletion
    markers, which the next import's merges carry along, and the freed pages are scattered in the
    file. Measured on the national RNA file: 151 s to import into such a database, 128 s into a
    fresh one. An import into an empty directory is measured as on a new instance."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO core_searchdocument_fts(core_searchdocument_fts) VALUES ('rebuild')")
        cursor.execute("VACUUM")
