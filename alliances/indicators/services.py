"""Writes to the indicator store: imports of official files, aggregation, coordinates."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction

from alliances.indicators.catalog import BY_CODE, INDICATORS
from alliances.indicators.derive import derived_measures
from alliances.indicators.enums import Aggregation, Source, ValueStatus
from alliances.indicators.importers.common import LineError, Row
from alliances.indicators.models import Indicator, IndicatorValue
from alliances.territories.enums import CommuneType, TerritoryKind
from alliances.territories.models import Territory

BATCH = 2000
MAX_REPORTED_ERRORS = 50
# Below this share of the population covered by communes with a known value, a computed
# aggregate is stored as "non disponible" rather than as a misleading partial figure.
MIN_COVERAGE = {Aggregation.SUM: 0.95, Aggregation.RATIO: 0.8, Aggregation.WEIGHTED: 0.8}


@dataclass
class ImportSummary:
    source: str
    rows: int = 0
    values: int = 0
    unknown_codes: list[str] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    error_count: int = 0
    vintages: set[int] = field(default_factory=set)
    aggregated: int = 0

    def add_error(self, error: LineError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)


def indicators_sync() -> dict[str, int]:
    """Copy the catalogue into the Indicator table (idempotent); return ids by code."""
    existing = {i.code: i for i in Indicator.objects.prefetch_related("sdgs")}
    for definition in INDICATORS:
        fields = {
            "label": definition.label, "unit": definition.unit, "direction": definition.direction,
            "source": Source(definition.source).label, "definition": definition.definition,
            "aggregation": definition.aggregation, "numerator": definition.numerator,
            "denominator": definition.denominator, "scale": definition.scale,
            "decimals": definition.decimals, "is_key": definition.key, "theme": definition.theme,
            "order": definition.order,
        }
        indicator = existing.get(definition.code)
        if indicator is None:
            indicator = Indicator.objects.create(code=definition.code, **fields)
        elif any(getattr(indicator, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(indicator, key, value)
            indicator.save()
        if sorted(s.number for s in indicator.sdgs.all()) != sorted(definition.sdgs):
            indicator.sdgs.set(definition.sdgs)
        existing[definition.code] = indicator
    return {code: indicator.pk for code, indicator in existing.items()}


def _territory_ids(kind: str) -> dict[str, int]:
    rows = Territory.objects.filter(kind=kind)
    if kind == TerritoryKind.COMMUNE:
        # Arrondissements of Paris, Lyon and Marseille have figures of their own; a
        # delegated commune sharing its code with its commune nouvelle must not win.
        rows = rows.filter(commune_type__in=[CommuneType.ACTUELLE, CommuneType.ARRONDISSEMENT])
    return dict(rows.values_list("code", "id"))


def indicators_import(
    *, source: str, rows: Iterable[Row | LineError], kind: str = TerritoryKind.COMMUNE,
    progress: Callable[[int], None] | None = None, aggregate: bool = True,
) -> ImportSummary:
    """Store the parsed rows of an official file (insert or update: a second run changes nothing).

    A line that cannot be read is reported and the others are kept; codes unknown to the
    referential are counted. Commune values are then aggregated to EPCI, département,
    région and France.
    """
    summary = ImportSummary(source=source)
    touched: set[tuple[str, int]] = set()
    with transaction.atomic():
        indicator_ids = indicators_sync()
        territory_ids = _territory_ids(kind)
        for batch in _batches(rows, BATCH):
            values = []
            for item in batch:
                if isinstance(item, LineError):
                    summary.add_error(item)
                    continue
                summary.rows += 1
                territory_id = territory_ids.get(item.code)
                if territory_id is None:
                    summary.unknown_codes.append(item.code)
                    continue
                for measure in item.measures + derived_measures(item.measures):
                    touched.add((measure.indicator, measure.vintage))
                    summary.vintages.add(measure.vintage)
                    values.append((indicator_ids[measure.indicator], territory_id, measure.vintage,
                                   measure.value, measure.status, False, None))
            _upsert_raw(values)
            summary.values += len(values)
            if progress:
                progress(len(batch))
        if aggregate and kind == TerritoryKind.COMMUNE:
            summary.aggregated = indicators_aggregate(keys=touched)
    return summary


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


_UPSERT_SQL = (
    "INSERT INTO {table} (indicator_id, territory_id, vintage, value, status, is_computed, coverage) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (indicator_id, territory_id, vintage) DO UPDATE SET value = excluded.value, "
    "status = excluded.status, is_computed = excluded.is_computed, coverage = excluded.coverage"
)


def _upsert_raw(values: list[tuple]) -> None:
    """Insert or update plain tuples: building 300,000 model instances would cost more than
    the database work (same SQL on SQLite and PostgreSQL)."""
    if not values:
        return
    with connection.cursor() as cursor:
        cursor.executemany(_UPSERT_SQL.format(table=IndicatorValue._meta.db_table), values)


@dataclass
class _Group:
    population: float = 0.0
    covered: float = 0.0
    numerator: float = 0.0
    denominator: float = 0.0


def indicators_aggregate(*, keys: Iterable[tuple[str, int]] | None = None) -> int:
    """Compute EPCI, département, région and France values from the communes.

    Sums for counts, ratios recomputed from the sums of their numerator and denominator,
    nothing for medians and classes. An official value already imported for a territory
    is kept. Return the number of values written.
    """
    indicator_ids = indicators_sync()
    if keys is None:
        keys = set(
            IndicatorValue.objects.filter(territory__kind=TerritoryKind.COMMUNE)
            .values_list("indicator__code", "vintage").distinct()
        )
    totals: dict[int | str, float] = defaultdict(float)
    for population, *groups in Territory.objects.current_communes().values_list(
        "population", "epci_id", "departement_id", "region_id"
    ):
        for key in [*filter(None, groups), "france"]:
            totals[key] += float(population or 0)
    written = 0
    with transaction.atomic():
        for code, vintage in sorted(set(keys)):
            definition = BY_CODE[code]
            if definition.aggregation == Aggregation.NONE:
                continue
            written += _aggregate_one(definition, vintage, indicator_ids, totals)
    return written


_GROUP_SQL = """
SELECT {group_column}, SUM(n.value{numerator_factor}), SUM({denominator}), SUM(COALESCE(t.population, 0))
FROM {territory} t
JOIN {value} n ON n.territory_id = t.id AND n.indicator_id = %s AND n.vintage = %s
{join_denominator}
WHERE t.kind = 'commune' AND t.commune_type = 'commune-actuelle' AND n.value IS NOT NULL {where_denominator}
{group_by}
"""


def _aggregate_one(definition, vintage: int, indicator_ids: dict[str, int], totals) -> int:
    """Aggregate one indicator for one vintage; the sums are done by the database (one
    GROUP BY per level) so that a national file stays fast."""
    if definition.aggregation == Aggregation.SUM:
        params = [indicator_ids[definition.code], vintage]
        factor, denominator, join, where = "", "0", "", ""
    else:
        # RATIO: n = numerator, d = denominator. WEIGHTED: n = the rate, d = its weight,
        # numerator = rate × weight / scale.
        n_code = definition.numerator if definition.aggregation == Aggregation.RATIO else definition.code
        params = [indicator_ids[n_code], vintage, indicator_ids[definition.denominator], vintage]
        factor = "" if definition.aggregation == Aggregation.RATIO else f" * d.value / {float(definition.scale)!r}"
        denominator = "d.value"
        join = f"JOIN {IndicatorValue._meta.db_table} d ON d.territory_id = t.id AND d.indicator_id = %s AND d.vintage = %s"
        where = "AND d.value IS NOT NULL"
    groups: dict[int | str, _Group] = defaultdict(_Group)
    for key, population in totals.items():
        groups[key].population = population
    with connection.cursor() as cursor:
        for column in ("t.epci_id", "t.departement_id", "t.region_id", None):
            sql = _GROUP_SQL.format(
                group_column=column or "'france'", numerator_factor=factor, denominator=denominator,
                territory=Territory._meta.db_table, value=IndicatorValue._meta.db_table,
                join_denominator=join, where_denominator=where,
                group_by=f"GROUP BY {column}" if column else "",
            )
            cursor.execute(sql, params)
            for key, numerator, denominator_sum, covered in cursor.fetchall():
                if key is None or numerator is None:
                    continue
                group = groups[key]
                group.numerator, group.denominator, group.covered = numerator, denominator_sum or 0.0, covered
    existing_official = set(
        IndicatorValue.objects.filter(
            indicator_id=indicator_ids[definition.code], vintage=vintage, is_computed=False
        ).exclude(territory__kind=TerritoryKind.COMMUNE).values_list("territory_id", flat=True)
    )
    minimum = MIN_COVERAGE[definition.aggregation]
    values: list[tuple] = []
    france: tuple | None = None
    indicator_id = indicator_ids[definition.code]
    for key, group in groups.items():
        territory_id = None if key == "france" else key
        if territory_id in existing_official or not group.covered:
            continue  # an official value wins; a territory without any commune value says nothing
        coverage = group.covered / group.population if group.population else 0.0
        if coverage < minimum or (definition.aggregation != Aggregation.SUM and not group.denominator):
            value, status = None, ValueStatus.NOT_AVAILABLE
        elif definition.aggregation == Aggregation.SUM:
            value, status = group.numerator, ValueStatus.OK
        else:
            value, status = definition.scale * group.numerator / group.denominator, ValueStatus.OK
        row = (indicator_id, territory_id, vintage, value, status, True, round(coverage, 4))
        if territory_id is None:
            france = row
        else:
            values.append(row)
    _upsert_raw(values)
    if france is not None:
        IndicatorValue.objects.update_or_create(
            indicator_id=indicator_id, territory=None, vintage=vintage,
            defaults={"value": france[3], "status": france[4], "is_computed": True, "coverage": france[6]},
        )
    return len(values) + (1 if france is not None else 0)


@dataclass
class CoordinatesSummary:
    points: int = 0
    communes: int = 0
    unknown_codes: list[str] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    error_count: int = 0


def commune_coordinates_import(*, rows: Iterable, progress: Callable[[int], None] | None = None) -> CoordinatesSummary:
    """Write each commune's coordinates (centroid of its La Poste points) to the referential."""
    from alliances.indicators.importers.laposte import Point, centroids

    summary = CoordinatesSummary()

    def points() -> Iterator[Point]:
        for item in rows:
            if progress:
                progress(1)
            if isinstance(item, LineError):
                summary.error_count += 1
                if len(summary.errors) < MAX_REPORTED_ERRORS:
                    summary.errors.append(item)
                continue
            summary.points += 1
            yield item

    coordinates = centroids(points())
    with transaction.atomic():
        territories = list(
            Territory.objects.filter(kind=TerritoryKind.COMMUNE, code__in=list(coordinates))
            .exclude(commune_type__in=[CommuneType.DELEGUEE, CommuneType.ASSOCIEE])
            .only("id", "code", "latitude", "longitude")
        )
        for territory in territories:
            territory.latitude, territory.longitude = coordinates[territory.code]
        # Plain UPDATEs: bulk_update's giant CASE expressions are slow for 35,000 rows.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Territory._meta.db_table} SET latitude = %s, longitude = %s WHERE id = %s",
                [(*coordinates[t.code], t.pk) for t in territories],
            )
    known = {t.code for t in territories}
    summary.communes = len(known)
    summary.unknown_codes = sorted(set(coordinates) - known)
    return summary
