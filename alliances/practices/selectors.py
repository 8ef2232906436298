"""Reads on practices: faceted search, the moderators' queue, similar practices, territories like mine."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, IntegerField, QuerySet, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse

from alliances.practices.enums import (
    CoConstructionForm,
    Fragility,
    PartnershipType,
    Stage,
    Status,
    TerritoryType,
)
from alliances.practices.models import Practice, PracticeTag
from alliances.practices.need import need_reason, practices_need_ranking
from alliances.practices.search import (
    FACETS,
    SIZE_TAG,
    density_type,
    population_band,
    region_code,
    tags_version,
    territory_type,
    text_search,
    text_search_sql,
)
from alliances.sdg.goals import GOALS_BY_NUMBER
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory

FACET_LABELS = {
    "fragilite": "Fragilité",
    "odd": "Objectif de développement durable",
    "type_partenariat": "Type de partenariat",
    "forme": "Forme de co-construction",
    "type_territoire": "Type de territoire",
    "region": "Région",
    "etape": "Étape",
}
_CHOICES = {
    "fragilite": dict(Fragility.choices),
    "type_partenariat": dict(PartnershipType.choices),
    "forme": dict(CoConstructionForm.choices),
    "type_territoire": dict(TerritoryType.choices),
    "etape": dict(Stage.choices),
    "odd": {str(n): f"ODD {n} — {g.title}" for n, g in GOALS_BY_NUMBER.items()},
}
SORTS = {"pertinence": "Pertinence", "date": "Date de publication"}


# Up to this many matches, a text search loads their ids (one query); beyond, it uses subqueries.
_SMALL_RESULT = 500


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class SearchPage:
    count: int
    practices: list[PracticeCard]
    facets: list[Facet]
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "pertinence"


def valid_facet_value(name: str, value: str) -> bool:
    if name == "region":
        return value.isalnum() and 1 <= len(value) <= 3
    return value in _CHOICES.get(name, {})


def clean_filters(raw: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Keep the known facets and their valid values (unknown ones are dropped, not an error on pages)."""
    cleaned = {}
    for name in FACETS:
        values = sorted({v for v in raw.get(name, []) if v and valid_facet_value(name, v)})
        if values:
            cleaned[name] = values
    return cleaned


def _tags(filters: dict[str, list[str]]) -> list[str]:
    return [f"{name}:{value}" for name, values in filters.items() for value in values]


def _count_tags(practice_ids) -> Counter:
    """Facet value → number of practices among `practice_ids` (a subquery, never a Python list)."""
    rows = PracticeTag.objects.filter(practice_id__in=practice_ids).values("tag").annotate(n=Count("id"))
    return Counter({row["tag"]: row["n"] for row in rows})


def _filtered_counts(base: QuerySet[Practice], tags: list[str]) -> tuple[int, Counter]:
    """Number of published practices carrying every tag, and the facet counts among them. Without
    text, the same few facet selections come back all day (an SDG, a fragility): counting the tags
    of the ~2,000 practices of one SDG cost 30 to 60 ms per request at national scale (20,000
    practices)."""

    def compute() -> tuple[int, dict]:
        count = base.count()
        return count, dict(_count_tags(base.values("pk"))) if count else {}

    return _kept_under_tags_version(":" + hashlib.sha1("|".join(sorted(tags)).encode()).hexdigest(), compute)


def _unfiltered_counts() -> tuple[int, Counter]:
    """Number of published practices and counts of every facet value: the landing page's facets.
    One GROUP BY over every tag (~160,000 rows for 20,000 practices) is too slow for each visit."""

    def compute() -> tuple[int, dict]:
        rows = PracticeTag.objects.values("tag").annotate(n=Count("id"))
        return Practice.objects.published().count(), {row["tag"]: row["n"] for row in rows}

    return _kept_under_tags_version("", compute)


def _kept_under_tags_version(selection: str, compute: Callable[[], tuple[int, dict]]) -> tuple[int, Counter]:
    """Facet counts cached under the tags version, which every (un)publication bumps: exact."""
    key = f"practices:facets:{tags_version()}{selection}"
    cached = cache.get(key)
    if cached is None:
        cached = compute()
        cache.set(key, cached, 24 * 3600)
    return cached[0], Counter(cached[1])


