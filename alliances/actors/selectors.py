"""Reads of the directory: search with filters, counts per territory, one organisation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat

from alliances.actors.enums import EMPLOYER_BANDS, ClaimStatus, ListingStatus, OrganisationKind, OrganisationStatus
from alliances.actors.indexing import SEARCH_KIND
from alliances.actors.models import CollectiviteLink, Organisation, OrganisationClaim, Theme
from alliances.core.search import search_documents
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory
from alliances.territories.selectors import departement_codes_of

T = TypeVar("T")
# Counts of more organisations than this (a city, a département, the country) are kept a few
# minutes rather than recounted on every view (see `counted`).
COUNTS_CACHE_ABOVE = 2_000
COUNTS_CACHE_SECONDS = 600
# Most matches a text query lists, best first (the relevance of more is not computed, see
# alliances.core.search): beyond, the page says "plus de 2 000" and asks to refine the query.
SEARCH_LIMIT = 2000
# A filtered list sorted by name: above this many organisations (the Nord, a région), walking
# the (name, id) index until a page is filled is quickest; below (Lozère, a commune), PostgreSQL
# may still walk it, misjudging how many rows the territory holds (84 ms for Lozère's first page
# at national scale), where reading the territory's rows and sorting them takes a few ms. Sorting
# on `name || ''` (same order) keeps it off the index. With a filter besides the territory, the
# list is always sorted (see _short_list_order).
NAME_INDEX_ABOVE = 20_000
SORTS = {
    "pertinence": (),
    "nom": ("name", "id"),
    "-creation": (F("created_on").desc(nulls_last=True), "name"),
    "creation": (F("created_on").asc(nulls_last=True), "name"),
    "commune": ("commune__name", "name"),
}


@dataclass
class DirectoryFilters:
    q: str = ""
    territory: Territory | None = None
    # More territories, combined with AND (the API may give a commune and a département).
    territories: list[Territory] = field(default_factory=list)
    inactive_only: bool = False
    kind: str = ""
    theme: str = ""
    sdg: int | None = None
    active_only: bool = False
    ess_only: bool = False
    employer_only: bool = False
    sort: str = ""

    @property
    def all_territories(self) -> list[Territory]:
        return ([self.territory] if self.territory is not None else []) + list(self.territories)

    def count_key(self) -> str:
        """What identifies the set of organisations listed (not its order)."""
        return ",".join(
            [t.ref for t in self.all_territories]
            + [
                self.kind,
                self.theme,
                str(self.sdg or ""),
                "actif" * self.active_only,
                "inactif" * self.inactive_only,
                "ess" * self.ess_only,
                "employeur" * self.employer_only,
            ]
        )

    def filters_besides_territory(self) -> bool:
        return bool(
            self.kind
            or self.theme
            or self.sdg
            or self.active_only
            or self.inactive_only
            or self.ess_only
            or self.employer_only
        )

    def departement_codes(self) -> list[str]:
        """The départements the filtered territory lies in (the fewest among its territories; none
        when no territory is given): where the search index looks (see
        alliances.core.search.index.documents_matching_any)."""
        found = [codes for territory in self.all_territories if (codes := departement_codes_of(territory))]
        return min(found, key=len, default=[])

    def tags(self) -> list[str]:
        """The filters as tags of the search documents (see indexing.search_entry)."""
        tags = [t.ref for t in self.all_territories]
        tags += [f"type:{self.kind}"] if self.kind else []
        tags += [f"theme:{self.theme}"] if self.theme else []
        tags += [f"odd:{self.sdg}"] if self.sdg else []
        tags += ["actif"] * self.active_only + ["ess"] * self.ess_only + ["employeur"] * self.employer_only
        return tags


class RankedOrganisations:
    """Organisations in the order the search index ranked them; sliceable like a queryset
    (what Paginator needs), each slice fetched with its list data in a fixed number of queries."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        by_id = {o.pk: o for o in with_list_data(Organisation.objects.filter(pk__in=ids))}
        found = [by_id[pk] for pk in ids if pk in by_id]
        return found if isinstance(index, slice) else found[0]


