"""The registry of what the observatory counts, one `Counter` per source app.

Each counter names its model by "app_label.Model" and the fields it reads. A source app that is
not installed, not migrated yet, or whose model lacks a field simply contributes nothing (its
reason is recorded in the refresh run): the observatory never blocks on another app.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db.models import Case, Count, F, Model, QuerySet, When
from django.db.models.functions import TruncQuarter

from alliances.observatory.enums import TERRITORIAL_LEVELS, Level
from alliances.sdg.goals import GOALS_BY_NUMBER
from alliances.territories.models import Territory


class SourceUnavailable(Exception):
    """The source app of a counter is not there (yet): it contributes nothing."""


@dataclass(frozen=True)
class Dimension:
    """A breakdown of a metric: by a plain field, a many-to-many, a JSON list, or per quarter."""

    slug: str
    label: str
    path: str
    kind: str = "field"  # field | m2m | json | quarter
    # Exclusive breakdowns add up to the total (one value per item): secondary suppression applies.
    exclusive: bool = True
    # Where to read value labels from when the model field has no choices: "module:Enum".
    labels_from: str = ""


SDG = Dimension("odd", "Objectif de développement durable", "sdgs__number", kind="m2m", exclusive=False)


@dataclass(frozen=True)
class Counter:
    metric: str
    label: str
    model: str  # "app_label.ModelName"
    territory_path: str  # FK or M2M to territories.Territory
    source: str
    confidential: bool = False
    manager_method: str = ""  # e.g. "published": a QuerySet method, used when it exists
    filters: dict[str, Any] = field(default_factory=dict)
    dimensions: tuple[Dimension, ...] = ()
    unit: str = ""
    per_inhabitant: bool = True

    def get_model(self) -> type[Model]:
        app_label, model_name = self.model.split(".")
        if not apps.is_installed(f"alliances.{app_label}"):
            raise SourceUnavailable(f"application {app_label} non installée")
        try:
            return apps.get_model(app_label, model_name)
        except LookupError as error:
            raise SourceUnavailable(f"modèle {self.model} absent") from error

    def queryset(self) -> QuerySet:
        model = self.get_model()
        qs = model._default_manager.all()
        if self.manager_method:
            method = getattr(qs, self.manager_method, None)
            if method is None:
                raise SourceUnavailable(f"{self.model}.objects.{self.manager_method}() absent")
            qs = method()
        if self.filters:
            try:
                qs = qs.filter(**self.filters)
            except FieldError as error:
                raise SourceUnavailable(str(error)) from error
        return qs

    def available_dimensions(self) -> list[Dimension]:
        """The dimensions whose field exists on the model (others are skipped silently)."""
        model = self.get_model()
        return [d for d in self.dimensions if _field_exists(model, d.path)]


def _field_exists(model: type[Model], path: str) -> bool:
    current = model
    for part in path.split("__"):
        try:
            f = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if f.is_relation and f.related_model is not None:
            current = f.related_model
    return True


COUNTERS: tuple[Counter, ...] = (
    Counter(
        metric="alliances",
        label="Alliances",
        model="partnerships.Alliance",
        territory_path="territory",
        source="Alliances déclarées sur la plateforme (publiques et non publiques, agrégées)",
        confidential=True,
        manager_method="alive",
        dimensions=(
            Dimension("etape", "Étape de la démarche", "step"),
            Dimension("forme", "Forme de co-construction", "form"),
            Dimension("type_partenariat", "Type de partenariat", "partnership_type"),
            Dimension(
                "type_partenariat",
                "Type de partenariat",
                "partnership_types",
                kind="json",
                exclusive=False,
                labels_from="alliances.practices.enums:PartnershipType",
            ),
            SDG,
            Dimension("trimestre", "Trimestre de création", "created_at", kind="quarter"),
        ),
    ),
    Counter(
        metric="pratiques",
        label="Pratiques inspirantes publiées",
        model="practices.Practice",
        territory_path="territories",
        source="Pratiques publiées sur la plateforme après modération",
        manager_method="published",
        dimensions=(
            Dimension("forme", "Forme de co-construction", "form"),
            Dimension(
                "type_partenariat",
                "Type de partenariat",
                "partnership_types",
                kind="json",
                exclusive=False,
                labels_from="alliances.practices.enums:PartnershipType",
            ),
            Dimension(
                "fragilite",
                "Fragilité traitée",
                "fragilities",
                kind="json",
                exclusive=False,
                labels_from="alliances.practices.enums:Fragility",
            ),
            SDG,
            Dimension("trimestre", "Trimestre de publication", "published_at", kind="quarter"),
        ),
    ),
    Counter(
        metric="organisations",
        label="Organisations en activité",
        model="actors.Organisation",
        territory_path="commune",
        source="Annuaire des acteurs (RNA, SIRENE et fiches déclarées sur la plateforme)",
        manager_method="active",
        dimensions=(
            Dimension("type", "Type d'organisation", "kind"),
            SDG,
        ),
    ),
    Counter(
        metric="catalyseurs",
        label="Catalyseurs territoriaux",
        model="catalysts.CatalystProfile",
        territory_path="territories",
        source="Profils de catalyseurs validés et publics",
        manager_method="visible",
        dimensions=(SDG,),
    ),
    Counter(
        metric="autodiagnostics",
        label="Autodiagnostics réalisés",
        model="assessment.Assessment",
        territory_path="territory",
        source="Autodiagnostics réalisés sur la plateforme (agrégés)",
        confidential=True,
        manager_method="completed",
        dimensions=(Dimension("trimestre", "Trimestre des premiers résultats", "completed_at", kind="quarter"),),
    ),
)

COUNTERS_BY_METRIC = {c.metric: c for c in COUNTERS}


def _ancestor(path: str, level: str):
    """SQL expression: the id of the `level` territory containing the item's territory."""
    if level == Level.COMMUNE:
        return Case(When(**{f"{path}__kind": "commune"}, then=F(path)), default=None)
    return Case(When(**{f"{path}__kind": level}, then=F(path)), default=F(f"{path}__{level}"))


