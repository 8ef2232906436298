"""Organisations of a territory ranked by relevance to a need written in everyday words.

The candidates are the territory's active organisations; `alliances.core.search.need` ranks them
on their name, their declared purpose and presentation, and the labels of their official
categories (RNA social objects, NAF sections). Each match carries the sentence that says why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from alliances.actors.enums import OrganisationStatus
from alliances.actors.models import Organisation
from alliances.core.search.need import NeedDocument, NeedResult, rank_by_need
from alliances.core.text import normalize
from alliances.territories.models import Territory

# Beyond this many active organisations (a large city's département, a région) the candidates are
# not read: the page asks for a smaller territory (measured: ~25 µs per candidate to analyse).
MAX_CANDIDATES = 30_000


class TerritoryTooLarge(Exception):
    """The territory holds too many organisations to rank them all by need."""


@dataclass
class NeedMatch:
    organisation: Organisation
    reason: str


def organisations_by_need(*, need: str, territory: Territory, limit: int = 20) -> list[NeedMatch]:
    """The territory's active organisations that can act on `need`, best first, each with why."""
    candidates = Organisation.objects.in_territory(territory).filter(status=OrganisationStatus.ACTIVE).listed()
    rows = list(candidates.values_list("id", "name", "register_object", "description")[: MAX_CANDIDATES + 1])
    if len(rows) > MAX_CANDIDATES:
        raise TerritoryTooLarge(territory.name)
    labels: dict[int, list[str]] = defaultdict(list)
    links = Organisation.themes.through.objects.filter(organisation_id__in=[row[0] for row in rows])
    for organisation_id, label in links.values_list("organisation_id", "theme__label"):
        labels[organisation_id].append(label)
    documents = [
        NeedDocument(id=pk, title=name, text=f"{purpose} {description}", labels=tuple(labels[pk]))
        for pk, name, purpose, description in rows
    ]
    results = rank_by_need(need, documents, limit=limit)
    # An organisation named exactly as typed comes first (someone typing a name, not a need).
    typed = normalize(need)
    named = [pk for pk, name, *_ in rows if normalize(name) == typed]
    if named:
        results = [NeedResult(id=named[0], score=float("inf"), matched_words=[need])] + [
            result for result in results if result.id != named[0]
        ]
    organisations = Organisation.objects.select_related("commune").in_bulk([result.id for result in results])
    return [NeedMatch(organisation=organisations[result.id], reason=reason(result)) for result in results]


def reason(result: NeedResult) -> str:
    """Why a result is there, in one French sentence."""
    parts = []
    if result.matched_words:
        parts.append("mots de son objet : " + ", ".join(f"« {word} »" for word in result.matched_words))
    if result.related_words:
        pairs = ", ".join(f"« {found} » pour « {asked} »" for asked, found in result.related_words)
        parts.append(f"proche par le sens : {pairs}")
    return " ; ".join(parts).capitalize() if parts else ""