def _build_facets(counts: Counter, filters: dict[str, list[str]]) -> list[Facet]:
    by_facet: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for tag, n in counts.items():
        name, _, value = tag.partition(":")
        if name in by_facet:
            by_facet[name][value] = n
    region_names = dict(
        Territory.objects.regions()
        .filter(code__in=list(by_facet["region"]) + filters.get("region", []))
        .values_list("code", "name")
    )
    facets = []
    for name in FACETS:
        labels = region_names if name == "region" else _CHOICES[name]
        selected = set(filters.get(name, []))
        values = [FacetValue(v, labels.get(v, v), n, v in selected) for v, n in by_facet[name].items()]
        values += [FacetValue(v, labels.get(v, v), 0, True) for v in selected if v not in by_facet[name]]
        if name == "odd":
            values.sort(key=lambda fv: int(fv.value))
        else:
            values.sort(key=lambda fv: (-fv.count, fv.label))
        facets.append(Facet(name, FACET_LABELS[name], values))
    return facets


def practices_search(
    *,
    query: str = "",
    filters: dict[str, list[str]] | None = None,
    sort: str = "pertinence",
    limit: int = 20,
    offset: int = 0,
    with_facets: bool = True,
    with_count: bool = True,
    by_need: bool = False,
) -> SearchPage:
    """Published practices matching the text (stemmed, accent-free) and every selected facet value.

    The matches stay in the database: the count, the facet counts and the date order are computed
    on the search layer's SQL as a subquery, and only the page's ids are loaded (ranked by the
    search layer, or by date), then turned into light cards.

    `with_count=False` (a list of suggestions, which shows no total): facets only, no text, and
    `count` is only the page's length — counting the 2,000 practices of one SDG costs 10 to 40 ms
    at national scale, for nothing.

    `by_need`: the query is a need in everyday words (any word, words close in meaning, a reason
    per practice; see practices_need_ranking; beyond MAX_NEED_CANDIDATES practices, through the
    index's window).
    """
    filters = filters or {}
    query = (query or "").strip()[:200]
    tags = _tags(filters)
    sort = sort if sort in SORTS else "pertinence"
    if query and by_need:
        return _need_page(query, tags, filters=filters, sort=sort, limit=limit, offset=offset, facets=with_facets)
    counts: Counter = Counter()
    ids: list[int] | RawSQL
    if query:
        matching = text_search_sql(query, tags=tags)
        if matching is None:  # only stop words: nothing to look for
            return SearchPage(
                count=0,
                practices=[],
                facets=_build_facets(counts, filters) if with_facets else [],
                query=query,
                filters=filters,
                sort=sort,
            )
        # Most searches (text + facets) match a few hundred practices at most: one ranked query
        # then gives the count, the page and the ids to count facets on. Beyond, the matches stay
        # in the database (the search is a subquery of the count, the facets and the date order).
        matches = [m.object_id for m in text_search(query, tags=tags, limit=_SMALL_RESULT + 1)]
        if len(matches) <= _SMALL_RESULT:
            count, ids = len(matches), matches
            if sort == "date":
                page_ids = list(
                    Practice.objects.filter(pk__in=ids)
                    .order_by("-published_at", "-id")
                    .values_list("pk", flat=True)[offset : offset + limit]
                )
            else:
                page_ids = matches[offset : offset + limit]
        else:
            ids = RawSQL(*matching)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM ({matching[0]}) matches", matching[1])
                count = cursor.fetchone()[0]
            if sort == "date":
                page_ids = list(
                    Practice.objects.published()
                    .filter(pk__in=ids)
                    .order_by("-published_at", "-id")
                    .values_list("pk", flat=True)[offset : offset + limit]
                )
            elif offset + limit <= len(matches):
                page_ids = matches[offset : offset + limit]
            else:
                page_ids = [m.object_id for m in text_search(query, tags=tags, limit=offset + limit)][offset:]
        if with_facets and count:
            counts = _count_tags(ids)
    else:
        base = Practice.objects.published()
        for tag in tags:
            base = base.filter(pk__in=PracticeTag.objects.filter(tag=tag).values("practice_id"))
        page_ids = list(base.order_by("-published_at", "-id").values_list("pk", flat=True)[offset : offset + limit])
        if not with_count and not with_facets:
            count = len(page_ids)
        elif not tags:
            count, counts = _unfiltered_counts() if with_facets else (base.count(), counts)
        elif with_facets:
            count, counts = _filtered_counts(base, tags)
        else:
            count = base.count()
        sort = "date"
    practices = practice_cards(page_ids)
    facets = _build_facets(counts, filters) if with_facets else []
    return SearchPage(count=count, practices=practices, facets=facets, query=query, filters=filters, sort=sort)


# --- search by need ------------------------------------------------------------------------