def _value_labels(counter: Counter, model: type[Model], dimension: Dimension) -> Callable[[str], str]:
    if dimension.slug == "odd":
        return lambda v: GOALS_BY_NUMBER[int(v)].label if v.isdigit() and int(v) in GOALS_BY_NUMBER else v
    if dimension.kind == "quarter":
        return lambda v: v.replace("-T", " T")
    choices: dict[str, str] = {}
    if dimension.labels_from:
        module_name, _, enum_name = dimension.labels_from.partition(":")
        try:
            import importlib

            enum = getattr(importlib.import_module(module_name), enum_name)
            choices = {str(k): str(v) for k, v in enum.choices}
        except (ImportError, AttributeError):
            choices = {}
    if not choices:
        try:
            model_field = model._meta.get_field(dimension.path.split("__")[0])
            choices = {str(k): str(v) for k, v in (getattr(model_field, "choices", None) or [])}
        except FieldDoesNotExist:
            choices = {}
    return lambda v: choices.get(v, v)


def _quarter(value) -> str:
    return f"{value.year}-T{(value.month - 1) // 3 + 1}" if value else ""


Cell = tuple[str, int | None, str, str, str, int]  # level, territory_id, dimension, value, label, count


def count_cells(counter: Counter) -> Iterator[Cell]:
    """Yield every non-zero cell of one counter, at every level, for its total and dimensions."""
    model = counter.get_model()
    if _single_territory(model, counter.territory_path):
        yield from _rolled_up_cells(counter, model)
    else:
        yield from _per_level_cells(counter, model)


def _single_territory(model: type[Model], path: str) -> bool:
    """True when each item has one territory at most (a foreign key, not a many-to-many)."""
    try:
        return bool(model._meta.get_field(path).many_to_one)
    except FieldDoesNotExist:
        return False


def _rolled_up_cells(counter: Counter, model: type[Model]) -> Iterator[Cell]:
    """Count once per item's own territory, then add the counts up to every level in Python.

    Exact because an item has a single territory: nothing is counted twice when adding up. One
    scan of the source table per breakdown instead of one per level (with a join on the
    territories each time) — 1.9 million organisations took 16 minutes the other way.
    """
    base = counter.queryset()
    path = counter.territory_path
    ancestors = _ancestors()
    # COUNT(DISTINCT id) costs a sort per group: needed only when a filter crosses a relation
    # that could repeat an item (the breakdown by SDG repeats it once per SDG, as it should).
    distinct = len(base.query.alias_map) > 1 or bool(base.query.distinct)
    totals = (
        (row[path], "", row["n"]) for row in base.values(path).annotate(n=Count("pk", distinct=distinct)).order_by()
    )
    for level, territory_id, _value, n in _roll(totals, ancestors, with_communes=True):
        yield level, territory_id, "", "", "", n
    for dimension in counter.available_dimensions():
        label = _value_labels(counter, model, dimension)
        # Communes feed only the SDG compass: keep their cells few.
        rows = _dimension_rows(base, path, dimension, distinct=distinct)
        for level, territory_id, value, n in _roll(rows, ancestors, with_communes=dimension.slug == "odd"):
            yield level, territory_id, dimension.slug, value, label(value), n