def counted(key: str, compute: Callable[[], T], *, size: Callable[[Any], int] = int) -> tuple[T, bool]:
    """compute(), kept COUNTS_CACHE_SECONDS in the cache when its size is above COUNTS_CACHE_ABOVE;
    and whether it came from the cache (so it may be up to that old).

    Counting the organisations of a département or of the whole country costs tens to hundreds
    of milliseconds (1.9 million rows at national scale); a small territory's count stays exact.
    """
    value = cache.get(key)
    if value is not None:
        return value, True
    value = compute()
    if size(value) > COUNTS_CACHE_ABOVE:
        cache.set(key, value, COUNTS_CACHE_SECONDS)
    return value, False


class DirectoryResults:
    """What organisations_search found: sliceable like a queryset (what Paginator needs), and
    counted once.

    `more`: a text query matched more than SEARCH_LIMIT organisations and only SEARCH_LIMIT are
    listed, so the count is a minimum. `cached`: the count of a long list (no text query) was
    read from the cache, counted at most COUNTS_CACHE_SECONDS ago.
    """

    def __init__(
        self,
        items: QuerySet[Organisation] | RankedOrganisations,
        *,
        more: bool = False,
        count_key: str = "",
        short_list_order: tuple[tuple, bool] = ((), False),
        page_ids: Callable[[], QuerySet] | None = None,
    ):
        self.items = items
        self.more = more
        self.cached = False
        self._count_key = count_key
        self._count: int | None = None
        self._short_list_order = short_list_order
        self._page_ids = page_ids

    def count(self) -> int:
        if self._count is None:
            if self._count_key:
                count, self.cached = counted(self._count_key, self.items.count)
            else:
                count = self.items.count()
            self._count = count
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        order, always = self._short_list_order
        if order and (always or self.count() <= NAME_INDEX_ABOVE):
            return self.items.order_by(*order)[index]
        if self._page_ids is not None and isinstance(index, slice):
            # The page's ids first, by walking the (name, id) index that carries the commune, or
            # the (commune, name, id) one, without visiting a row per entry (an index-only scan
            # under PostgreSQL: the territory filter is read from the index); then the rows of
            # these ids only. One query: `id IN (the page's ids)`.
            return with_list_data(Organisation.objects.filter(pk__in=self._page_ids()[index])).order_by(*SORTS["nom"])
        return self.items[index]


def organisations_search(filters: DirectoryFilters) -> DirectoryResults:
    """Organisations matching the filters, sorted, with what a list row shows prefetched.

    A text query goes through the French full-text index (stemming, accents), with the
    filters as tags; without one, the filters are plain SQL.
    """
    if filters.q.strip():
        matches = search_documents(kind=SEARCH_KIND, query=filters.q, tags=filters.tags(), limit=SEARCH_LIMIT + 1)
        ids = [m.object_id for m in matches[:SEARCH_LIMIT]]
        more = len(matches) > SEARCH_LIMIT
        if filters.inactive_only:  # no tag for "not active": filter the matches in SQL
            inactive = set(
                Organisation.objects.filter(pk__in=ids)
                .exclude(status=OrganisationStatus.ACTIVE)
                .values_list("pk", flat=True)
            )
            ids = [pk for pk in ids if pk in inactive]
        if filters.sort in ("", "pertinence"):
            return DirectoryResults(RankedOrganisations(ids), more=more)
        return DirectoryResults(
            with_list_data(Organisation.objects.filter(pk__in=ids)).order_by(*SORTS.get(filters.sort, SORTS["nom"])),
            more=more,
        )
    queryset = _filtered(filters)
    by_name = filters.sort in ("", "nom")
    return DirectoryResults(
        with_list_data(queryset).order_by(*(SORTS.get(filters.sort) or SORTS["nom"])),
        count_key="actors:list-count:" + filters.count_key(),
        short_list_order=_short_list_order(filters) if by_name else ((), False),
        # (a list filtered by theme or SDG is DISTINCT: its ids are not one column).
        # PostgreSQL only: SQLite's indexes carry no INCLUDE column, and its
        # planner sorts the listed communes' rows instead of walking the index.
        page_ids=(lambda: _filtered(filters, listed=True).order_by(*SORTS["nom"]).values("pk"))
        if by_name and not (filters.theme or filters.sdg) and connection.vendor == "postgresql"
        else None,
    )


