"""Reads of the directory: search with filters, counts per territory, one organisation."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet

from alliances.actors.enums import EMPLOYER_BANDS, OrganisationKind, OrganisationStatus
from alliances.actors.models import Organisation, Theme
from alliances.core.text import normalize
from alliances.territories.models import Territory

SORTS = {
    "nom": ("name", "id"),
    "-creation": (F("created_on").desc(nulls_last=True), "name"),
    "creation": (F("created_on").asc(nulls_last=True), "name"),
    "commune": ("commune__name", "name"),
}


@dataclass
class DirectoryFilters:
    q: str = ""
    territory: Territory | None = None
    kind: str = ""
    theme: str = ""
    sdg: int | None = None
    active_only: bool = False
    ess_only: bool = False
    employer_only: bool = False
    sort: str = "nom"
    extra: dict = field(default_factory=dict)


def _text_filter(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    """Every word of the query must appear in the name, acronym or objects (accent-insensitive)."""
    for word in normalize(query).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def organisations_search(filters: DirectoryFilters) -> QuerySet[Organisation]:
    """Organisations matching the filters, sorted, with what a list row shows prefetched."""
    queryset = Organisation.objects.all()
    if filters.territory is not None:
        queryset = queryset.in_territory(filters.territory)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.theme:
        queryset = queryset.filter(Q(themes__code=filters.theme) | Q(themes__family__code=filters.theme))
    if filters.sdg:
        queryset = queryset.filter(sdgs__number=filters.sdg)
    if filters.active_only:
        queryset = queryset.filter(status=OrganisationStatus.ACTIVE)
    if filters.ess_only:
        queryset = queryset.filter(is_ess=True)
    if filters.employer_only:
        queryset = queryset.filter(headcount_band__in=EMPLOYER_BANDS)
    if filters.q:
        queryset = _text_filter(queryset, filters.q)
    if filters.theme or filters.sdg:
        queryset = queryset.distinct()
    return with_list_data(queryset).order_by(*SORTS.get(filters.sort, SORTS["nom"]))


def with_list_data(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return queryset.select_related("commune").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("code")), "sdgs"
    )


def organisation_get(pk: int) -> Organisation:
    """One organisation with its commune hierarchy; raise Organisation.DoesNotExist."""
    return (
        Organisation.objects.select_related("commune", "commune__epci", "commune__departement", "commune__region")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("code")), "sdgs", "establishments")
        .get(pk=pk)
    )


@dataclass
class DirectoryCounts:
    total: int
    active: int
    by_kind: list[tuple[str, str, int]]  # (value, label, count)
    by_theme: list[tuple[str, str, int]]  # (code, label, count)


def directory_counts(territory: Territory, *, themes_limit: int = 10) -> DirectoryCounts:
    """Counts of the organisations of a territory by kind and by theme (families)."""
    base = Organisation.objects.in_territory(territory)
    labels = dict(OrganisationKind.choices)
    kinds = base.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    by_theme = (
        Theme.objects.filter(family__isnull=True, organisations__in=base)
        .annotate(n=Count("organisations"))
        .order_by("-n", "code")
        .values_list("code", "label", "n")[:themes_limit]
    )
    totals = base.aggregate(total=Count("id"), active=Count("id", filter=Q(status=OrganisationStatus.ACTIVE)))
    return DirectoryCounts(
        total=totals["total"], active=totals["active"],
        by_kind=[(row["kind"], labels.get(row["kind"], row["kind"]), row["n"]) for row in kinds],
        by_theme=list(by_theme),
    )


def theme_choices() -> list[tuple[str, str]]:
    """Families and NAF sections, for the filter select."""
    return list(Theme.objects.filter(family__isnull=True).order_by("scheme", "label").values_list("code", "label"))