def _ancestors() -> dict[int | None, list[tuple[str, int | None]]]:
    """Territory id -> the (level, id) of every cell it adds up into, France included."""
    result: dict[int | None, list[tuple[str, int | None]]] = {None: [(Level.NATIONAL, None)]}
    for pk, kind, epci_id, departement_id, region_id in Territory.objects.values_list(
        "pk", "kind", "epci_id", "departement_id", "region_id"
    ):
        parents = {Level.EPCI: epci_id, Level.DEPARTEMENT: departement_id, Level.REGION: region_id}
        cells: list[tuple[str, int | None]] = [(Level.NATIONAL, None)]
        for level in TERRITORIAL_LEVELS:
            if kind == level:
                cells.append((level, pk))
            elif level != Level.COMMUNE and parents[level]:
                cells.append((level, parents[level]))
        result[pk] = cells
    return result


def _roll(rows, ancestors, *, with_communes: bool) -> Iterator[tuple[str, int | None, str, int]]:
    merged: dict[tuple[str, int | None, str], int] = defaultdict(int)
    for territory_id, value, n in rows:
        for level, scope in ancestors.get(territory_id, ancestors[None]):
            if level != Level.COMMUNE or with_communes:
                merged[(level, scope, value)] += n
    for (level, scope, value), n in merged.items():
        yield level, scope, value, n


def _per_level_cells(counter: Counter, model: type[Model]) -> Iterator[Cell]:
    """Items on several territories (many-to-many): count distinct items at each level in SQL,
    so that an item on two communes of a département counts once there."""
    base = counter.queryset()
    dimensions = counter.available_dimensions()
    for level in [Level.NATIONAL, *TERRITORIAL_LEVELS]:
        qs = base
        group = None
        if level != Level.NATIONAL:
            qs = qs.annotate(scope=_ancestor(counter.territory_path, level)).filter(scope__isnull=False)
            group = "scope"
        if group:
            for row in qs.values(group).annotate(n=Count("pk", distinct=True)).order_by():
                yield level, row[group], "", "", "", row["n"]
        else:
            yield level, None, "", "", "", qs.values("pk").distinct().count()
        for dimension in dimensions:
            if level == Level.COMMUNE and dimension.slug != "odd":
                continue
            label = _value_labels(counter, model, dimension)
            for territory_id, value, n in _dimension_rows(qs, group, dimension):
                yield level, territory_id, dimension.slug, value, label(value), n


def _dimension_rows(
    qs, group: str | None, dimension: Dimension, *, distinct: bool = True
) -> Iterator[tuple[int | None, str, int]]:
    """(group key, value, number of distinct items) of one breakdown; `group` None = all items."""
    keys = [group] if group else []

    def key(row):
        return row[group] if group else None

    merged: dict[tuple[int | None, str], int] = defaultdict(int)
    if dimension.kind == "json":
        # JSON lists cannot be grouped portably in SQL: count distinct items in Python.
        seen: dict[tuple[int | None, str], set[int]] = defaultdict(set)
        for row in qs.values(*keys, "pk", dimension.path).order_by().iterator(chunk_size=5000):
            for value in row[dimension.path] or []:
                seen[(key(row), str(value))].add(row["pk"])
        merged.update({k: len(pks) for k, pks in seen.items()})
    elif dimension.kind == "quarter":
        rows = (
            qs.filter(**{f"{dimension.path}__isnull": False})
            .annotate(dim=TruncQuarter(dimension.path))
            .values(*keys, "dim")
            .annotate(n=Count("pk", distinct=distinct))
            .order_by()
        )
        for row in rows:
            merged[(key(row), _quarter(row["dim"]))] += row["n"]
    else:
        rows = (
            qs.exclude(**{f"{dimension.path}__isnull": True})
            .annotate(dim=F(dimension.path))
            .values(*keys, "dim")
            .annotate(n=Count("pk", distinct=distinct))
            .order_by()
        )
        for row in rows:
            merged[(key(row), str(row["dim"]))] += row["n"]
    for (group_key, value), n in merged.items():
        if value != "":
            yield group_key, value, n
