"""How practices meet the project's search layer: what is indexed, with which facet tags, and how it is queried.

Only published practices are indexed (a draft never reaches the search documents). The
facet tags are also kept in `PracticeTag` so that facet counts are one GROUP BY; a practice has
`PracticeTag` rows only while it is published, so counting tags needs no join on the status.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F

from alliances.core import search as core_search
from alliances.practices.enums import TerritoryType
from alliances.practices.models import Practice, PracticeTag, TagsVersion
from alliances.territories.enums import TerritoryKind

KIND = "practice"

# Facet name in URLs and the API → tag prefix.
FACETS = ("fragilite", "odd", "type_partenariat", "forme", "type_territoire", "region", "etape")
# Tag of a commune's population band, kept besides its type (which is the density class when known).
SIZE_TAG = "taille"


@dataclass(frozen=True)
class TextMatch:
    object_id: int
    rank: float


def population_band(population: int | None) -> TerritoryType | None:
    if population is None:
        return None
    for limit, band in (
        (2000, TerritoryType.RURAL_SMALL),
        (5000, TerritoryType.RURAL),
        (20000, TerritoryType.SMALL_TOWN),
        (100000, TerritoryType.TOWN),
    ):
        if population < limit:
            return band
    return TerritoryType.CITY


# Levels of INSEE's communal density grid (see alliances.indicators) → territory type.
DENSITY_TYPES = {
    1: TerritoryType.LARGE_URBAN_CENTRE,
    2: TerritoryType.INTERMEDIATE_URBAN_CENTRE,
    3: TerritoryType.URBAN_BELT,
    4: TerritoryType.SMALL_TOWN_DENSITY,
    5: TerritoryType.RURAL_TOWN,
    6: TerritoryType.RURAL_DISPERSED,
    7: TerritoryType.RURAL_VERY_DISPERSED,
}


def density_type(territory) -> TerritoryType | None:
    """The commune's density class as a territory type, when the density grid is loaded."""
    from alliances.indicators.selectors import density_class

    klass = density_class(territory)
    return DENSITY_TYPES.get(klass.level) if klass else None


def territory_type(territory) -> TerritoryType | None:
    """A commune's density class when the grid is loaded, its population band otherwise; else the level."""
    if territory.kind == TerritoryKind.COMMUNE:
        return density_type(territory) or population_band(territory.population)
    return TerritoryType(territory.kind)


def region_code(territory) -> str | None:
    if territory.kind == TerritoryKind.REGION:
        return territory.code
    return territory.region.code if territory.region_id else None


def practice_tags(practice: Practice) -> list[str]:
    """The facet values of a practice, as "facet:value" strings."""
    tags = {f"fragilite:{v}" for v in practice.fragilities}
    tags |= {f"type_partenariat:{v}" for v in practice.partnership_types}
    tags |= {f"odd:{sdg.pk}" for sdg in practice.sdgs.all()}
    if practice.form:
        tags.add(f"forme:{practice.form}")
    if practice.stage:
        tags.add(f"etape:{practice.stage}")
    for territory in practice.territories.select_related("region"):
        kind = territory_type(territory)
        if kind:
            tags.add(f"type_territoire:{kind.value}")
        if territory.kind == TerritoryKind.COMMUNE:
            band = population_band(territory.population)
            if band:  # not a facet: "territoires comme le mien" also weighs the population band
                tags.add(f"{SIZE_TAG}:{band.value}")
        code = region_code(territory)
        if code:
            tags.add(f"region:{code}")
    return sorted(tags)


def practice_body(practice: Practice) -> str:
    """What the text search reads besides the title: summary, problem, actions, results, lessons."""
    return "\n".join(
        [
            practice.summary,
            practice.problem,
            practice.actions,
            practice.results,
            practice.lessons,
            " ".join(practice.fragility_labels()),
        ]
    )


def reindex_practices() -> int:
    """Rewrite the tags and search documents of every published practice (after the density grid
    or the referential changed); return how many."""
    count = 0
    for practice in Practice.objects.published().iterator(chunk_size=500):
        index_practice(practice)
        count += 1
    return count


def index_practice(practice: Practice) -> None:
    """(Re)write the facet tags and the search document of a published practice; remove them otherwise."""
    PracticeTag.objects.filter(practice=practice).delete()
    if not practice.is_published:
        unindex_practice(practice)
        return
    tags = practice_tags(practice)
    PracticeTag.objects.bulk_create([PracticeTag(practice=practice, tag=tag) for tag in tags])
    core_search.index_document(
        kind=KIND, object_id=practice.pk, title=practice.title, body=practice_body(practice), tags=tags
    )
    bump_tags_version()


def unindex_practice(practice: Practice) -> None:
    PracticeTag.objects.filter(practice=practice).delete()
    core_search.delete_document(kind=KIND, object_id=practice.pk)
    bump_tags_version()


def bump_tags_version() -> None:
    """Mark every cached facet count stale (called whenever tags of published practices change)."""
    if not TagsVersion.objects.filter(pk=1).update(number=F("number") + 1):
        TagsVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def tags_version() -> int:
    return TagsVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def text_search(query: str, *, tags: list[str], limit: int | None = None) -> list[TextMatch]:
    """Published practices matching every word of `query` and carrying all `tags`, best first."""
    return [
        TextMatch(m.object_id, m.rank)
        for m in core_search.search_documents(kind=KIND, query=query, tags=tags, limit=limit)
    ]


def text_search_sql(query: str, *, tags: list[str]) -> tuple[str, list] | None:
    """SQL selecting the ids of the practices `text_search` finds (unranked), for subqueries."""
    return core_search.matching_ids_sql(kind=KIND, query=query, tags=tags)
