"""Fast inserts for the benchmarks' generators: raw `executemany` of prepared rows.

`bulk_create` builds a model instance per row and prepares every field of every row (1.9 million
organisations: ~10 min under load). Here the model's defaults are prepared once, as one row, and
each inserted row only replaces the columns the generator varies (name, commune, dates…): a
few hundred thousand rows a second are handed to the driver (SQLite: one prepared statement;
PostgreSQL: `COPY … FROM STDIN`). No signal is sent and no `save()` runs: what a
benchmark reads must not depend on them (search index, audit), or be written by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

BATCH = 50_000


def prepared(model: Any, attname: str, value: Any) -> Any:
    """`value` as the database stores it in `model.attname` (datetimes, JSON, booleans)."""
    from django.db import connection

    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    return field.get_db_prep_save(value, connection)


def insert_rows(model: Any, attnames: Sequence[str], rows: Iterable[Sequence[Any]], *, batch: int = BATCH) -> int:
    """Insert `rows` (values of `attnames`, already prepared) with the model's defaults elsewhere.

    Columns with a database default (`db_default`) are left to the database; so is the primary
    key. Return the number of rows inserted."""
    from django.db import connection, transaction
    from django.db.models.expressions import DatabaseDefault

    template = model()
    columns, base = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        value = field.pre_save(template, add=True)
        if isinstance(value, DatabaseDefault):
            if field.attname in attnames:
                columns.append(field)
                base.append(None)
            continue
        columns.append(field)
        base.append(field.get_db_prep_save(value, connection))
    positions = {field.attname: i for i, field in enumerate(columns)}
    missing = [name for name in attnames if name not in positions]
    if missing:
        raise ValueError(f"colonnes inconnues : {missing}")
    slots = [positions[name] for name in attnames]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in columns),
        ", ".join(["%s"] * len(columns)),
    )
    total = 0
    chunk: list[tuple] = []

    copy = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(field.column) for field in columns)
    )

    def flush() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: executemany ran at ~3,000 rows/s
                with cursor.cursor.copy(copy) as stream:
                    for row in chunk:
                        stream.write_row(row)
            else:
                cursor.executemany(sql, chunk)

    for values in rows:
        row = list(base)
        for slot, value in zip(slots, values, strict=True):
            row[slot] = value
        chunk.append(tuple(row))
        if len(chunk) >= batch:
            flush()
            total += len(chunk)
            chunk = []
    if chunk:
        flush()
        total += len(chunk)
    return total
