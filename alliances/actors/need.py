"""Organisations ranked by relevance to a need written in everyday words.

The candidates are organisations already narrowed by territory (and by the API's filters);
`alliances.core.search.need` ranks them on their name, their declared purpose and presentation,
and the labels of their official categories (RNA social objects, NAF sections). Each match
carries the sentence that says why: the words, the category, and where it is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from alliances.actors.enums import OrganisationStatus, ThemeScheme
from alliances.actors.models import Organisation
from alliances.actors.selectors import DirectoryFilters, filtered_organisations, with_list_data
from alliances.core.search.need import (
    AnalysedDocuments,
    NeedDocument,
    NeedRanking,
    NeedResult,
    need_ranking,
    quoted,
    reason_parts,
    sentence,
)
from alliances.core.text import normalize
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory
from alliances.territories.selectors import distance_km

# Beyond this many candidate organisations (a large city's département, a région) they are not
# read: the page asks for a smaller territory, the API searches the words instead (measured:
# ~25 µs per candidate to analyse).
MAX_CANDIDATES = 30_000


class TerritoryTooLarge(Exception):
    """The territory holds too many organisations to rank them all by need."""


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
    *,
    need: str,
    territory: Territory,
    origin: Territory | None = None,
    limit: int = 20,
    candidates: NeedCandidates | None = None,
) -> NeedMatches:
    """The territory's active organisations that can act on `need`, best first, each with why.

    `origin`: the commune the need comes from, whose distance each reason gives. `candidates`:
    the territory's, from `need_candidates`, when several needs are ranked there (the digests).
    """
    prepared = candidates if candidates is not None else need_candidates(territory)
    return _ranked(need, prepared, origin=origin, limit=limit, offset=0)


def organisations_filtered_by_need(*, need: str, filters: DirectoryFilters, limit: int, offset: int) -> NeedMatches:
    """The organisations the directory's filters keep, ranked by need (the API's `q` with a territory)."""
    return _ranked(need, _candidates(filtered_organisations(filters)), origin=None, limit=limit, offset=offset)


@dataclass
class NeedCandidates:
    """A territory's candidate organisations, read and analysed once: ranking them for another
    need costs the ranking only (a day's digests rank ten needs in the same large city)."""

    rows: list[tuple[int, str, str, str]]  # id, name, declared purpose, description
    analysed: AnalysedDocuments
    _names: dict[str, int] | None = field(default=None, repr=False)
    # Each need's ranking, for the searches of the same need from several communes of the territory.
    rankings: dict[tuple[str, int, int], NeedRanking] = field(default_factory=dict, repr=False)

    def named(self, text: str) -> int | None:
        """The first candidate whose name is `text` (compared normalised), or None."""
        if self._names is None:
            self._names = {}
            for pk, name, *_ in self.rows:
                self._names.setdefault(normalize(name), pk)
        return self._names.get(normalize(text))


def need_candidates(territory: Territory) -> NeedCandidates:
    """The territory's active organisations of the directory, analysed; raise TerritoryTooLarge."""
    return _candidates(Organisation.objects.in_territory(territory).filter(status=OrganisationStatus.ACTIVE).listed())


def _candidates(candidates: QuerySet[Organisation]) -> NeedCandidates:
    rows = list(candidates.values_list("id", "name", "register_object", "description")[: MAX_CANDIDATES + 1])
    if len(rows) > MAX_CANDIDATES:
        raise TerritoryTooLarge()
    labels: dict[int, list[str]] = defaultdict(list)
    links = Organisation.themes.through.objects.filter(organisation_id__in=[row[0] for row in rows])
    for organisation_id, label in links.values_list("organisation_id", "theme__label"):
        labels[organisation_id].append(label)
    documents = [
        NeedDocument(id=pk, title=name, text=f"{purpose} {description}", labels=tuple(labels[pk]))
        for pk, name, purpose, description in rows
    ]
    return NeedCandidates(rows=rows, analysed=AnalysedDocuments(documents))


def _ranked(need: str, candidates: NeedCandidates, *, origin: Territory | None, limit: int, offset: int) -> NeedMatches:
    key = (need, limit, offset)
    if key not in candidates.rankings:
        candidates.rankings[key] = need_ranking(need, candidates.analysed, limit=limit, offset=offset)
    ranking = candidates.rankings[key]
    results, total = ranking.results, ranking.total
    # An organisation named exactly as typed comes first (someone typing a name, not a need).
    named = candidates.named(need)
    if named is not None:
        total += named not in ranking.ids
        others = [r for r in results if r.id != named]
        results = [NeedResult(id=named, score=float("inf")), *others[: limit - 1]] if offset == 0 else others
    found = {o.pk: o for o in with_list_data(Organisation.objects.filter(pk__in=[r.id for r in results]))}
    matches = [
        NeedMatch(organisation=found[r.id], reason=reason(r, found[r.id], origin=origin, named=r.id == named))
        for r in results
        if r.id in found
    ]
    return NeedMatches(matches=matches, total=total)


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
