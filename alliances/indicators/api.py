"""API of the indicators app (composed under /api/v1/ by alliances/api.py)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from alliances.core.api_errors import INVALID, NOT_FOUND
from alliances.indicators import selectors
from alliances.indicators.enums import ValueStatus
from alliances.territories.api import code_path, territory_or_404
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory
from alliances.territories.refs import TerritoryRef, validate_code

router = Router(tags=["indicateurs"])


class ComparaisonOut(Schema):
    territoire: str = Field(..., description="departement:48, region:76, france ou comparables")
    nom: str
    valeur: float | None
    statut: str
    ecart: float | None = Field(None, description="valeur du territoire moins valeur de référence")
    effectif: int | None = Field(None, description="comparables : nombre de territoires ayant une valeur")
    rang: int | None = Field(None, description="comparables : rang, 1 = valeur la plus élevée")
    percentile: float | None = Field(
        None, description="comparables : part des territoires ayant une valeur inférieure (%)"
    )


class IndicateurOut(Schema):
    code: str
    libelle: str
    valeur: float | None
    statut: str = Field(..., description="« valeur diffusée », « secret statistique » ou « non disponible »")
    unite: str
    millesime: int
    source: str
    definition: str
    calculee: bool = Field(..., description="vrai si la plateforme l'a agrégée à partir des communes")
    odd: list[int]
    comparaisons: list[ComparaisonOut]


class IndicateursOut(Schema):
    code: str
    nom: str
    type: str
    indicateurs: list[IndicateurOut]


class FragiliteOut(Schema):
    code: str
    libelle: str
    type: str = Field(..., description="fragilite ou atout")
    phrase: str
    odd: list[int]
    valeur: float | None
    percentile: float | None


class FragilitesOut(Schema):
    code: str
    nom: str
    fragilites: list[FragiliteOut]


def _get(kind: str, code: str) -> Territory:
    return territory_or_404(TerritoryRef(kind=kind, code=validate_code(kind, code)))


def _indicators_out(territory: Territory) -> dict:
    lines = selectors.indicator_report(territory)
    return {
        "code": territory.code,
        "nom": territory.name,
        "type": territory.kind,
        "indicateurs": [
            {
                "code": line.indicator.code,
                "libelle": line.indicator.label,
                "valeur": line.value.value,
                "statut": ValueStatus(line.value.status).label,
                "unite": line.indicator.unit,
                "millesime": line.value.vintage,
                "source": line.indicator.source,
                "definition": line.indicator.definition,
                "calculee": line.value.is_computed,
                "odd": line.sdgs,
                "comparaisons": [
                    {
                        "territoire": c.scope if c.scope in ("france", "comparables") else c.ref,
                        "nom": c.label,
                        "valeur": c.value,
                        "statut": ValueStatus(c.status).label,
                        "ecart": c.gap,
                        "effectif": c.count,
                        "rang": c.rank,
                        "percentile": c.percentile,
                    }
                    for c in line.comparisons
                ],
            }
            for line in lines
        ],
    }


_DOC = (
    "Dernière valeur de chaque indicateur chargé (millésime, source, statut : une valeur sous "
    "secret statistique ou non disponible vaut null), comparée au département, à la région, à "
    "la France et aux territoires comparables (médiane, rang, percentile, écart)."
)


@router.get(
    "/communes/{code}/indicateurs",
    response={200: IndicateursOut, **NOT_FOUND, **INVALID},
    summary="Indicateurs d'une commune",
    description=_DOC,
)
def commune_indicators(request: HttpRequest, code: str = code_path(TerritoryKind.COMMUNE)):
    return _indicators_out(_get(TerritoryKind.COMMUNE, code))


@router.get(
    "/epcis/{code}/indicateurs",
    response={200: IndicateursOut, **NOT_FOUND, **INVALID},
    summary="Indicateurs d'une intercommunalité",
    description=_DOC,
)
def epci_indicators(request: HttpRequest, code: str = code_path(TerritoryKind.EPCI)):
    return _indicators_out(_get(TerritoryKind.EPCI, code))


@router.get(
    "/departements/{code}/indicateurs",
    response={200: IndicateursOut, **NOT_FOUND, **INVALID},
    summary="Indicateurs d'un département",
    description=_DOC,
)
def departement_indicators(request: HttpRequest, code: str = code_path(TerritoryKind.DEPARTEMENT)):
    return _indicators_out(_get(TerritoryKind.DEPARTEMENT, code))


@router.get(
    "/regions/{code}/indicateurs",
    response={200: IndicateursOut, **NOT_FOUND, **INVALID},
    summary="Indicateurs d'une région",
    description=_DOC,
)
def region_indicators(request: HttpRequest, code: str = code_path(TerritoryKind.REGION)):
    return _indicators_out(_get(TerritoryKind.REGION, code))


@router.get(
    "/communes/{code}/fragilites",
    response={200: FragilitesOut, **NOT_FOUND, **INVALID},
    summary="Fragilités et atouts d'une commune",
    description="Indicateurs parmi les 20 % les moins (fragilités) ou les plus (atouts) favorables "
    "des communes comparables, avec les ODD concernés et une phrase d'explication.",
)
def commune_fragilities(request: HttpRequest, code: str = code_path(TerritoryKind.COMMUNE)):
    territory = _get(TerritoryKind.COMMUNE, code)
    return {
        "code": territory.code,
        "nom": territory.name,
        "fragilites": [
            {
                "code": f.code,
                "libelle": f.label,
                "type": f.kind,
                "phrase": f.sentence,
                "odd": list(f.sdgs),
                "valeur": f.value,
                "percentile": f.percentile,
            }
            for f in selectors.territory_fragilities(territory)
        ],
    }
