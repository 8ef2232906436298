"""Raw SQL of the register imports: SQLite settings for a big import, `IN` lists by chunks, rows written
as tuples with `executemany`, theme and SDG links."""

from __future__ import annotations

import contextlib

from django.db import connection

from alliances.actors.models import Organisation
from alliances.core.search import bulk_writing

# Rows per `IN (…)` list: under SQLite's historical limit of 999 variables.
_IN_CHUNK = 900
# SQLite page cache during a big import (negative: KiB): the organisation table and its
# indexes outgrow the default 2 MB at a few hundred thousand rows, and every batch then
# rereads index pages from the OS. 64 MB keeps the hot index pages in memory and stays
# well within the import's memory budget. When the directory's list indexes are built after the
# import (DIRECTORY_INDEXES) the pages written are those of the tables and of indexes filled in
# order: 32 MB write as fast (national RNA file: 100.8 s of the writing process's CPU with 32 MB,
# 107.5 s with 64, same machine load) and the process's peak memory falls from 301 to 266 MB.
_SQLITE_IMPORT_CACHE_KIB = 64 * 1024
_SQLITE_DEFERRED_IMPORT_CACHE_KIB = 32 * 1024
# WAL pages between two checkpoints during a big import (SQLite's default: 1,000 pages, 4 MB).
# A batch of 10,000 lines writes more than that, so every commit was followed by a checkpoint,
# and with `synchronous = NORMAL` each checkpoint waits for the disk (fsync of the WAL, then of
# the database): the national RNA import spent 165 s of wall time for 114 s of CPU. 50,000 pages
# (200 MB of WAL at most) make ~10 times fewer checkpoints, each copying a page written by
# several batches once.
_SQLITE_IMPORT_WAL_PAGES = 50_000


