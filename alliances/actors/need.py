"""Organisations ranked by relevance to a need written in everyday words.

The candidates are organisations narrowed by territory (and by the API's filters), and in a large
territory by the search index (`alliances.core.search.need_index`); `alliances.core.search.need`
ranks them on their name, their declared purpose and presentation, and the labels of their
official categories (RNA social objects, NAF sections). Each match carries the sentence that
says why: the words, the category, and where it is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.core.cache import cache

from alliances.actors.enums import ThemeScheme
from alliances.actors.indexing import SEARCH_KIND
from alliances.actors.models import Organisation, Theme
from alliances.actors.selectors import DirectoryFilters, filtered_organisations, with_list_data
from alliances.core.search.index import count_tagged, search_titles
from alliances.core.search.need import (
    AnalysedDocuments,
    NeedDocument,
    NeedResult,
    content_words,
    need_ranking,
    quoted,
    reason_parts,
    sentence,
    stem_of,
)
from alliances.core.search.need_index import IN_MEMORY_LIMIT, indexed_candidates
from alliances.core.text import normalize
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory
from alliances.territories.selectors import distance_km

# A word in the labels of more categories than this names none of them (see _category_tags).
CATEGORY_WORD_MAX = 3


@dataclass
class NeedMatch:
    organisation: Organisation
    reason: str


@dataclass
class NeedMatches:
    matches: list[NeedMatch]
    total: int  # organisations relevant to the need in all (the page shows the first ones)


def need_scope(territory: Territory) -> Territory:
    """Where partners are looked for from a commune: its intercommunality (a commune alone is often
    too small: most French communes have a handful of associations). Other levels as they are."""
    if territory.kind == TerritoryKind.COMMUNE and territory.epci_id:
        return territory.epci  # type: ignore[return-value]  # epci_id is set
    return territory


def organisations_by_need(
    *, need: str, territory: Territory, origin: Territory | None = None, limit: int = 20
) -> NeedMatches:
    """The territory's active organisations that can act on `need`, best first, each with why.

    `origin`: the commune the need comes from, whose distance each reason gives.
    """
    filters = DirectoryFilters(territory=territory, active_only=True)
    return organisations_filtered_by_need(need=need, filters=filters, limit=limit, offset=0, origin=origin)


def organisations_filtered_by_need(
    *, need: str, filters: DirectoryFilters, limit: int, offset: int, origin: Territory | None = None
) -> NeedMatches:
    """The organisations the directory's filters keep, ranked by need (the API's `q` with a territory)."""
    return need_matches(ranked_by_need(need=need, filters=filters, limit=limit, offset=offset), origin=origin)


@dataclass
class RankedByNeed:
    """A page of a need's ranking, before the reasons: those say how far each organisation is from
    where the need comes from, so one ranking serves every commune of a territory (alert digests)."""

    results: list[NeedResult]
    total: int
    named: int | None = None  # the organisation named exactly as typed, first


@dataclass
class TerritoryDocuments:
    """A small territory's organisations read and analysed, to be ranked for several needs (a digest
    ranks the needs saved in an intercommunality one after the other: analysing its organisations
    is most of a ranking's cost)."""

    names: list[tuple[int, str]]
    analysed: AnalysedDocuments


def territory_documents(filters: DirectoryFilters) -> TerritoryDocuments | None:
    """The documents of the territory the filters keep, or None when it is too large to be read
    whole: the index then chooses each need's documents (alliances.core.search.need_index)."""
    if count_tagged(kind=SEARCH_KIND, tags=filters.tags()) > IN_MEMORY_LIMIT:
        return None
    rows, documents = _documents(filtered_organisations(filters))
    return TerritoryDocuments(names=[row[:2] for row in rows], analysed=AnalysedDocuments(documents))


def ranked_by_need(
    *, need: str, filters: DirectoryFilters, limit: int, offset: int, documents: TerritoryDocuments | None = None
) -> RankedByNeed:
    """The organisations the directory's filters keep, ranked by need, without their reasons.

    `documents`: the territory's, already analysed (territory_documents); read here otherwise. A
    large territory is narrowed by the search index first.
    """
    if documents is None:
        documents = territory_documents(filters)
    if documents is None:
        tags = filters.tags()
        found = indexed_candidates(
            kind=SEARCH_KIND,
            need=need,
            tags=tags,
            class_tags=_category_tags(),
            departements=filters.departement_codes(),
        )
        # The index kept the territory: filtering on it again would make the database walk it.
        candidates = filtered_organisations(replace(filters, territory=None, territories=[])).filter(pk__in=found.ids)
        ranking = need_ranking(need, _documents(candidates)[1], limit=limit, offset=offset, scope=found.scope)
        total = max(found.total, ranking.total)
        named = _named(need, filters)
    else:
        ranking = need_ranking(need, documents.analysed, limit=limit, offset=offset)
        total = ranking.total
        named = _named_among(need, documents.names)
    results = ranking.results
    # An organisation named exactly as typed comes first (someone typing a name, not a need).
    if named is not None:
        total += named not in ranking.ids
        others = [r for r in results if r.id != named]
        results = [NeedResult(id=named, score=float("inf")), *others[: limit - 1]] if offset == 0 else others
    return RankedByNeed(results=results, total=total, named=named)


