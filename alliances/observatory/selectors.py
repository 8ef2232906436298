"""Reads of the observatory: dashboards, published figures for the API, the SDG compass."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from alliances.observatory.counters import COUNTERS, COUNTERS_BY_METRIC
from alliances.observatory.distributions import Distribution, distribution
from alliances.observatory.enums import Level
from alliances.observatory.models import KeyFigure, RefreshRun, TerritoryCount
from alliances.sdg.goals import GOALS
from alliances.territories.models import Territory


@dataclass
class Scope:
    """A dashboard's territory: France (territory None) or a région, département, EPCI, commune."""

    level: str
    territory: Territory | None = None

    @property
    def name(self) -> str:
        return self.territory.name if self.territory else "France"

    @property
    def of_name(self) -> str:
        """« de la France », « d'Occitanie », « de la Lozère »: for generated sentences."""
        return self.territory.of_name if self.territory else "de la France"

    @property
    def territory_id(self) -> int | None:
        return self.territory.pk if self.territory else None

    @property
    def population(self) -> int | None:
        if self.territory:
            return self.territory.population
        return None

    def parent(self) -> Scope | None:
        t = self.territory
        if t is None:
            return None
        if self.level == Level.REGION:
            return Scope(Level.NATIONAL)
        if self.level == Level.DEPARTEMENT and t.region:
            return Scope(Level.REGION, t.region)
        if self.level == Level.EPCI and t.departement:
            return Scope(Level.DEPARTEMENT, t.departement)
        if self.level == Level.COMMUNE:
            if t.epci:
                return Scope(Level.EPCI, t.epci)
            if t.departement:
                return Scope(Level.DEPARTEMENT, t.departement)
        return Scope(Level.NATIONAL)


@dataclass
class Figure:
    metric: str
    label: str
    source: str
    value: int | str
    parent_value: int | str | None = None
    rate: float | None = None
    parent_rate: float | None = None
    confidential: bool = False


@dataclass
class Dashboard:
    scope: Scope
    parent: Scope | None
    figures: list[Figure]
    charts: list[Distribution]
    computed_at: object
    missing_sources: dict[str, str] = field(default_factory=dict)


def national_population() -> int:
    from django.db.models import Sum

    return Territory.objects.regions().aggregate(total=Sum("population"))["total"] or 0


def _rate(value, population) -> float | None:
    if isinstance(value, int) and population:
        return value * 100_000 / population
    return None


# Charts of a dashboard: (metric, dimension, title, order, SDG colours).
CHARTS = [
    ("alliances", "etape", "Alliances par étape de la démarche", "none", False),
    ("alliances", "forme", "Alliances par forme de co-construction", "count", False),
    ("alliances", "type_partenariat", "Alliances par type de partenariat", "count", False),
    ("alliances", "odd", "Alliances par objectif de développement durable", "value", True),
    ("alliances", "trimestre", "Alliances créées par trimestre", "value", False),
    ("pratiques", "odd", "Pratiques publiées par objectif de développement durable", "value", True),
    ("pratiques", "fragilite", "Pratiques publiées par fragilité traitée", "count", False),
    ("pratiques", "type_partenariat", "Pratiques publiées par type de partenariat", "count", False),
    ("pratiques", "trimestre", "Pratiques publiées par trimestre", "value", False),
    ("organisations", "type", "Organisations en activité par type", "count", False),
    ("autodiagnostics", "trimestre", "Autodiagnostics réalisés par trimestre", "value", False),
]

STEP_ORDER = ["comprendre", "mobiliser", "co-construire", "agir", "evaluer"]


def dashboard(scope: Scope) -> Dashboard:
    """Every figure and chart of a territory's dashboard, read from the stored aggregates (2 queries)."""
    cells = list(TerritoryCount.objects.for_scope(scope.level, scope.territory_id))
    parent = scope.parent()
    parent_totals: dict[str, TerritoryCount] = {}
    if parent is not None:
        parent_totals = {
            c.metric: c for c in TerritoryCount.objects.for_scope(parent.level, parent.territory_id).totals()
        }
    by_metric: dict[str, dict[str, list[TerritoryCount]]] = defaultdict(lambda: defaultdict(list))
    totals: dict[str, TerritoryCount] = {}
    for cell in cells:
        if cell.dimension:
            by_metric[cell.metric][cell.dimension].append(cell)
        else:
            totals[cell.metric] = cell
    population = scope.population if scope.territory else national_population()
    parent_population = None
    if parent is not None:
        parent_population = parent.population if parent.territory else national_population()
    figures = []
    for counter in COUNTERS:
        total = totals.get(counter.metric)
        value = total.published if total else 0
        parent_cell = parent_totals.get(counter.metric)
        parent_value = (parent_cell.published if parent_cell else 0) if parent else None
        figures.append(
            Figure(
                metric=counter.metric,
                label=counter.label,
                source=counter.source,
                value=value,
                parent_value=parent_value,
                rate=_rate(value, population),
                parent_rate=_rate(parent_value, parent_population),
                confidential=counter.confidential,
            )
        )
    charts = []
    for metric, dimension, title, order, sdg_colors in CHARTS:
        counter = COUNTERS_BY_METRIC[metric]
        dimension_cells = by_metric[metric][dimension]
        if dimension == "odd":
            dimension_cells = _with_all_goals(dimension_cells, metric)
        if not dimension_cells:
            continue
        if dimension == "etape":
            dimension_cells = sorted(
                dimension_cells, key=lambda c: STEP_ORDER.index(c.value) if c.value in STEP_ORDER else 99
            )
        if dimension == "trimestre":
            dimension_cells = sorted(dimension_cells, key=lambda c: c.value)[-12:]
        charts.append(
            distribution(
                f"{metric}-{dimension}", title, counter.source, dimension_cells, order=order, sdg_colors=sdg_colors
            )
        )
    run = last_refresh()
    computed_at = run.finished_at if run else None
    missing = {k: v for k, v in run.sources.items() if v != "ok"} if run else {}
    return Dashboard(
        scope=scope, parent=parent, figures=figures, charts=charts, computed_at=computed_at, missing_sources=missing
    )


def _with_all_goals(cells: list[TerritoryCount], metric: str) -> list[TerritoryCount]:
    """The 17 SDGs, with a zero cell for those that have none (a bar chart of all goals)."""
    if not cells:
        return []
    present = {c.value: c for c in cells}
    sample = cells[0]
    return [
        present.get(str(goal.number))
        or TerritoryCount(
            level=sample.level,
            territory_id=sample.territory_id,
            metric=metric,
            dimension="odd",
            value=str(goal.number),
            value_label=goal.label,
            count=0,
            computed_at=sample.computed_at,
        )
        for goal in GOALS
    ]


def key_figures() -> list[KeyFigure]:
    return list(KeyFigure.objects.published())


def last_refresh() -> RefreshRun | None:
    return RefreshRun.objects.filter(finished_at__isnull=False).first()
