"""Organisations ranked by relevance to a need written in everyday words.

The candidates are organisations narrowed by territory (and by the API's filters), and in a large
territory by the search index (`alliances.core.search.need_index`); `alliances.core.search.need`
ranks them on their name, their declared purpose and presentation, and the labels of their
official categories (RNA social objects, NAF sections). Each match carries the sentence that
says why: the words, the category, and where it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from alliances.actors.enums import ThemeScheme
from alliances.actors.indexing import SEARCH_KIND
from alliances.actors.models import Organisation, Theme
from alliances.actors.selectors import DirectoryFilters, filtered_organisations, with_list_data
from alliances.core.search import search_documents
from alliances.core.search.index import count_tagged
from alliances.core.search.need import (
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
    """The organisations the directory's filters keep, ranked by need (the API's `q` with a territory).

    A large territory is narrowed by the search index first (alliances.core.search.need_index).
    """
    candidates = filtered_organisations(filters)
    tags = filters.tags()
    scope, total = None, None
    if count_tagged(kind=SEARCH_KIND, tags=tags) > IN_MEMORY_LIMIT:
        found = indexed_candidates(kind=SEARCH_KIND, need=need, tags=tags, class_tags=_category_tags())
        # The index kept the territory: filtering on it again would make the database walk it.
        candidates = filtered_organisations(replace(filters, territory=None, territories=[])).filter(pk__in=found.ids)
        scope, total = found.scope, found.total
    rows = list(candidates.values_list("id", "name", "register_object", "description"))
    labels: dict[int, list[str]] = defaultdict(list)
    links = Organisation.themes.through.objects.filter(organisation_id__in=[row[0] for row in rows])
    for organisation_id, label in links.values_list("organisation_id", "theme__label"):
        labels[organisation_id].append(label)
    documents = [
        NeedDocument(id=pk, title=name, text=f"{purpose} {description}", labels=tuple(labels[pk]))
        for pk, name, purpose, description in rows
    ]
    ranking = need_ranking(need, documents, limit=limit, offset=offset, scope=scope)
    results = ranking.results
    total = ranking.total if total is None else max(total, ranking.total)
    # An organisation named exactly as typed comes first (someone typing a name, not a need).
    named = _named(need, filters) if scope is not None else _named_among(need, (row[:2] for row in rows))
    if named is not None:
        total += named not in ranking.ids
        others = [r for r in results if r.id != named]
        results = [NeedResult(id=named, score=float("inf")), *others[: limit - 1]] if offset == 0 else others
    found_rows = {o.pk: o for o in with_list_data(Organisation.objects.filter(pk__in=[r.id for r in results]))}
    matches = [
        NeedMatch(organisation=found_rows[r.id], reason=reason(r, found_rows[r.id], origin=origin, named=r.id == named))
        for r in results
        if r.id in found_rows
    ]
    return NeedMatches(matches=matches, total=total)


def _named_among(need: str, names: Iterable[tuple[int, str]]) -> int | None:
    """The organisation of (id, name) pairs whose name is exactly the text typed, if any."""
    typed = normalize(need)
    return min((pk for pk, name in names if normalize(name) == typed), default=None)


def _named(need: str, filters: DirectoryFilters) -> int | None:
    """The same in a large territory, where the rows are only a window: the index's title search
    finds an exact name among its first matches."""
    ids = [match.object_id for match in search_documents(kind=SEARCH_KIND, query=need, tags=filters.tags(), limit=20)]
    return _named_among(need, filtered_organisations(filters).filter(pk__in=ids).values_list("pk", "name"))


def _category_tags() -> Callable[[frozenset[str]], list[str]]:
    """stems → the index tags of the categories (RNA families, NAF sections: the themes that are
    tags) whose label holds one of the stems."""
    families = [
        (f"theme:{code}", {stem_of(word) for word in content_words(label)})
        for code, label in Theme.objects.filter(family__isnull=True).values_list("code", "label")
    ]
    return lambda stems: [tag for tag, label in families if stems & label]


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