def filtered_organisations(filters: DirectoryFilters) -> QuerySet[Organisation]:
    """The organisations the filters keep, unsorted, without the text query (the candidates of a
    search by need)."""
    return _filtered(filters)


def _filtered(filters: DirectoryFilters, *, listed: bool = False) -> QuerySet[Organisation]:
    """The organisations the filters keep, without a text query (see in_territory for `listed`)."""
    queryset = Organisation.objects.listed()
    for territory in filters.all_territories:
        queryset = queryset.in_territory(territory, listed=listed)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.theme:
        queryset = queryset.filter(Q(themes__code=filters.theme) | Q(themes__family__code=filters.theme))
    if filters.sdg:
        queryset = queryset.filter(sdgs__number=filters.sdg)
    if filters.active_only:
        queryset = queryset.filter(status=OrganisationStatus.ACTIVE)
    if filters.inactive_only:
        queryset = queryset.exclude(status=OrganisationStatus.ACTIVE)
    if filters.ess_only:
        queryset = queryset.filter(is_ess=True)
    if filters.employer_only:
        queryset = queryset.filter(headcount_band__in=EMPLOYER_BANDS)
    if filters.theme or filters.sdg:
        queryset = queryset.distinct()
    return queryset


def _short_list_order(filters: DirectoryFilters) -> tuple[tuple, bool]:
    """The name order kept off the (name, id) index, and whether to use it whatever the count."""
    if not filters.all_territories:
        return (), False  # the whole country: the index, even filtered by kind (sorting millions costs seconds)
    if not filters.filters_besides_territory() and [t.kind for t in filters.all_territories] == [TerritoryKind.COMMUNE]:
        return (), False  # one commune: its 25 entries of the (commune, name, id) index, whatever its size
    # Other filters may follow the name order (companies' names sort before "ASSOCIATION…"): in
    # the Nord, active associations are 257 ms by walking the index, 106 ms by sorting.
    return (Concat("name", Value("")), "id"), filters.filters_besides_territory()


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
    # When the counts were taken, if they are the stored ones of the nightly refresh (see counts).
    as_of: datetime | None = None
    # With stored counts of a commune: the ids of the active organisations its page lists.
    sample: list[int] = field(default_factory=list)
    # Read from the cache: counted at most COUNTS_CACHE_SECONDS ago.
    cached: bool = False


def directory_counts(territory: Territory, *, themes_limit: int = 10) -> DirectoryCounts:
    """Counts of the organisations of a territory by kind and by theme (families).

    Counting the themes of every organisation of a territory scans its link rows: 107 ms for
    Lozère's 6,000 organisations, 0.2 to 2 s for Paris's 45,000 at national scale; see
    `directory_counts_cached`.
    """
    base = Organisation.objects.in_territory(territory).listed()
    labels = dict(OrganisationKind.choices)
    kinds = base.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    if connection.vendor == "postgresql":
        by_theme = _theme_counts_postgresql(base, themes_limit)
    else:
        by_theme = list(
            Theme.objects.filter(family__isnull=True, organisations__in=base)
            .annotate(n=Count("organisations"))
            .order_by("-n", "code")
            .values_list("code", "label", "n")[:themes_limit]
        )
    totals = base.aggregate(total=Count("id"), active=Count("id", filter=Q(status=OrganisationStatus.ACTIVE)))
    return DirectoryCounts(
        total=totals["total"],
        active=totals["active"],
        by_kind=[(row["kind"], labels.get(row["kind"], row["kind"]), row["n"]) for row in kinds],
        by_theme=by_theme,
    )


