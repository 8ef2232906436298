"""Writes of the observatory: recomputing the aggregated counts, generating open-data files."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from alliances.core import extensions
from alliances.observatory.counters import COUNTERS, Counter, SourceUnavailable, count_cells
from alliances.observatory.enums import Level
from alliances.observatory.models import RefreshRun, TerritoryCount
from alliances.observatory.secrecy import SecretCell, apply_secrecy, group_keys
from alliances.territories.models import Territory

logger = logging.getLogger(__name__)


def _parents(territory_ids: set[int]) -> dict[tuple[str, int], tuple[str, int | None]]:
    """(level, territory id) -> (level, id) of the cell its count adds up into."""
    parents: dict[tuple[str, int], tuple[str, int | None]] = {}
    rows = Territory.objects.filter(pk__in=territory_ids).values_list(
        "pk", "kind", "region_id", "departement_id", "epci_id"
    )
    for pk, kind, region_id, departement_id, epci_id in rows:
        by_kind: dict[str, tuple[str, int | None]] = {
            Level.REGION: (Level.NATIONAL, None),
            Level.DEPARTEMENT: (Level.REGION, region_id),
            Level.EPCI: (Level.DEPARTEMENT, departement_id),
            Level.COMMUNE: (Level.EPCI, epci_id) if epci_id else (Level.DEPARTEMENT, departement_id),
        }
        parent = by_kind.get(kind)
        if parent is not None:
            parents[(kind, pk)] = parent
    return parents


def _secret_cells(counter: Counter, cells: list[tuple]) -> dict[tuple, SecretCell]:
    """Apply statistical secrecy to one confidential counter's cells."""
    secret = {(lvl, tid, dim, val): SecretCell((lvl, tid, dim, val), n) for lvl, tid, dim, val, _label, n in cells}
    exclusive = {d.slug for d in counter.dimensions if d.exclusive}
    parents = _parents({tid for _lvl, tid, *_ in secret if tid is not None})

    def breakdown_margin(key: tuple) -> tuple | None:
        level, territory_id, dimension, _value = key
        if dimension in exclusive:
            return (level, territory_id, "", "")
        return None

    def territorial_margin(key: tuple) -> tuple | None:
        level, territory_id, dimension, value = key
        if level == Level.NATIONAL:
            return None
        parent = parents.get((level, territory_id))
        if parent is None or (parent[0] != Level.NATIONAL and parent[1] is None):
            return None
        return (*parent, dimension, value)

    apply_secrecy(
        secret.values(),
        breakdowns=[*group_keys(secret, breakdown_margin), *group_keys(secret, territorial_margin)],
    )
    return secret


_COUNT_COLUMNS = (
    "level",
    "territory_id",
    "metric",
    "dimension",
    "value",
    "value_label",
    "count",
    "confidential",
    "suppressed",
    "secondary",
    "computed_at",
)


def _insert_counts(rows: list[tuple], computed_at: datetime) -> None:
    """Insert the cells as plain tuples: bulk_create spent 2.5 minutes building and converting
    400,000 model instances of a national refresh, more than the counting itself."""
    table = connection.ops.quote_name(TerritoryCount._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COUNT_COLUMNS)
    stamp = connection.ops.adapt_datetimefield_value(computed_at)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_COUNT_COLUMNS))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, [(*row, stamp) for row in rows[start : start + 5000]])


def observatory_refresh(*, counters: tuple[Counter, ...] = COUNTERS) -> RefreshRun:
    """Recompute every aggregated count from the source apps and replace the stored ones.

    Each counter is computed independently: a source app that is absent (not installed, not
    migrated, a field missing) contributes nothing and the reason is kept in the run.
    """
    run = RefreshRun(started_at=timezone.now())
    now = run.started_at
    rows: list[tuple] = []
    for counter in counters:
        try:
            with transaction.atomic():  # a failing query must not break the outer transaction
                cells = list(count_cells(counter))
        except (SourceUnavailable, DatabaseError) as error:
            logger.info("Observatoire : %s ignoré (%s)", counter.metric, error)
            run.sources[counter.metric] = f"indisponible : {error}"
            continue
        run.sources[counter.metric] = "ok"
        secret = _secret_cells(counter, cells) if counter.confidential else {}
        for level, territory_id, dimension, value, label, count in cells:
            cell = secret.get((level, territory_id, dimension, value))
            rows.append(
                (
                    level,
                    territory_id,
                    counter.metric,
                    dimension,
                    value[:60],
                    label[:200],
                    count,
                    counter.confidential,
                    bool(cell and cell.suppressed),
                    bool(cell and cell.secondary),
                )
            )
    with transaction.atomic():
        TerritoryCount.objects.all().delete()
        _insert_counts(rows, now)
        run.cells = len(rows)
        run.finished_at = timezone.now()
        run.save()
        # Keep a short history of runs only.
        old = RefreshRun.objects.values_list("pk", flat=True)[20:]
        RefreshRun.objects.filter(pk__in=list(old)).delete()
    return run


def other_aggregates_refresh() -> list[str]:
    """Run the nightly recounts other apps declare (`refresh_aggregates()` in their hooks module,
    e.g. the directory's counts per territory) with the observatory's; return what each did.

    One scheduled job keeps every precomputed figure of the platform fresh, and a source app
    that is absent simply contributes nothing.
    """
    return extensions.refresh_aggregates()