def need_matches(ranked: RankedByNeed, *, origin: Territory | None) -> NeedMatches:
    """The ranked organisations read, each with why it is there as seen from `origin`."""
    found_rows = {o.pk: o for o in with_list_data(Organisation.objects.filter(pk__in=[r.id for r in ranked.results]))}
    matches = [
        NeedMatch(
            organisation=found_rows[r.id],
            reason=reason(r, found_rows[r.id], origin=origin, named=r.id == ranked.named),
        )
        for r in ranked.results
        if r.id in found_rows
    ]
    return NeedMatches(matches=matches, total=ranked.total)


def relevant_among(need: str, ids: Iterable[int]) -> set[int]:
    """Which of these organisations are relevant to `need` at all: those a ranking can list.

    Relevance (a score above zero) depends on a document alone (one of its words is a need word's
    alternative), not on the others: a cheap test before ranking a whole territory.
    """
    _, documents = _documents(Organisation.objects.filter(pk__in=list(ids)))
    return set(need_ranking(need, documents, limit=0).ids)


def _documents(organisations) -> tuple[list[tuple[int, str, str, str]], list[NeedDocument]]:
    """The rows (id, name, purpose, description) of these organisations and their documents to rank."""
    rows = list(organisations.values_list("id", "name", "register_object", "description"))
    labels: dict[int, list[str]] = defaultdict(list)
    # A subquery, not the ids: compiling an IN of a thousand ids cost as much as reading the rows.
    links = Organisation.themes.through.objects.filter(organisation__in=organisations.values("pk"))
    for organisation_id, label in links.values_list("organisation_id", "theme__label"):
        labels[organisation_id].append(label)
    documents = [
        NeedDocument(id=pk, title=name, text=f"{purpose} {description}", labels=tuple(labels[pk]))
        for pk, name, purpose, description in rows
    ]
    return rows, documents


def _named_among(need: str, names: Iterable[tuple[int, str]]) -> int | None:
    """The organisation of (id, name) pairs whose name is exactly the text typed, if any."""
    typed = normalize(need)
    return min((pk for pk, name in names if normalize(name) == typed), default=None)


def _named(need: str, filters: DirectoryFilters) -> int | None:
    """The same in a large territory, where the rows are only a window: the index's title search
    finds an exact name among its first matches."""
    ids = search_titles(kind=SEARCH_KIND, query=need, tags=filters.tags(), limit=20)
    return _named_among(need, filtered_organisations(filters).filter(pk__in=ids).values_list("pk", "name"))


_CATEGORY_STEMS_KEY = "actors:need:category-stems"


def _category_tags() -> Callable[[frozenset[str]], list[str]]:
    """stems → the index tags of the categories (RNA families, NAF sections: the themes that are
    tags) whose label holds one of the stems.

    A word found in the labels of more than CATEGORY_WORD_MAX categories ("activités": 14 of the 50,
    "services": 4) names none of them: it brings no category (on PostgreSQL, the 14 tags of
    "activité" made one index query of a metropolis cost 400 to 600 ms).
    """
    families = cache.get(_CATEGORY_STEMS_KEY)
    if families is None:  # kept an hour: the nomenclatures change a few times a year
        families = [
            (f"theme:{code}", {stem_of(word) for word in content_words(label)})
            for code, label in Theme.objects.filter(family__isnull=True).values_list("code", "label")
        ]
        cache.set(_CATEGORY_STEMS_KEY, families, 3600)
    held = Counter(stem for _, label in families for stem in label)
    naming = {stem for stem, count in held.items() if count <= CATEGORY_WORD_MAX}
    return lambda stems: [tag for tag, label in families if stems & label & naming]


def reason(result: NeedResult, organisation: Organisation, *, origin: Territory | None, named: bool = False) -> str:
    """Why an organisation is there, in one French sentence: words, categories, place."""
    parts = ["son nom, tel que tapé"] if named else reason_parts(result)
    themes = {theme.label: theme.scheme for theme in organisation.themes.all()}
    rna = [label for label in result.labels if themes.get(label) == ThemeScheme.RNA]
    naf = [label for label in result.labels if themes.get(label) == ThemeScheme.NAF]
    if rna:
        parts.append(f"catégorie du RNA : {quoted(rna)}")
    if naf:
        parts.append(f"activité (NAF) : {quoted(naf)}")
    parts.append(place(organisation, origin))
    return sentence(parts)


def place(organisation: Organisation, origin: Territory | None) -> str:
    """« à Mende », « à Badaroux, 6 km de Mende »: where the organisation is, seen from the origin."""
    commune = organisation.commune
    if commune is None:
        return ""
    if origin is None or commune.pk == origin.pk or origin.kind != TerritoryKind.COMMUNE:
        return f"à {commune.name}"
    km = distance_km(origin, commune)
    if km is None:
        return f"à {commune.name}"
    return f"à {commune.name}, {max(1, round(km))} km de {origin.name}"
