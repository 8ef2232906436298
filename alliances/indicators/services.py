"""Writes to the indicator store: imports of official files, aggregation, coordinates."""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction

from alliances.core.text import normalize
from alliances.indicators.catalog import BY_CODE, INDICATORS
from alliances.indicators.derive import derived_measures
from alliances.indicators.enums import Aggregation, Source, ValueStatus
from alliances.indicators.importers.common import LineError, Row
from alliances.indicators.merge import merge_rows
from alliances.indicators.models import CommunesMedian, Indicator, IndicatorValue
from alliances.territories.enums import CommuneType, TerritoryKind
from alliances.territories.models import CommuneAlias, Territory

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
    # Today's commune code → codes of the file's lines carried to it (communes merged since).
    merged: dict[str, list[str]] = field(default_factory=dict)

    def add_error(self, error: LineError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)


def indicators_sync() -> dict[str, int]:
    """Copy the catalogue into the Indicator table (idempotent); return ids by code."""
    existing = {i.code: i for i in Indicator.objects.prefetch_related("sdgs")}
    for definition in INDICATORS:
        fields = {
            "label": definition.label,
            "unit": definition.unit,
            "direction": definition.direction,
            "source": Source(definition.source).label,
            "definition": definition.definition,
            "aggregation": definition.aggregation,
            "numerator": definition.numerator,
            "denominator": definition.denominator,
            "scale": definition.scale,
            "decimals": definition.decimals,
            "is_key": definition.key,
            "theme": definition.theme,
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


def _former_communes() -> tuple[dict[str, int], dict[int, str]]:
    """COG history: former commune code → today's commune id, and the code of each such commune."""
    rows = CommuneAlias.objects.filter(source=CommuneAlias.Source.COG).values_list(
        "former_code", "commune_id", "commune__code"
    )
    former: dict[str, int] = {}
    codes: dict[int, str] = {}
    for old, commune_id, code in rows:
        former[old] = commune_id
        codes[commune_id] = code
    return former, codes


def indicators_import(
    *,
    source: str,
    rows: Iterable[Row | LineError],
    kind: str = TerritoryKind.COMMUNE,
    progress: Callable[[int], None] | None = None,
    aggregate: bool = True,
) -> ImportSummary:
    """Store the parsed rows of an official file (insert or update: a second run changes nothing).

    A line that cannot be read is reported and the others are kept; codes unknown to the
    referential are counted. Commune values are then aggregated to EPCI, département,
    région and France.
    """
    summary = ImportSummary(source=source)
    touched: set[Key] = set()
    with transaction.atomic():
        indicator_ids = indicators_sync()
        territory_ids = _territory_ids(kind)
        former, merge_codes = _former_communes() if kind == TerritoryKind.COMMUNE else ({}, {})
        # Lines of communes that absorbed others, or of absorbed ones: combined at the end.
        pending: dict[int, list[Row]] = defaultdict(list)
        # The sums of the aggregation are made while the file streams by: reading the
        # million values back from the database afterwards cost more than writing them.
        aggregator = _Aggregator() if aggregate and kind == TerritoryKind.COMMUNE else None
        seen: set[int] = set()

        def store(territory_id: int, item: Row) -> list[tuple]:
            seen.add(territory_id)
            measures = item.measures + derived_measures(item.measures)
            row_values = {(indicator, vintage): value for indicator, vintage, value, _ in measures}
            touched.update(row_values)
            if aggregator is not None:
                aggregator.add(territory_id, row_values)
            return [
                (indicator_ids[indicator], territory_id, vintage, value, status, False, None)
                for indicator, vintage, value, status in measures
            ]

        for batch in _batches(rows, BATCH):
            values = []
            for item in batch:
                if isinstance(item, LineError):
                    summary.add_error(item)
                    continue
                summary.rows += 1
                territory_id = territory_ids.get(item.code)
                if territory_id is None and item.code in former:
                    pending[former[item.code]].append(item)
                    continue
                if territory_id is None:
                    summary.unknown_codes.append(item.code)
                    continue
                if territory_id in seen or any(r.code == item.code for r in pending.get(territory_id, ())):
                    summary.add_error(LineError(item.line, f"code {item.code} déjà lu plus haut, ligne ignorée"))
                    continue
                if territory_id in merge_codes:
                    pending[territory_id].append(item)
                    continue
                values.extend(store(territory_id, item))
            _upsert_raw(values)
            summary.values += len(values)
            if progress:
                progress(len(batch))
        values = []
        for territory_id, parts in pending.items():
            code = merge_codes[territory_id]
            if len(parts) > 1 or parts[0].code != code:
                summary.merged[code] = sorted(part.code for part in parts)
            values.extend(store(territory_id, merge_rows(code, parts)))
        _upsert_raw(values)
        summary.values += len(values)
        summary.vintages = {vintage for _, vintage in touched}
        if aggregator is not None:
            # Communes absent from this file keep the values of an earlier import: they count too.
            aggregator.add_stored(set(aggregator.communes) - seen, indicator_ids, keys=touched)
            summary.aggregated = _write_aggregates(aggregator, touched, indicator_ids)
            communes_medians_refresh(keys=touched, indicator_ids=indicator_ids)
    return summary


def communes_medians_refresh(*, keys: Iterable[Key], indicator_ids: dict[str, int]) -> int:
    """Median of the commune values of the key indicators per département, région and France.

    Only the portrait's key figures: they are the columns a person reads, and a national
    comparateur import must not pay for the others. Return the number of medians written.
    """
    wanted = {(indicator_ids[code], vintage) for code, vintage in keys if code in BY_CODE and BY_CODE[code].key}
    if not wanted:
        return 0
    groups: dict[tuple[int, int, int | None], list[float]] = defaultdict(list)
    rows = (
        IndicatorValue.objects.filter(
            indicator_id__in={i for i, _ in wanted},
            vintage__in={v for _, v in wanted},
            status=ValueStatus.OK,
            territory__kind=TerritoryKind.COMMUNE,
            territory__commune_type=CommuneType.ACTUELLE,
        )
        .values_list("indicator_id", "vintage", "value", "territory__departement_id", "territory__region_id")
        .iterator(chunk_size=5000)
    )
    for indicator_id, vintage, value, departement_id, region_id in rows:
        if (indicator_id, vintage) not in wanted or value is None:
            continue
        # Communes without a département (some overseas collectivities) count for France only.
        for group in {departement_id, region_id, None}:
            groups[(indicator_id, vintage, group)].append(value)
    medians = [
        CommunesMedian(indicator_id=i, vintage=v, territory_id=t, median=statistics.median(values), count=len(values))
        for (i, v, t), values in groups.items()
        if values
    ]
    for indicator_id, vintage in wanted:
        CommunesMedian.objects.filter(indicator_id=indicator_id, vintage=vintage).delete()
    CommunesMedian.objects.bulk_create(medians, batch_size=BATCH)
    return len(medians)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


_UPSERT_SQL = (
    "INSERT INTO {table} (indicator_id, territory_id, vintage, value, status, is_computed, coverage) "
    "VALUES {rows} "
    "ON CONFLICT (territory_id, indicator_id, vintage) DO UPDATE SET value = excluded.value, "
    "status = excluded.status, is_computed = excluded.is_computed, coverage = excluded.coverage"
)
# 100 rows × 7 parameters stays under the most conservative SQLite limit (999 parameters).
_ROWS_PER_STATEMENT = 100


def _upsert_raw(values: list[tuple]) -> None:
    """Insert or update plain tuples, 100 rows per statement (same SQL on SQLite and PostgreSQL).

    Building model instances for a national file (a million values) would cost more than the
    database work, and one multi-row statement costs about 20 % less than one row at a time.
    The rows must not repeat a key (PostgreSQL refuses to update a row twice in a statement).
    The driver's cursor is used directly: Django's SQLite wrapper rewrites every placeholder of
    every statement with a regular expression, which cost more than the inserts themselves.
    """
    if not values:
        return
    mark = "?" if connection.vendor == "sqlite" else "%s"
    row = f"({', '.join([mark] * 7)})"
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    full = _UPSERT_SQL.format(table=table, rows=", ".join([row] * _ROWS_PER_STATEMENT))
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        for start in range(0, len(values), _ROWS_PER_STATEMENT):
            chunk = values[start : start + _ROWS_PER_STATEMENT]
            sql = (
                full
                if len(chunk) == _ROWS_PER_STATEMENT
                else _UPSERT_SQL.format(table=table, rows=", ".join([row] * len(chunk)))
            )
            cursor.execute(sql, list(itertools.chain.from_iterable(chunk)))
    finally:
        cursor.close()


Key = tuple[str, int]  # (indicator code, vintage)
FRANCE = "france"
_SUM, _RATIO, _WEIGHTED = 0, 1, 2


class _Aggregator:
    """Sums of commune values towards the EPCI, département, région and France figures.

    Communes are summed per cell (EPCI, département, région): about 1,300 cells, rolled up to
    the four levels at the end, so that each commune is added once and not four times. For each
    aggregatable indicator and vintage a cell holds [numerator, denominator, population of the
    communes whose value is known]: sums for counts, numerator and denominator for a ratio, rate
    × weight and weight for a weighted rate — never an average of rates.
    """

    def __init__(self) -> None:
        self.communes: dict[int, tuple[tuple, float]] = {}
        self.population: dict[int | str, float] = defaultdict(float)
        for pk, population, *groups in Territory.objects.current_communes().values_list(
            "id", "population", "epci_id", "departement_id", "region_id"
        ):
            people = float(population or 0)
            self.communes[pk] = (tuple(groups), people)
            for group in [*filter(None, groups), FRANCE]:
                self.population[group] += people
        self.plans: dict[Key, tuple | None] = {}
        self.cells: dict[tuple, dict[Key, list[float]]] = defaultdict(dict)

    @staticmethod
    def _plan(key: Key) -> tuple | None:
        """(rule, key of the value or numerator, key of the denominator or weight, scale)."""
        code, vintage = key
        definition = BY_CODE.get(code)
        if definition is None or definition.aggregation == Aggregation.NONE:
            return None
        if definition.aggregation == Aggregation.SUM:
            return _SUM, key, None, 1.0
        if definition.aggregation == Aggregation.RATIO:
            return _RATIO, (definition.numerator, vintage), (definition.denominator, vintage), 1.0
        return _WEIGHTED, key, (definition.denominator, vintage), float(definition.scale)

    def add(self, territory_id: int, values: dict[Key, float | None]) -> None:
        """Count one commune's values (None = secret or not available); other levels are ignored."""
        info = self.communes.get(territory_id)
        if info is None:
            return  # an arrondissement or a delegated commune: its commune carries the figures
        cell, population = info
        sums = self.cells[cell]
        plans = self.plans
        for key in values:
            try:
                plan = plans[key]
            except KeyError:
                plan = plans[key] = self._plan(key)
            if plan is None:
                continue
            rule, first, second, scale = plan
            a = values.get(first)
            if a is None:
                continue
            if rule == _SUM:
                numerator, denominator = a, 0.0
            else:
                b = values.get(second)
                if b is None:
                    continue
                numerator, denominator = (a if rule == _RATIO else a * b / scale), b
            acc = sums.get(key)
            if acc is None:
                acc = sums[key] = [0.0, 0.0, 0.0]
            acc[0] += numerator
            acc[1] += denominator
            acc[2] += population

    def add_stored(
        self, territory_ids: set[int], indicator_ids: dict[str, int], *, keys: set[Key] | None = None
    ) -> None:
        """Count the values already stored for these communes (those of `keys` and their inputs)."""
        if not territory_ids:
            return
        codes = {code for code, _ in keys} if keys is not None else set(indicator_ids)
        for code in list(codes):
            definition = BY_CODE.get(code)
            if definition is not None:
                codes.update(filter(None, (definition.numerator, definition.denominator)))
        by_id = {pk: code for code, pk in indicator_ids.items() if code in codes}
        ordered = sorted(territory_ids)
        for start in range(0, len(ordered), 500):
            current, values = None, {}
            for territory_id, indicator_id, vintage, value in (
                IndicatorValue.objects.filter(
                    territory_id__in=ordered[start : start + 500], is_computed=False, indicator_id__in=by_id
                )
                .order_by("territory_id")
                .values_list("territory_id", "indicator_id", "vintage", "value")
            ):
                if territory_id != current:
                    if values:
                        self.add(current, values)
                    current, values = territory_id, {}
                values[(by_id[indicator_id], vintage)] = value
            if values:
                self.add(current, values)

    def totals(self) -> dict[Key, dict[int | str, list[float]]]:
        """The sums of every aggregatable key, per EPCI, département, région and France."""
        result: dict[Key, dict[int | str, list[float]]] = defaultdict(dict)
        for cell, sums in self.cells.items():
            groups = [*filter(None, cell), FRANCE]
            for key, (numerator, denominator, covered) in sums.items():
                per_group = result[key]
                for group in groups:
                    acc = per_group.get(group)
                    if acc is None:
                        per_group[group] = [numerator, denominator, covered]
                    else:
                        acc[0] += numerator
                        acc[1] += denominator
                        acc[2] += covered
        return result


def indicators_aggregate(*, keys: Iterable[Key] | None = None) -> int:
    """Compute EPCI, département, région and France values from the stored commune values.

    Sums for counts, ratios recomputed from the sums of their numerator and denominator,
    nothing for medians and classes. An official value already imported for a territory
    is kept. Return the number of values written.
    """
    indicator_ids = indicators_sync()
    wanted = set(keys) if keys is not None else None
    with transaction.atomic():
        aggregator = _Aggregator()
        aggregator.add_stored(set(aggregator.communes), indicator_ids, keys=wanted)
        if wanted is None:
            wanted = {key for sums in aggregator.cells.values() for key in sums}
        written = _write_aggregates(aggregator, wanted, indicator_ids)
        communes_medians_refresh(keys=wanted, indicator_ids=indicator_ids)
        return written


def _official_values(indicator_ids: dict[str, int]) -> set[tuple[int, int, int | None]]:
    """(indicator id, vintage, territory id) of the values read from an official file above the
    commune level (territory None = France): an aggregate never replaces them."""
    above_communes = Territory.objects.exclude(kind=TerritoryKind.COMMUNE).values("id")
    official = IndicatorValue.objects.filter(is_computed=False, indicator_id__in=indicator_ids.values())
    return {
        *official.filter(territory_id__in=above_communes).values_list("indicator_id", "vintage", "territory_id"),
        *official.filter(territory__isnull=True).values_list("indicator_id", "vintage", "territory_id"),
    }


def _write_aggregates(aggregator: _Aggregator, keys: Iterable[Key], indicator_ids: dict[str, int]) -> int:
    """Turn the sums into values (with their coverage) and store them."""
    totals = aggregator.totals()
    official = _official_values(indicator_ids)
    values: list[tuple] = []
    france: list[tuple] = []
    for key in sorted(keys):
        plan = aggregator.plans.get(key) or _Aggregator._plan(key)
        if plan is None:
            continue
        code, vintage = key
        definition = BY_CODE[code]
        indicator_id = indicator_ids[code]
        minimum = MIN_COVERAGE[definition.aggregation]
        for group, (numerator, denominator, covered) in totals.get(key, {}).items():
            territory_id = None if group == FRANCE else group
            if (indicator_id, vintage, territory_id) in official or not covered:
                continue  # an official value wins; a territory without any commune value says nothing
            population = aggregator.population.get(group, 0.0)
            coverage = covered / population if population else 0.0
            if coverage < minimum or (definition.aggregation != Aggregation.SUM and not denominator):
                value, status = None, ValueStatus.NOT_AVAILABLE
            elif definition.aggregation == Aggregation.SUM:
                value, status = numerator, ValueStatus.OK
            else:
                value, status = definition.scale * numerator / denominator, ValueStatus.OK
            row = (indicator_id, territory_id, vintage, value, status, True, round(coverage, 4))
            (france if territory_id is None else values).append(row)
    _upsert_raw(values)
    # NULL territories are distinct for the unique constraint above: France has its own.
    for indicator_id, _, vintage, value, status, _, coverage in france:
        IndicatorValue.objects.update_or_create(
            indicator_id=indicator_id,
            territory=None,
            vintage=vintage,
            defaults={"value": value, "status": status, "is_computed": True, "coverage": coverage},
        )
    return len(values) + len(france)


@dataclass
class CoordinatesSummary:
    points: int = 0
    communes: int = 0
    unknown_codes: list[str] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    error_count: int = 0
    localities: int = 0


def _replace_localities(localities: set[tuple[str, str, str]], ids: dict[str, int]) -> int:
    """La Poste's line 5 names (localities, former communes) as aliases of their commune."""
    rows = [
        CommuneAlias(
            commune_id=ids[code],
            source=CommuneAlias.Source.LAPOSTE,
            name=name,
            search_name=normalize(name),
            postal_code=postal_code,
        )
        for code, postal_code, name in sorted(localities)
        if code in ids
    ]
    commune_ids = sorted({row.commune_id for row in rows})
    for start in range(0, len(commune_ids), 500):
        CommuneAlias.objects.filter(
            source=CommuneAlias.Source.LAPOSTE, commune_id__in=commune_ids[start : start + 500]
        ).delete()
    CommuneAlias.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


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

    localities: set[tuple[str, str, str]] = set()

    def noted(items: Iterable[Point]) -> Iterator[Point]:
        for point in items:
            if point.locality:
                localities.add((point.code, point.postal_code, point.locality))
            yield point

    coordinates = centroids(noted(points()))
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
        summary.localities = _replace_localities(localities, {t.code: t.pk for t in territories})
    known = {t.code for t in territories}
    summary.communes = len(known)
    summary.unknown_codes = sorted(set(coordinates) - known)
    return summary