def _need_page(
    query: str, tags: list[str], *, filters: dict[str, list[str]], sort: str, limit: int, offset: int, facets: bool
) -> SearchPage:
    """practices_search by need: the page (by relevance or by date), its reasons, the facets of every match."""
    ranking = practices_need_ranking(query, tags=tags, limit=limit, offset=offset)
    results = ranking.results
    if sort == "date":
        page_ids = list(
            Practice.objects.filter(pk__in=ranking.ids)
            .order_by("-published_at", "-id")
            .values_list("pk", flat=True)[offset : offset + limit]
        )
        everything = practices_need_ranking(query, tags=tags, limit=ranking.total)
        by_id = {r.id: r for r in everything.results}
        results = [by_id[pk] for pk in page_ids if pk in by_id]
    counts = _count_tags(ranking.ids) if facets and ranking.ids else Counter()
    cards = practice_cards([r.id for r in results])
    reasons = {r.id: need_reason(r) for r in results}
    for card in cards:
        card.reason = reasons[card.pk]
    return SearchPage(
        count=ranking.total,
        practices=cards,
        facets=_build_facets(counts, filters) if facets else [],
        query=query,
        filters=filters,
        sort=sort,
    )


# --- cards ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TerritoryCard:
    kind: str
    code: str
    name: str
    region_name: str


@dataclass
class PracticeCard:
    """What a list shows of a published practice, read with plain values (no model instances:
    building and prefetching them cost most of a search request)."""

    pk: int
    title: str
    summary: str
    fragilities: list[str]
    partnership_types: list[str]
    form: str
    stage: str
    published_at: datetime | None
    is_demo: bool
    territories: list[TerritoryCard] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    reason: str = ""  # with a search by need: why the practice answers it

    @property
    def id(self) -> int:
        return self.pk

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", kwargs={"pk": self.pk})


_CARD_FIELDS = (
    "pk",
    "title",
    "summary",
    "fragilities",
    "partnership_types",
    "form",
    "stage",
    "published_at",
    "is_demo",
)


def practice_cards(ids: list[int]) -> list[PracticeCard]:
    """Cards of the published practices `ids`, in that order, in three queries."""
    if not ids:
        return []
    # The status is checked in Python: a status filter makes SQLite walk the status index (every
    # published practice) instead of looking the 20 ids up by primary key.
    rows = Practice.objects.filter(pk__in=ids).order_by().values_list("status", *_CARD_FIELDS)
    cards = {row[1]: PracticeCard(*row[1:]) for row in rows if row[0] == Status.PUBLISHED}
    links = (
        Practice.territories.through.objects.filter(practice_id__in=list(cards))
        .order_by()
        .values_list("practice_id", "territory__kind", "territory__code", "territory__name", "territory__region__name")
    )
    for practice_id, kind, code, name, region_name in links:
        cards[practice_id].territories.append(TerritoryCard(kind, code, name, region_name or ""))
    sdgs = (
        Practice.sdgs.through.objects.filter(practice_id__in=list(cards))
        .order_by()
        .values_list("practice_id", "sdg_id")
    )
    for practice_id, sdg in sdgs:
        cards[practice_id].sdgs.append(sdg)
    for card in cards.values():
        card.sdgs.sort()
    return [cards[pk] for pk in ids if pk in cards]


def moderation_queue() -> QuerySet[Practice]:
    return (
        Practice.objects.awaiting_moderation().select_related("contributor").with_cards().order_by("submitted_at", "id")
    )


def practices_of(user) -> QuerySet[Practice]:
    return Practice.objects.filter(contributor=user).exclude(status=Status.REJECTED).order_by("-updated_at")


# --- closeness ------------------------------------------------------------------------------

_SIMILAR_WEIGHTS = {"fragilite": 3, "type_territoire": 2, "region": 1, "odd": 1, "type_partenariat": 1, "forme": 1}


