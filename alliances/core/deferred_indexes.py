"""Build some indexes after a bulk load rather than during it.

A national import creates millions of rows. An index whose order has nothing to do with the
order of insertion (by name, by commune) receives each new row at a random place: under SQLite
every batch dirties thousands of pages of each such index, which every commit writes again. The
national RNA file (1.9 million lines, into an empty directory) took 116 s of the writing
process's CPU with the directory's four list indexes and 80 s without them; building the four
afterwards, by sorting, took 7.7 s (measured on 28 November 2026, see BENCHMARKS.md).
PostgreSQL's documentation gives the same advice ("Populating a Database: Remove Indexes").

`deferred_indexes(model, names)` drops the named indexes, runs the load, then builds them again,
also when the load fails. The SQL of each index is read from the database's own catalogue
(exactly what the migrations created) and recorded in `core.DeferredIndex` in the transaction
that drops the index: when the process is killed before its end, `restore_indexes()` — run at the
start of every import and by `alliances restore_indexes` — builds it again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from alliances.core.models import DeferredIndex


def _definition(cursor, table: str, name: str) -> str | None:
    """The SQL that created the index `name` of `table`, or None if it does not exist."""
    if connection.vendor == "sqlite":
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s AND tbl_name = %s", [name, table]
        )
    else:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %s AND tablename = %s",
            [name, table],
        )
    row = cursor.fetchone()
    return row[0] if row else None


# SQLite's page cache while it builds an index (KiB). Its sorter takes as much memory as the page
# cache again: building the directory's name index over 1.9 million organisations took 146 MB
# with an import's 64 MB cache, 48 MB with 16 MB, in the same time (2.1 to 3.4 s).
_SQLITE_BUILD_CACHE_KIB = 16 * 1024


def _create(cursor, definition: str) -> None:
    if connection.vendor == "postgresql":
        # When the load ran inside a longer transaction (a caller's, a test's), PostgreSQL refuses
        # to build an index on a table whose rows still await their deferred foreign key checks:
        # run those checks now (they would run at the commit), then defer again as Django does.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    cursor.execute("PRAGMA cache_size")
    previous = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = -{_SQLITE_BUILD_CACHE_KIB}")
    try:
        cursor.execute(definition)
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _analyze(cursor, name: str) -> None:
    """SQLite forgets an index's statistics when it is dropped: gather them again if the database
    has statistics at all (without them the planner may prefer a worse index over the new one).
    PostgreSQL keeps its statistics by column."""
    if connection.vendor != "sqlite":
        return
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
    if cursor.fetchone():
        cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")


@contextlib.contextmanager
def deferred_indexes(model, names: Iterable[str], *, defer: bool = True) -> Iterator[list[str]]:
    """Drop these indexes of the model's table for the duration of the block (if `defer`), then
    build them again; yields the names actually dropped (an index already absent is skipped).

    Only for indexes that the load itself never reads: a lookup of the import through a dropped
    index would scan the table at every batch."""
    if not defer:
        yield []
        return
    table = model._meta.db_table
    dropped: list[str] = []
    try:
        for name in names:
            with transaction.atomic(), connection.cursor() as cursor:
                definition = _definition(cursor, table, name)
                if definition is None:
                    continue
                DeferredIndex.objects.update_or_create(name=name, defaults={"table": table, "definition": definition})
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            dropped.append(name)
        yield dropped
    finally:
        restore_indexes(dropped)


def restore_indexes(names: Iterable[str] | None = None) -> list[str]:
    """Build again the indexes recorded as deferred (only those of `names`, if given) and forget
    them; return their names. Building an index that exists again is skipped: idempotent."""
    pending = DeferredIndex.objects.order_by("id")
    if names is not None:
        pending = pending.filter(name__in=list(names))
    restored = []
    for deferred in pending:
        with transaction.atomic(), connection.cursor() as cursor:
            if _definition(cursor, deferred.table, deferred.name) is None:
                _create(cursor, deferred.definition)
                _analyze(cursor, deferred.name)
            deferred.delete()
        restored.append(deferred.name)
    return restored


def pending_indexes() -> list[str]:
    """Names of the indexes dropped by a load that has not built them again (yet)."""
    return list(DeferredIndex.objects.order_by("id").values_list("name", flat=True))
