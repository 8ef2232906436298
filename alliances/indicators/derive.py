"""Indicators computed from others for one territory (densité, taux, solde naturel)."""

from __future__ import annotations

from alliances.indicators.catalog import INDICATORS
from alliances.indicators.enums import Aggregation, ValueStatus
from alliances.indicators.importers.common import Measure

_RATIOS = [i for i in INDICATORS if i.aggregation == Aggregation.RATIO]


def _combine(a: Measure, b: Measure) -> str | None:
    """Status of a value computed from two: secrecy wins over non-availability."""
    if a.status == ValueStatus.OK and b.status == ValueStatus.OK:
        return None
    if ValueStatus.SECRET in (a.status, b.status):
        return ValueStatus.SECRET
    return ValueStatus.NOT_AVAILABLE


def derived_measures(measures: list[Measure]) -> list[Measure]:
    """Return the ratio indicators (and the natural balance) computable from these measures."""
    by_key = {(m.indicator, m.vintage): m for m in measures}
    vintages: dict[str, list[int]] = {}
    for m in measures:
        vintages.setdefault(m.indicator, []).append(m.vintage)
    derived: list[Measure] = []
    for ratio in _RATIOS:
        for vintage in vintages.get(ratio.numerator, ()):
            numerator, denominator = by_key[(ratio.numerator, vintage)], by_key.get((ratio.denominator, vintage))
            if denominator is None:
                continue
            status = _combine(numerator, denominator)
            if status is None and not denominator.value:
                status = ValueStatus.NOT_AVAILABLE  # a ratio over zero is not a number
            if status or numerator.value is None or denominator.value is None:
                derived.append(Measure(ratio.code, vintage, None, status or ValueStatus.NOT_AVAILABLE))
            else:
                derived.append(Measure(ratio.code, vintage, ratio.scale * numerator.value / denominator.value))
    for vintage in vintages.get("naissances", ()):
        births, deaths = by_key[("naissances", vintage)], by_key.get(("deces", vintage))
        if deaths is not None:
            status = _combine(births, deaths)
            if births.value is None or deaths.value is None:
                status = status or ValueStatus.NOT_AVAILABLE
            derived.append(
                Measure(
                    "solde_naturel",
                    vintage,
                    None if status or births.value is None or deaths.value is None else births.value - deaths.value,
                    status or ValueStatus.OK,
                )
            )
    return derived
