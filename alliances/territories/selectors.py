"""Reads of the territory referential: search, lookups, hierarchy."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.core.cache import cache
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


# Longest text read as a territory: official names have 80 characters or so.
MAX_TERRITORY_TEXT = 200


def territories_search(query: str, *, limit: int = 10, kinds: list[str] | None = None) -> list[Territory]:
    """Find territories by name, INSEE code, postal code or SIREN; most likely first.

    Names match whatever the accents, case, hyphens or "St"/"Saint" spelling; ranking puts
    an exact name first, then names starting with the query, then names containing it,
    and breaks ties by population.
    """
    query = (query or "").strip()
    if not query or len(query) > MAX_TERRITORY_TEXT:  # no name is that long (see territory_resolve)
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


def departement_codes_of(territory: Territory) -> list[str]:
    """The codes of the départements a territory lies in: one, or several for an intercommunality
    or a région (an EPCI may straddle départements: the Métropole du Grand Paris lies in six)."""
    if territory.kind == TerritoryKind.DEPARTEMENT:
        return [territory.code]
    if territory.kind == TerritoryKind.COMMUNE:
        return [territory.departement.code] if territory.departement else []
    # Kept an hour: the referential changes once a year, and reading a région's communes costs
    # a few milliseconds on every search of it.
    key = f"territories:departements:{territory.ref}"
    codes = cache.get(key)
    if codes is None:
        communes = communes_of(territory).exclude(departement=None).order_by()
        codes = sorted(set(communes.values_list("departement__code", flat=True).distinct()))
        cache.set(key, codes, 3600)
    return codes


def postal_codes_of(territory: Territory) -> list[str]:
    return sorted(set(PostalCode.objects.filter(commune=territory).values_list("code", flat=True)))


# What people write before an intercommunality's name; official names use the short form.
_EPCI_PREFIXES = {
    "communaute de communes": "cc",
    "communaute d agglomeration": "ca",
    "communaute urbaine": "cu",
    "cc": "cc",
    "ca": "ca",
    "cu": "cu",
}
_TRAILING_CODE = re.compile(
    r"^(?P<name>.*?)\s*\((?:(?P<kind>departement|département|region|région|epci)\s+)?(?P<code>[0-9AB]{2,9})\)\s*$",
    re.IGNORECASE,
)
_LABEL_KINDS = {"departement": "departement", "département": "departement", "region": "region", "région": "region"}


def territory_label(territory: Territory) -> str:
    """How a territory is written back into a field: readable, and resolved again without ambiguity."""
    if territory.kind == TerritoryKind.COMMUNE:
        return f"{territory.name} ({territory.code})"
    if territory.kind == TerritoryKind.EPCI:
        return f"{territory.name} (EPCI {territory.code})"
    word = "département" if territory.kind == TerritoryKind.DEPARTEMENT else "région"
    return f"{territory.name} ({word} {territory.code})"


@dataclass(frozen=True)
class TerritoryResolution:
    """What a typed territory means: one territory, or candidates to choose from, or nothing."""

    territory: Territory | None
    candidates: tuple[Territory, ...] = ()
    message: str = ""  # French, empty when resolved


def territory_resolve(text: str, *, kinds: list[str] | None = None, limit: int = 8) -> TerritoryResolution:
    """Read a territory as a person types it: a name ("Mende", "Cœur de Lozère"), a postal code
    ("48000"), an official code, a suggestion label ("Mende (48095)") or `commune:48095`.

    Resolved when exactly one territory fits; otherwise the candidates, most likely first, for a
    "Vouliez-vous dire…" question. The one resolver of every territory field and filter.
    """
    text = " ".join((text or "").split())
    if not text:
        return TerritoryResolution(None, message="Indiquez un territoire.")
    # The longest official name has 80 characters or so: a longer text is no territory, and a
    # search pattern of tens of thousands of characters is refused by SQLite ("too complex").
    if len(text) > MAX_TERRITORY_TEXT:
        return TerritoryResolution(
            None, message=f"Un nom de territoire tient en {MAX_TERRITORY_TEXT} caractères au plus."
        )
    if re.match(r"^[a-z]+:", text, re.IGNORECASE):
        from alliances.territories.refs import InvalidTerritoryRef, parse_territory_ref

        try:
            parse_territory_ref(text)
        except InvalidTerritoryRef as error:
            return TerritoryResolution(None, message=str(error))
    candidates = _current(_resolution_candidates(text, kinds=kinds, limit=limit))
    if len(candidates) == 1:
        return TerritoryResolution(candidates[0])
    if not candidates:
        return TerritoryResolution(
            None,
            message=f"Aucun territoire ne correspond à « {text} » : essayez le nom d'une commune, "
            "d'une intercommunalité, d'un département ou d'une région, ou un code postal.",
        )
    names = ", ".join(territory_label(t) for t in candidates)
    return TerritoryResolution(
        None, tuple(candidates), message=f"Vouliez-vous dire : {names} ? Choisissez l'un de ces territoires."
    )


def _resolution_candidates(text: str, *, kinds: list[str] | None, limit: int) -> list[Territory]:
    """The territories `text` may mean; a single one when it is unambiguous."""
    from alliances.territories.refs import InvalidTerritoryRef, parse_territory_ref

    if re.match(r"^[a-z]+:", text, re.IGNORECASE):
        try:
            found = [territory_get(parse_territory_ref(text))]
        except (InvalidTerritoryRef, Territory.DoesNotExist):
            return []
        return [t for t in found if not kinds or t.kind in kinds]
    labelled = _TRAILING_CODE.match(text)
    if labelled:
        kind = _LABEL_KINDS.get((labelled.group("kind") or "").lower())
        code = labelled.group("code").upper()
        if labelled.group("kind") and labelled.group("kind").lower() == "epci":
            kind = TerritoryKind.EPCI
        found = _by_code(code, kind)
        if len(found) == 1 and (not kinds or found[0].kind in kinds):
            return found
        text = labelled.group("name") or text
    base = Territory.objects.select_related("departement")
    if kinds:
        base = base.filter(kind__in=kinds)
    if _FIVE_CHAR_CODE.match(text):
        code = text.upper()
        exact = list(base.filter(kind=TerritoryKind.COMMUNE, code=code, commune_type=CommuneType.ACTUELLE))
        by_postal = [t for t in communes_by_postal_code(code) if not kinds or t.kind in kinds]
        return _unique(exact + by_postal)[:limit]
    if _SIREN.match(text) or _DEPARTEMENT_OR_REGION.match(text):
        return [t for t in territories_search(text, limit=limit) if not kinds or t.kind in kinds]
    term = normalize(text)
    if not term:
        return []
    for long, short in _EPCI_PREFIXES.items():
        if term.startswith(long + " ") and len(term) > len(long) + 1:
            rest = term[len(long) + 1 :]
            epcis = list(base.filter(kind=TerritoryKind.EPCI, search_name__contains=rest)[: limit + 1])
            exact = [t for t in epcis if t.search_name in (f"{short} {rest}", rest)]
            return exact if len(exact) == 1 else epcis[:limit]
    # An exact name wins (a delegated commune stands for its commune nouvelle, see _current).
    exact = _current(list(base.filter(search_name=term).order_by(F("population").desc(nulls_last=True))[: limit + 1]))
    if exact:
        return exact[:limit]
    return territories_search(text, limit=limit, kinds=kinds)


def _by_code(code: str, kind: str | None) -> list[Territory]:
    if kind is None:
        kind = (
            TerritoryKind.COMMUNE
            if _FIVE_CHAR_CODE.match(code)
            else TerritoryKind.EPCI
            if _SIREN.match(code)
            else TerritoryKind.DEPARTEMENT
        )
    try:
        return [territory_get(TerritoryRef(kind=kind, code=code))]
    except Territory.DoesNotExist:
        return []


def territories_autocomplete(query: str, *, kinds: list[str] | None = None, limit: int = 8) -> list[Territory]:
    """Suggestions while typing: what the resolver would pick (or its candidates) first, then the search."""
    query = " ".join((query or "").split())
    if not query:
        return []
    first = _resolution_candidates(query, kinds=kinds, limit=limit)
    others = territories_search(query, limit=limit, kinds=kinds) if not _FIVE_CHAR_CODE.match(query) else []
    return _current(first + others)[:limit]


def _current(territories: list[Territory]) -> list[Territory]:
    """Delegated and associated communes stand for the commune they belong to today (Florac → Florac
    Trois Rivières): that is where organisations, figures and alliances are filed."""
    parents = Territory.objects.select_related("departement").in_bulk(
        {t.parent_commune_id for t in territories if t.parent_commune_id and not t.is_current_commune}
    )
    return _unique(
        [
            parents.get(t.parent_commune_id, t) if t.parent_commune_id and not t.is_current_commune else t
            for t in territories
        ]
    )


def distance_km(a: Territory, b: Territory) -> float | None:
    """Great-circle distance between the centres of two territories, or None without coordinates."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))
