"""API of the territory referential, in the style of geo.api.gouv.fr."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from alliances.core.api_errors import INVALID, NOT_FOUND
from alliances.core.pagination import LimitOffsetPagination
from alliances.territories import selectors
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory
from alliances.territories.refs import TerritoryRef, code_pattern, validate_code

router = Router(tags=["territoires"])


def territory_or_404(ref: TerritoryRef) -> Territory:
    """The territory a well-formed reference names, or the API's 404 (a malformed one is a 422)."""
    try:
        return selectors.territory_get(ref)
    except Territory.DoesNotExist as error:
        raise HttpError(404, f"Territoire inconnu : {ref}") from error


class TerritoireRef(Schema):
    """A territory named in another resource (a practice, an alliance…)."""

    type: str = Field(..., description="commune, epci, departement ou region")
    code: str
    nom: str


def code_path(kind: str) -> Any:
    """The `{code}` of a territory of this kind in a path, with its format in the schema."""
    return Path(..., pattern=code_pattern(kind), description=f"code officiel ({kind})")


class TerritoireOut(Schema):
    type: str = Field(..., description="commune, epci, departement ou region")
    code: str
    nom: str
    population: int | None


class CommuneOut(Schema):
    code: str
    nom: str
    type: str = Field(
        ..., description="commune-actuelle, commune-deleguee, commune-associee ou arrondissement-municipal"
    )
    population: int | None
    populationMillesime: int | None
    populationPrecedente: int | None
    populationPrecedenteMillesime: int | None
    codesPostaux: list[str]
    codeDepartement: str | None
    codeRegion: str | None
    codeEpci: str | None
    siren: str | None


class EpciOut(Schema):
    code: str
    nom: str
    type: str
    population: int | None
    populationMillesime: int | None
    codeDepartement: str | None
    codeRegion: str | None
    membres: list[str]


class DepartementOut(Schema):
    code: str
    nom: str
    codeRegion: str | None
    population: int | None
    populationMillesime: int | None


class RegionOut(Schema):
    code: str
    nom: str
    population: int | None
    populationMillesime: int | None


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=100, description="nom, code INSEE, code postal ou SIREN")
    limit: int = Field(10, ge=1, le=50)


def _get(kind: str, code: str) -> Territory:
    ref = TerritoryRef(kind=kind, code=validate_code(kind, code))
    try:
        return selectors.territory_get(ref)
    except Territory.DoesNotExist as error:
        labels = {"commune": "Commune", "epci": "EPCI", "departement": "Département", "region": "Région"}
        raise HttpError(404, f"{labels[kind]} inconnu(e) : {ref.code}") from error


def _code(territory: Territory | None) -> str | None:
    return territory.code if territory else None


def commune_out(commune: Territory) -> dict:
    previous = selectors.previous_population(commune)
    return {
        "code": commune.code,
        "nom": commune.name,
        "type": commune.commune_type,
        "population": commune.population,
        "populationMillesime": commune.population_vintage,
        "populationPrecedente": previous.population if previous else None,
        "populationPrecedenteMillesime": previous.vintage if previous else None,
        "codesPostaux": selectors.postal_codes_of(commune),
        "codeDepartement": _code(commune.departement),
        "codeRegion": _code(commune.region),
        "codeEpci": _code(commune.epci),
        "siren": commune.siren or None,
    }


@router.get("/territoires", response={200: list[TerritoireOut], **INVALID}, summary="Chercher un territoire")
def territoires(request: HttpRequest, filters: Query[SearchQuery]):
    """Cherche parmi tous les niveaux par nom (sans tenir compte des accents), code INSEE,
    code postal ou SIREN ; le plus probable d'abord (nom exact, puis population)."""
    results = selectors.territories_search(filters.q, limit=filters.limit)
    return [{"type": t.kind, "code": t.code, "nom": t.name, "population": t.population} for t in results]


class CommunesQuery(Schema):
    codePostal: str = Field(..., pattern=r"^[0-9]{5}$", description="code postal à 5 chiffres, par exemple 48000")


@router.get("/communes", response={200: list[CommuneOut], **INVALID}, summary="Communes d'un code postal")
@paginate(LimitOffsetPagination)
def communes(request: HttpRequest, filters: Query[CommunesQuery]):
    return [commune_out(c) for c in selectors.communes_by_postal_code(filters.codePostal)]


@router.get("/communes/{code}", response={200: CommuneOut, **NOT_FOUND, **INVALID}, summary="Une commune")
def commune(request: HttpRequest, code: str = code_path(TerritoryKind.COMMUNE)):
    return commune_out(_get(TerritoryKind.COMMUNE, code))


@router.get("/epcis/{code}", response={200: EpciOut, **NOT_FOUND, **INVALID}, summary="Une intercommunalité (EPCI)")
def epci(request: HttpRequest, code: str = code_path(TerritoryKind.EPCI)):
    territory = _get(TerritoryKind.EPCI, code)
    return {
        "code": territory.code,
        "nom": territory.name,
        "type": territory.epci_type,
        "population": territory.population,
        "populationMillesime": territory.population_vintage,
        "codeDepartement": _code(territory.departement),
        "codeRegion": _code(territory.region),
        "membres": list(selectors.members_of(territory).values_list("code", flat=True)),
    }


def _departement_out(t: Territory) -> dict:
    return {
        "code": t.code,
        "nom": t.name,
        "codeRegion": _code(t.region),
        "population": t.population,
        "populationMillesime": t.population_vintage,
    }


def _region_out(t: Territory) -> dict:
    return {"code": t.code, "nom": t.name, "population": t.population, "populationMillesime": t.population_vintage}


@router.get("/departements", response={200: list[DepartementOut], **INVALID}, summary="Départements")
@paginate(LimitOffsetPagination)
def departements(request: HttpRequest):
    return [_departement_out(t) for t in Territory.objects.departements().select_related("region").order_by("code")]


@router.get("/departements/{code}", response={200: DepartementOut, **NOT_FOUND, **INVALID}, summary="Un département")
def departement(request: HttpRequest, code: str = code_path(TerritoryKind.DEPARTEMENT)):
    return _departement_out(_get(TerritoryKind.DEPARTEMENT, code))


@router.get("/regions", response={200: list[RegionOut], **INVALID}, summary="Régions")
@paginate(LimitOffsetPagination)
def regions(request: HttpRequest):
    return [_region_out(t) for t in Territory.objects.regions().order_by("code")]


@router.get("/regions/{code}", response={200: RegionOut, **NOT_FOUND, **INVALID}, summary="Une région")
def region(request: HttpRequest, code: str = code_path(TerritoryKind.REGION)):
    return _region_out(_get(TerritoryKind.REGION, code))