def chunks(items: list, size: int = _IN_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def select_in(cursor, table: str, key: str, columns: str, keys, where: str = "") -> list[tuple]:
    """Rows (key, *columns) of `table` whose `key` is one of `keys`, by chunks of `IN` lists."""
    rows: list[tuple] = []
    for chunk in chunks(list(keys)):
        cursor.execute(
            f"SELECT {key}, {columns} FROM {table} WHERE {key} IN ({', '.join(['%s'] * len(chunk))}){where}", chunk
        )
        rows += cursor.fetchall()
    return rows


# `NOT (rna_id = '')` repeats the condition of the partial unique index on rna_id: without it
# neither SQLite nor PostgreSQL (past 100 values) uses the index, and each batch would scan the
# whole table.
RNA_ID_INDEXED = " AND NOT (rna_id = '')"


@contextlib.contextmanager
def bulk_import_settings(*, indexes_deferred: bool = False):
    """Tune the SQLite connection for the duration of a big import, then restore it.

    The page cache is enlarged, the WAL is checkpointed less often (then emptied at the end),
    and the full-text index merges less eagerly (see alliances.core.search.bulk_writing).
    `synchronous` stays at NORMAL (set in settings): in WAL
    mode NORMAL already skips the fsync of each commit (it syncs at checkpoints only), so OFF
    would gain little while risking a corrupt database on a power cut or system crash in the
    middle of an import; with NORMAL an interrupted import loses at most its last batches,
    which a re-run imports again.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA wal_autocheckpoint")
        previous_wal = cursor.fetchone()[0]
        cache_kib = _SQLITE_DEFERRED_IMPORT_CACHE_KIB if indexes_deferred else _SQLITE_IMPORT_CACHE_KIB
        cursor.execute(f"PRAGMA cache_size = -{cache_kib}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {_SQLITE_IMPORT_WAL_PAGES}")
    try:
        with bulk_writing():
            yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(previous_wal)}")
            if not connection.in_atomic_block:
                # Copy the import's last pages into the database and empty the WAL file.
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _sql_literal(value) -> str:
    """A model default as an SQL literal (only the simple types of the organisation's defaults)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE") if connection.vendor == "postgresql" else str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"unexpected default {value!r}")


class RawTable:
    """Raw statements for the rows an import writes into one model's table (built once).

    A national file has millions of lines: model instances and SQL compiled per row cost more
    than the database itself, so rows are plain tuples sent with `executemany`.
    """

    def __init__(self, model, columns: tuple[str, ...]):
        meta = model._meta
        quote = connection.ops.quote_name
        self.table = quote(meta.db_table)
        by_column = {f.column: f for f in meta.concrete_fields}
        # Columns not written by the import get their model default, written in the statement
        # itself (fewer parameters to bind per row).
        constant_columns = [c for c, f in by_column.items() if c not in columns and not f.primary_key]
        constants = [
            _sql_literal(by_column[c].get_db_prep_save(by_column[c].get_default(), connection))
            for c in constant_columns
        ]
        self.columns = columns
        self._row = "(" + ", ".join(["%s"] * len(columns) + constants) + ")"
        self._into = f"INSERT INTO {self.table} ({', '.join(quote(c) for c in [*columns, *constant_columns])})"
        self.insert = f"{self._into} VALUES {self._row}"

    def update(self, columns: tuple[str, ...]) -> str:
        assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
        return f"UPDATE {self.table} SET {assignments} WHERE id = %s"

    def insert_returning_ids(self, cursor, rows: list[tuple]) -> list[int]:
        """Insert the rows; return their ids, in order."""
        if not rows:
            return []
        if connection.vendor == "sqlite":
            # The transaction holds SQLite's only write lock: the rows of one executemany get
            # consecutive ids, the last one being last_insert_rowid().
            cursor.executemany(self.insert, rows)
            cursor.execute("SELECT last_insert_rowid()")
            last = cursor.fetchone()[0]
            return list(range(last - len(rows) + 1, last + 1))
        ids = []
        for chunk in chunks(rows, 500):  # as bulk_create does: RETURNING gives the ids in order
            cursor.execute(
                f"{self._into} VALUES {', '.join([self._row] * len(chunk))} RETURNING id",
                [value for row in chunk for value in row],
            )
            ids += [row[0] for row in cursor.fetchall()]
        return ids


def delete_links(cursor, organisation_ids: list[int]) -> None:
    """Delete the theme and SDG links of these organisations (one statement per table and chunk)."""
    quote = connection.ops.quote_name
    for chunk in chunks(organisation_ids):
        in_list = ", ".join(["%s"] * len(chunk))
        for through in (Organisation.themes.through, Organisation.sdgs.through):
            cursor.execute(f"DELETE FROM {quote(through._meta.db_table)} WHERE organisation_id IN ({in_list})", chunk)


def replace_links(cursor, links: list[tuple[int, list[int], list[int]]], replace: list[int]) -> None:
    """Theme and SDG links of organisations, (id, theme ids, SDG numbers); those of `replace` are
    deleted first (one executemany per table)."""
    themes, sdgs = Organisation.themes.through._meta, Organisation.sdgs.through._meta
    quote = connection.ops.quote_name
    themes_table, theme_column = quote(themes.db_table), quote(themes.get_field("theme").column)
    sdgs_table, sdg_column = quote(sdgs.db_table), quote(sdgs.get_field("sdg").column)
    delete_links(cursor, replace)
    theme_links = [(pk, theme_id) for pk, theme_ids, _sdgs in links for theme_id in theme_ids]
    sdg_links = [(pk, number) for pk, _themes, sdgs in links for number in sdgs]
    for table, column, rows in ((themes_table, theme_column, theme_links), (sdgs_table, sdg_column, sdg_links)):
        if not rows:
            continue
        if connection.vendor == "sqlite":
            # One statement reading a JSON array: a third cheaper than an executemany of two
            # integers per row (binding and stepping one statement per link).
            cursor.execute(
                f"INSERT INTO {table} (organisation_id, {column}) SELECT value ->> 0, value ->> 1 FROM json_each(%s)",
                ["[" + ",".join([f"[{pk},{other}]" for pk, other in rows]) + "]"],
            )
        else:
            cursor.executemany(f"INSERT INTO {table} (organisation_id, {column}) VALUES (%s, %s)", rows)
