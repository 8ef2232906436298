"""Figures of communes merged since a file's vintage, carried to today's commune (pure functions).

An official file of 2021 still lists communes that have merged since (01330 Ruffieu, now part of
01187 Haut Valromey). Their figures are never dropped: counts are summed, published rates are
recomputed from their weights (taux × poids), and what cannot be combined (a median, a decile, a
ratio of deciles) becomes "non disponible" for today's perimeter, said as such on the portrait.
"""

from __future__ import annotations

from collections import defaultdict

from alliances.indicators.catalog import BY_CODE
from alliances.indicators.enums import Aggregation, ValueStatus
from alliances.indicators.importers.common import Measure, Row


def merge_rows(code: str, rows: list[Row]) -> Row:
    """One row for today's commune `code` from the rows of the communes it is made of."""
    if len(rows) == 1:
        return Row(rows[0].line, code, list(rows[0].measures))
    parts: dict[tuple[str, int], list[Measure]] = defaultdict(list)
    for row in rows:
        for measure in row.measures:
            parts[(measure.indicator, measure.vintage)].append(measure)
    merged = []
    for (indicator, vintage), measures in parts.items():
        merged.append(_combine(indicator, vintage, measures, parts, len(rows)))
    return Row(min(row.line for row in rows), code, merged)


def _combine(indicator: str, vintage: int, measures: list[Measure], parts, count: int) -> Measure:
    definition = BY_CODE.get(indicator)
    rule = definition.aggregation if definition else Aggregation.NONE
    statuses = {m.status for m in measures}
    missing = ValueStatus.SECRET if ValueStatus.SECRET in statuses else ValueStatus.NOT_AVAILABLE
    if len(measures) < count or statuses != {ValueStatus.OK}:
        return Measure(indicator, vintage, None, missing)
    if rule == Aggregation.SUM:
        return Measure(indicator, vintage, sum(m.value for m in measures))  # type: ignore[misc]
    if rule == Aggregation.WEIGHTED and definition is not None:
        weights = parts.get((definition.denominator, vintage), [])
        if len(weights) == len(measures) and all(w.status == ValueStatus.OK for w in weights):
            total = sum(w.value for w in weights)
            if total:
                # Same order: both lists follow the order of the rows.
                value = sum(m.value * w.value for m, w in zip(measures, weights, strict=True)) / total
                return Measure(indicator, vintage, value)
    # A median, a decile or a class does not add up.
    return Measure(indicator, vintage, None, ValueStatus.NOT_AVAILABLE)
