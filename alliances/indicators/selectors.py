"""Reads of the indicator store: a territory's figures, comparisons, fragilities and assets.

Other apps use `territory_fragilities`, `density_class` and `population_band` (practices of
"territoires comme le mien", the observatory's SDG compass).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from alliances.indicators.catalog import DENSITY_LABELS
from alliances.indicators.enums import Direction, ValueStatus
from alliances.indicators.formatting import format_gap, format_value
from alliances.indicators.models import CommunesMedian, Indicator, IndicatorValue
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory

# Population bands (lower bound, label) for communes, then for EPCI.
COMMUNE_BANDS = [
    (0, "moins de 500 habitants"),
    (500, "500 à 1 999 habitants"),
    (2000, "2 000 à 4 999 habitants"),
    (5000, "5 000 à 9 999 habitants"),
    (10000, "10 000 à 19 999 habitants"),
    (20000, "20 000 à 49 999 habitants"),
    (50000, "50 000 à 99 999 habitants"),
    (100000, "100 000 habitants ou plus"),
]
EPCI_BANDS = [
    (0, "moins de 15 000 habitants"),
    (15000, "15 000 à 29 999 habitants"),
    (30000, "30 000 à 49 999 habitants"),
    (50000, "50 000 à 99 999 habitants"),
    (100000, "100 000 à 199 999 habitants"),
    (200000, "200 000 habitants ou plus"),
]
# Fragility rule: in the worst fifth of comparable territories; asset: in the best fifth.
QUINTILE = 20.0
MIN_COMPARABLES = 10


@dataclass(frozen=True)
class PopulationBand:
    lower: int
    upper: int | None
    label: str


@dataclass(frozen=True)
class DensityClass:
    level: int
    label: str
    vintage: int


def population_band(territory: Territory) -> PopulationBand | None:
    """The population band of a commune or an EPCI (None for other levels or unknown population)."""
    bands_by_kind: dict[str, list[tuple[int, str]]] = {
        TerritoryKind.COMMUNE: COMMUNE_BANDS,
        TerritoryKind.EPCI: EPCI_BANDS,
    }
    bands = bands_by_kind.get(territory.kind)
    if bands is None or territory.population is None:
        return None
    index = bisect.bisect_right([lower for lower, _ in bands], territory.population) - 1
    lower, label = bands[index]
    upper = bands[index + 1][0] if index + 1 < len(bands) else None
    return PopulationBand(lower, upper, label)


def density_class(territory: Territory) -> DensityClass | None:
    """The commune's class in INSEE's 7-level density grid, when the grid is loaded."""
    if territory.kind != TerritoryKind.COMMUNE:
        return None
    row = (
        IndicatorValue.objects.filter(territory=territory, indicator__code="classe_densite", status=ValueStatus.OK)
        .order_by("-vintage")
        .values_list("value", "vintage")
        .first()
    )
    if row is None or row[0] is None:
        return None
    level = int(row[0])
    return DensityClass(level, DENSITY_LABELS.get(level, str(level)), row[1])


@dataclass
class Comparables:
    label: str
    territories: QuerySet[Territory, Any]  # .values("id") of the comparable territories


def comparables_of(territory: Territory, *, klass: DensityClass | None = None) -> Comparables | None:
    """Territories like this one: communes of the same density class and population band
    (without the density grid: same population band and région); EPCI of the same band;
    all départements; all régions."""
    if territory.kind == TerritoryKind.DEPARTEMENT:
        return Comparables("départements", Territory.objects.departements().values("id"))
    if territory.kind == TerritoryKind.REGION:
        return Comparables("régions", Territory.objects.regions().values("id"))
    band = population_band(territory)
    if band is None:
        return None
    base = (
        Territory.objects.current_communes() if territory.kind == TerritoryKind.COMMUNE else Territory.objects.epcis()
    )
    base = base.filter(population__gte=band.lower)
    if band.upper is not None:
        base = base.filter(population__lt=band.upper)
    if territory.kind == TerritoryKind.EPCI:
        return Comparables(f"intercommunalités de {band.label}", base.values("id"))
    klass = klass if klass is not None else density_class(territory)
    if klass is not None:
        # A join from the communes of the band: the values are indexed territory first.
        same_class = base.filter(
            indicator_values__indicator__code="classe_densite",
            indicator_values__vintage=klass.vintage,
            indicator_values__value=klass.level,
        )
        return Comparables(f"communes de {band.label}, {klass.label.lower()}", same_class.values("id"))
    if territory.region_id is None:
        return None
    region = territory.region.name if territory.region else ""
    return Comparables(
        f"communes de {band.label} de la région {region}".strip(),
        base.filter(region_id=territory.region_id).values("id"),
    )


@dataclass
class Comparison:
    scope: str  # departement, region, france, comparables
    ref: str
    label: str
    value: float | None = None
    status: str = ValueStatus.NOT_AVAILABLE
    gap: float | None = None
    count: int | None = None
    median: float | None = None
    rank: int | None = None
    percentile: float | None = None
    display: str = ""
    gap_display: str = ""
    # True when the value is the median of the scope's communes (the scope's own value cannot
    # exist or is not available): the page names it so.
    is_communes_median: bool = False


@dataclass
class IndicatorLine:
    indicator: Indicator
    value: IndicatorValue
    comparisons: list[Comparison] = field(default_factory=list)
    display: str = ""
    sdgs: list[int] = field(default_factory=list)

    @property
    def comparables(self) -> Comparison | None:
        return next((c for c in self.comparisons if c.scope == "comparables"), None)

    def comparison(self, scope: str) -> Comparison | None:
        return next((c for c in self.comparisons if c.scope == scope), None)


def _latest(values) -> dict[int, IndicatorValue]:
    latest: dict[int, IndicatorValue] = {}
    for value in values:
        current = latest.get(value.indicator_id)
        if current is None or value.vintage > current.vintage:
            latest[value.indicator_id] = value
    return latest


def indicator_report(territory: Territory, *, key_only: bool = False) -> list[IndicatorLine]:
    """The territory's latest value of each indicator, compared with its département, région,
    France and comparable territories (rank, percentile, gap to the median).

    Kept on the territory object: the territory page asks for it several times (the portrait,
    the SDG compass, other apps' fragilities), and it does not change within a request.
    """
    memo = territory.__dict__.setdefault("_indicator_reports", {})
    if key_only not in memo:
        memo[key_only] = _indicator_report(territory, key_only=key_only)
    return memo[key_only]


def _indicator_report(territory: Territory, *, key_only: bool) -> list[IndicatorLine]:
    indicators = {i.pk: i for i in Indicator.objects.all()}
    if not indicators:
        return []
    # The SDGs of every indicator in one query (a related manager per indicator cost more
    # than the whole rest of the report).
    sdgs: dict[int, list[int]] = {}
    for indicator_id, number in Indicator.sdgs.through.objects.order_by("sdg_id").values_list("indicator_id", "sdg_id"):
        sdgs.setdefault(indicator_id, []).append(number)
    own = _latest(IndicatorValue.objects.filter(territory=territory))
    if key_only:
        own = {k: v for k, v in own.items() if indicators[k].is_key}
    if not own:
        return []
    candidates = [("departement", territory.departement), ("region", territory.region)]
    parents: list[tuple[str, Territory]] = [
        (scope, t)
        for scope, t in candidates
        if t is not None
        and t.pk != territory.pk
        and territory.kind != TerritoryKind.REGION
        and not (scope == "departement" and territory.kind == TerritoryKind.DEPARTEMENT)
    ]
    reference = {
        (row.territory_id, row.indicator_id, row.vintage): row
        for row in IndicatorValue.objects.filter(
            Q(territory_id__in=[t.pk for _, t in parents]) | Q(territory__isnull=True),
            indicator_id__in=list(own),
        )
    }
    medians = {
        (row.territory_id, row.indicator_id, row.vintage): row
        for row in CommunesMedian.objects.filter(
            Q(territory_id__in=[t.pk for _, t in parents]) | Q(territory__isnull=True),
            indicator_id__in=list(own),
        )
    }
    comparables = comparables_of(territory)
    distributions: dict[int, list[float]] = {}
    if comparables is not None:
        for indicator_id, vintage, measured in IndicatorValue.objects.filter(
            indicator_id__in=list(own),
            status=ValueStatus.OK,
            territory_id__in=comparables.territories,
        ).values_list("indicator_id", "vintage", "value"):
            if own[indicator_id].vintage == vintage and measured is not None:
                distributions.setdefault(indicator_id, []).append(measured)
    lines = []
    for indicator_id, value in sorted(own.items(), key=lambda kv: (indicators[kv[0]].order, indicators[kv[0]].code)):
        indicator = indicators[indicator_id]
        line = IndicatorLine(
            indicator, value, sdgs=sdgs.get(indicator_id, []), display=_display(indicator, value.value, value.status)
        )
        with_france: list[tuple[str, Territory | None]] = [*parents, ("france", None)]
        for scope, parent in with_france:
            row = reference.get((parent.pk if parent else None, indicator_id, value.vintage))
            comparison = Comparison(scope, parent.ref if parent else "france", parent.name if parent else "France")
            if row is not None:
                comparison.value, comparison.status = row.value, row.status
            median = medians.get((parent.pk if parent else None, indicator_id, value.vintage))
            if comparison.value is None and median is not None:
                comparison.value, comparison.status = median.median, ValueStatus.OK
                comparison.is_communes_median, comparison.count = True, median.count
            if comparison.value is not None and value.value is not None:
                comparison.gap = value.value - comparison.value
            comparison.display = _display(indicator, comparison.value, comparison.status)
            comparison.gap_display = format_gap(comparison.gap, unit=indicator.unit, decimals=indicator.decimals)
            line.comparisons.append(comparison)
        if comparables is not None:
            line.comparisons.append(
                _rank(indicator, value, sorted(distributions.get(indicator_id, [])), comparables.label)
            )
        lines.append(line)
    return lines


def _display(indicator: Indicator, value: float | None, status: str) -> str:
    return format_value(value, unit=indicator.unit, decimals=indicator.decimals, status=status)


def _rank(indicator: Indicator, value: IndicatorValue, distribution: list[float], label: str) -> Comparison:
    comparison = Comparison("comparables", "comparables", label, count=len(distribution))
    if distribution:
        middle = len(distribution) // 2
        median = (
            distribution[middle] if len(distribution) % 2 else (distribution[middle - 1] + distribution[middle]) / 2
        )
        comparison.median = median
        comparison.value, comparison.status = median, ValueStatus.OK
        comparison.display = _display(indicator, median, ValueStatus.OK)
    if value.value is not None and distribution:
        below = bisect.bisect_left(distribution, value.value)
        equal = bisect.bisect_right(distribution, value.value) - below
        comparison.percentile = round(100 * (below + equal / 2) / len(distribution), 1)
        comparison.rank = len(distribution) - (below + equal) + 1  # 1 = highest value
        comparison.gap = value.value - median
        comparison.gap_display = format_gap(comparison.gap, unit=indicator.unit, decimals=indicator.decimals)
    return comparison


@dataclass(frozen=True)
class Fragility:
    code: str
    label: str
    sdgs: tuple[int, ...]
    sentence: str
    kind: str  # "fragilite" or "atout"
    value: float | None = None
    percentile: float | None = None


def fragilities_from(lines: list[IndicatorLine]) -> list[Fragility]:
    """Apply the documented rule (docs/indicators.md) to an indicator report."""
    found = []
    for line in lines:
        indicator, comparison = line.indicator, line.comparables
        if (
            indicator.direction == Direction.NEUTRAL
            or comparison is None
            or comparison.percentile is None
            or (comparison.count or 0) < MIN_COMPARABLES
        ):
            continue
        high, low = comparison.percentile >= 100 - QUINTILE, comparison.percentile <= QUINTILE
        if not (high or low):
            continue
        worse = high if indicator.direction == Direction.HIGHER_WORSE else low
        position = "élevés" if high else "faibles"
        verb = "sont" if _subject(indicator.label).startswith("Les ") else "est"
        sentence = (
            f"{_subject(indicator.label)} ({line.display}) {verb} parmi les 20 % les plus {position} "
            f"des {comparison.label} ({comparison.count} territoires comparés)."
        )
        found.append(
            Fragility(
                code=indicator.code,
                label=indicator.label,
                sdgs=tuple(line.sdgs),
                sentence=sentence,
                kind="fragilite" if worse else "atout",
                value=line.value.value,
                percentile=comparison.percentile,
            )
        )
    return sorted(found, key=lambda f: (f.kind != "fragilite", -abs(50 - (f.percentile or 50))))


def _subject(label: str) -> str:
    """ "Taux de pauvreté" → "Le taux de pauvreté", for a sentence."""
    first = label.split()[0]
    article = {"Part": "La", "Densité": "La", "Population": "La", "Emplois": "Les", "Établissements": "Les"}.get(
        first, "Le"
    )
    return f"{article} {label[0].lower()}{label[1:]}"


def territory_fragilities(territory: Territory) -> list[Fragility]:
    """Fragilités and atouts of a territory, fragilités first, most marked first."""
    return fragilities_from(indicator_report(territory))