def similar_practices(practice: Practice, *, limit: int = 4) -> list[PracticeCard]:
    """Published practices sharing the most weighted facet values with `practice` (fragilities weigh most)."""
    tags = list(practice.tags.values_list("tag", flat=True))
    if not tags:
        return []
    score = Sum(
        Case(
            *[When(tag=t, then=Value(_SIMILAR_WEIGHTS.get(t.split(":")[0], 1))) for t in tags],
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    rows = (
        PracticeTag.objects.filter(tag__in=tags, practice__status=Status.PUBLISHED)
        .exclude(practice=practice)
        .values("practice_id")
        .annotate(score=score)
        .order_by("-score", "-practice_id")[:limit]
    )
    return practice_cards([row["practice_id"] for row in rows])


def practices_for_topics(
    *, fragilities: Iterable[str] = (), sdgs: Iterable[int] = (), limit: int = 4
) -> list[PracticeCard]:
    """Published practices sharing the most of these fragilities (2 points each) and SDGs (1 point each):
    the practices a resource of the same themes points to."""
    weights = {f"fragilite:{f}": 2 for f in fragilities if f in Fragility.values}
    weights |= {f"odd:{int(n)}": 1 for n in sdgs}
    if not weights:
        return []
    score = Sum(
        Case(*[When(tag=t, then=Value(w)) for t, w in weights.items()], default=Value(0), output_field=IntegerField())
    )
    rows = (
        PracticeTag.objects.filter(tag__in=list(weights))
        .values("practice_id")
        .annotate(score=score)
        .order_by("-score", "-practice_id")[:limit]
    )
    return practice_cards([row["practice_id"] for row in rows])


@dataclass
class CloseMatch:
    practice: PracticeCard
    reason: str


def practices_for_territory(
    territory: Territory, *, fragilities: Iterable[str] = (), limit: int = 5
) -> list[CloseMatch]:
    """ "Des territoires comme le mien": practices ranked by closeness of their territories (same density
    class, same population band, same région) and shared fragilities, each with a one-line reason."""
    density = density_type(territory) if territory.kind == TerritoryKind.COMMUNE else None
    band = population_band(territory.population) if territory.kind == TerritoryKind.COMMUNE else None
    kind = territory_type(territory)  # the density class, or the band without the grid, or the level
    region = region_code(territory)
    fragilities = [f for f in fragilities if f in Fragility.values]
    weights = {}
    if kind:
        weights[f"type_territoire:{kind.value}"] = 3
    if density and band:
        weights[f"{SIZE_TAG}:{band.value}"] = 2
    if region:
        weights[f"region:{region}"] = 2
    for fragility in fragilities:
        weights[f"fragilite:{fragility}"] = 3
    if not weights:
        return []
    score = Sum(
        Case(*[When(tag=t, then=Value(w)) for t, w in weights.items()], default=Value(0), output_field=IntegerField())
    )
    # Tags exist only for published practices (see search.py): no join on the status.
    rows = list(
        PracticeTag.objects.filter(tag__in=list(weights))
        .values("practice_id")
        .annotate(score=score)
        .order_by("-score", "-practice_id")[:limit]
    )
    ids = [row["practice_id"] for row in rows]
    matched: dict[int, set[str]] = {pk: set() for pk in ids}
    for pk, tag in PracticeTag.objects.filter(practice_id__in=ids, tag__in=list(weights)).values_list(
        "practice_id", "tag"
    ):
        matched[pk].add(tag)
    region_name = territory.name if territory.kind == "region" else (territory.region.name if territory.region else "")
    by_id = {card.pk: card for card in practice_cards(ids)}
    results = []
    for pk in ids:
        if pk not in by_id:
            continue
        same_type = kind is not None and f"type_territoire:{kind.value}" in matched[pk]
        same_band = bool(density) and band is not None and f"{SIZE_TAG}:{band.value}" in matched[pk]
        parts = [_territory_reason(kind, band if density else None, same_type, same_band)]
        if region and f"region:{region}" in matched[pk]:
            parts.append(f"même région ({region_name})")
        shared = [Fragility(f).label.lower() for f in fragilities if f"fragilite:{f}" in matched[pk]]
        if shared:
            parts.append(("même fragilité : " if len(shared) == 1 else "mêmes fragilités : ") + ", ".join(shared))
        reason = ", ".join(part for part in parts if part)
        results.append(CloseMatch(by_id[pk], reason[:1].upper() + reason[1:]))
    return results


def _territory_reason(kind: TerritoryType | None, band: TerritoryType | None, same_type: bool, same_band: bool) -> str:
    """ "bourg rural de 2 000 à 5 000 habitants", "bourg rural", "commune de moins de 2 000 habitants"…"""

    def lower(label: str) -> str:
        return label[:1].lower() + label[1:]

    if same_type and same_band and kind and band:
        return f"{lower(kind.label)} {band.label.removeprefix('Commune ')}"
    if same_type and kind:
        return lower(kind.label)
    if same_band and band:
        return lower(band.label)
    return ""


def published_for_export() -> QuerySet[Practice]:
    return Practice.objects.published().with_cards().prefetch_related("partners").order_by("published_at", "id")