def _theme_counts_postgresql(organisations: QuerySet[Organisation], limit: int) -> list[tuple[str, str, int]]:
    """The same counts as the ORM query of directory_counts, shaped for PostgreSQL's planner.

    With `organisation_id IN (subquery)` PostgreSQL hashes the territory's organisations and
    scans all the link rows (4.75 million at national scale: 0.7 to 0.8 s for Paris's 104,740
    organisations). `= ANY(ARRAY(subquery))` makes it read the territory's links through the
    index on organisation_id instead: 0.2 s, measured on the national bench database.
    """
    links, themes = Organisation.themes.through._meta.db_table, Theme._meta.db_table
    ids_sql, params = organisations.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT th.code, th.label, COUNT(*) AS n FROM {links} ot JOIN {themes} th ON th.id = ot.theme_id "
            f"WHERE th.family_id IS NULL AND ot.organisation_id = ANY(ARRAY({ids_sql})) "
            "GROUP BY th.id, th.code, th.label ORDER BY n DESC, th.code LIMIT %s",
            [*params, limit],
        )
        return [tuple(row) for row in cursor.fetchall()]


def directory_counts_cached(territory: Territory) -> DirectoryCounts:
    """The counts of a territory of more than a few thousand organisations (a city, a
    département) as stored by the nightly refresh (see alliances.actors.counts) or, when they
    are missing or out of date, directory_counts kept a few minutes; a small commune's stay
    exact to the second."""
    from alliances.actors.counts import stored_directory_counts

    key = f"actors:directory-counts:{territory.ref}"
    counts = cache.get(key)  # counted live in the last minutes (no stored figures then)
    if counts is not None:
        return replace(counts, cached=True)
    stored = stored_directory_counts(territory)
    if stored is not None:
        return stored
    counts, _ = counted(key, lambda: directory_counts(territory), size=lambda c: c.total)
    return counts


def theme_choices() -> list[tuple[str, str]]:
    """Families and NAF sections, for the filter select."""
    return list(Theme.objects.filter(family__isnull=True).order_by("scheme", "label").values_list("code", "label"))


# --- Links of accounts to organisations and collectivités; the moderators' queue --------------


def pending_claims() -> QuerySet[OrganisationClaim]:
    return (
        OrganisationClaim.objects.filter(status=ClaimStatus.PENDING)
        .select_related("organisation", "organisation__commune", "user")
        .order_by("created_at")
    )


def pending_collectivite_links() -> QuerySet[CollectiviteLink]:
    return (
        CollectiviteLink.objects.filter(status=ClaimStatus.PENDING)
        .select_related("territory", "user")
        .order_by("created_at")
    )


def pending_organisations() -> QuerySet[Organisation]:
    """Organisations typed in a form, waiting for a moderator to list them in the directory."""
    return (
        Organisation.objects.filter(listing=ListingStatus.PENDING)
        .select_related("commune", "created_by")
        .order_by("created_at", "pk")
    )


@dataclass
class LinksQueue:
    claims: int
    collectivites: int
    organisations: int

    @property
    def total(self) -> int:
        return self.claims + self.collectivites + self.organisations


def links_queue_counts() -> LinksQueue:
    """How many claims, collectivité links and typed organisations wait for a moderator (three counts, one query each)."""
    return LinksQueue(
        claims=OrganisationClaim.objects.filter(status=ClaimStatus.PENDING).count(),
        collectivites=CollectiviteLink.objects.filter(status=ClaimStatus.PENDING).count(),
        organisations=Organisation.objects.filter(listing=ListingStatus.PENDING).count(),
    )


def verified_organisations(user, *, limit: int = 5) -> list[Organisation]:
    """The organisations the account speaks for (claim approved), with their commune and themes."""
    return list(
        Organisation.objects.filter(members=user)
        .select_related("commune", "commune__epci", "commune__departement", "commune__region")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("code")))
        .order_by("name", "pk")[:limit]
    )


def claims_pending_of(user) -> list[OrganisationClaim]:
    return list(
        OrganisationClaim.objects.filter(user=user, status=ClaimStatus.PENDING)
        .select_related("organisation")
        .order_by("-created_at")
    )


def collectivite_links_of(user) -> list[CollectiviteLink]:
    """The account's collectivités: verified first, then those awaiting a moderator."""
    return list(
        CollectiviteLink.objects.filter(user=user, status__in=[ClaimStatus.APPROVED, ClaimStatus.PENDING])
        .select_related("territory", "territory__region")
        .order_by("status", "-created_at")
    )
