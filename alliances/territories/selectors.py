"""Reads of the territory referential: search, lookups, hierarchy."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from alliances.core.text import normalize
from alliances.territories.enums import CommuneType, TerritoryKind
from alliances.territories.models import PostalCode, Territory, TerritoryPopulation
from alliances.territories.refs import TerritoryRef

_FIVE_CHAR_CODE = re.compile(r"^(\d{5}|2[ABab]\d{3})$")
_SIREN = re.compile(r"^\d{9}$")
_DEPARTEMENT_OR_REGION = re.compile(r"^(\d{2,3}|2[ABab])$")


def territory_get(ref: TerritoryRef) -> Territory:
    """Return the territory for a reference; raise Territory.DoesNotExist when unknown."""
    # A delegated commune may share its code with its commune nouvelle: the latter wins.
    candidates = Territory.objects.select_related("departement", "region", "epci", "parent_commune").filter(
        kind=ref.kind, code=ref.code
    )
    territory = min(candidates, key=lambda t: t.commune_type != CommuneType.ACTUELLE, default=None)
    if territory is None:
        raise Territory.DoesNotExist(f"{ref} inconnu")
    return territory


def communes_by_postal_code(code: str) -> QuerySet[Territory]:
    """Current communes served by a postal code, most populated first."""
    return (
        Territory.objects.current_communes()
        .filter(postal_codes__code=code)
        .select_related("departement", "region", "epci")
        .order_by(F("population").desc(nulls_last=True), "code")
        .distinct()
    )


def territories_search(query: str, *, limit: int = 10, kinds: list[str] | None = None) -> list[Territory]:
    """Find territories by name, INSEE code, postal code or SIREN; most likely first.

    Names match whatever the accents, case, hyphens or "St"/"Saint" spelling; ranking puts
    an exact name first, then names starting with the query, then names containing it,
    and breaks ties by population.
    """
    query = (query or "").strip()
    if not query:
        return []
    base = Territory.objects.select_related("departement")
    if kinds:
        base = base.filter(kind__in=kinds)
    if _FIVE_CHAR_CODE.match(query):
        code = query.upper()
        exact = list(base.filter(kind=TerritoryKind.COMMUNE, code=code).order_by("commune_type"))
        by_postal = [t for t in communes_by_postal_code(code) if not kinds or t.kind in kinds]
        return _unique(exact + by_postal)[:limit]
    if _SIREN.match(query):
        return list(base.filter(Q(siren=query) | Q(kind=TerritoryKind.EPCI, code=query))[:limit])
    if _DEPARTEMENT_OR_REGION.match(query):
        return list(
            base.filter(kind__in=[TerritoryKind.DEPARTEMENT, TerritoryKind.REGION], code=query.upper()).order_by(
                "kind"
            )[:limit]
        )
    term = normalize(query)
    if not term:
        return []
    ranked = (
        base.filter(search_name__contains=term)
        .annotate(
            rank=Case(
                When(search_name=term, then=Value(0)),
                When(search_name__startswith=term, then=Value(1)),
                When(search_name__contains=" " + term, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", F("population").desc(nulls_last=True), "name")
    )
    return list(ranked[:limit])


def _unique(territories: list[Territory]) -> list[Territory]:
    seen: set[int] = set()
    result = []
    for territory in territories:
        if territory.pk not in seen:
            seen.add(territory.pk)
            result.append(territory)
    return result


@dataclass(frozen=True)
class PopulationChange:
    current: TerritoryPopulation
    previous: TerritoryPopulation | None

    @property
    def delta(self) -> int | None:
        return None if self.previous is None else self.current.population - self.previous.population

    @property
    def percent(self) -> float | None:
        if self.previous is None or not self.previous.population:
            return None
        return 100 * (self.current.population - self.previous.population) / self.previous.population


def population_change(territory: Territory) -> PopulationChange | None:
    """Latest population and the earliest earlier one, or None when no population is known."""
    populations = list(territory.populations.order_by("-vintage"))
    if not populations:
        return None
    return PopulationChange(current=populations[0], previous=populations[-1] if len(populations) > 1 else None)


def previous_population(territory: Territory) -> TerritoryPopulation | None:
    change = population_change(territory)
    return change.previous if change else None


def members_of(territory: Territory) -> QuerySet[Territory]:
    """The territories one level down: an EPCI's communes, a département's EPCI, a région's départements."""
    order = (F("population").desc(nulls_last=True), "name")
    if territory.kind == TerritoryKind.EPCI:
        return territory.member_communes.current_communes().order_by(*order)
    if territory.kind == TerritoryKind.DEPARTEMENT:
        return Territory.objects.epcis().filter(departement=territory).order_by(*order)
    if territory.kind == TerritoryKind.REGION:
        return Territory.objects.departements().filter(region=territory).order_by("code")
    if territory.kind == TerritoryKind.COMMUNE:
        return territory.sub_communes.order_by("code")
    return Territory.objects.none()


def communes_of(territory: Territory) -> QuerySet[Territory]:
    """All current communes inside a territory, most populated first."""
    communes = Territory.objects.current_communes()
    field = {TerritoryKind.EPCI: "epci", TerritoryKind.DEPARTEMENT: "departement", TerritoryKind.REGION: "region"}.get(
        TerritoryKind(territory.kind)
    )
    if field is None:
        return communes.filter(pk=territory.pk)
    return communes.filter(**{field: territory}).order_by(F("population").desc(nulls_last=True), "name")


def postal_codes_of(territory: Territory) -> list[str]:
    return sorted(set(PostalCode.objects.filter(commune=territory).values_list("code", flat=True)))
