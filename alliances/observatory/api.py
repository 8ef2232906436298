"""API of the observatory app (composed under /api/v1/ by alliances/api.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from alliances.core.api_errors import INVALID, NOT_FOUND
from alliances.observatory.enums import SECRET_LABEL, Level
from alliances.observatory.exports import LICENCE
from alliances.observatory.models import SECONDARY_LABEL, TerritoryCount
from alliances.observatory.selectors import last_refresh
from alliances.territories.api import territory_or_404
from alliances.territories.models import Territory
from alliances.territories.refs import TERRITORY_REF_PATTERN, parse_territory_ref

router = Router(tags=["observatoire"])

# Levels strictly finer than each level: the territories of `niveau` found inside a `territoire`.
_FINER: dict[str, list[Level]] = {
    Level.NATIONAL: [Level.REGION, Level.DEPARTEMENT, Level.EPCI, Level.COMMUNE],
    Level.REGION: [Level.DEPARTEMENT, Level.EPCI, Level.COMMUNE],
    Level.DEPARTEMENT: [Level.EPCI, Level.COMMUNE],
    Level.EPCI: [Level.COMMUNE],
    Level.COMMUNE: [],
}


class TerritoireObservatoire(Schema):
    niveau: Level = Field(..., description="national, region, departement, epci ou commune")
    code: str | None = Field(None, description="code officiel ; vide pour la France")
    nom: str


class ChiffreOut(Schema):
    territoire: TerritoireObservatoire
    indicateur: str = Field(..., description="alliances, pratiques, organisations, catalyseurs, autodiagnostics")
    ventilation: str = Field(
        ..., description="vide pour le total ; etape, forme, type_partenariat, odd, fragilite, type, trimestre"
    )
    modalite: str = Field(..., description="valeur de la ventilation (vide pour le total)")
    libelle: str
    effectif: int | None = Field(
        ..., ge=0, description="nombre d'éléments ; null quand le secret statistique le masque (voir `secret`)"
    )
    secret: Literal["primaire", "secondaire"] | None = Field(
        ...,
        description=f"null si l'effectif est publié ; « primaire » : effectif de 1 à 4 masqué (affiché « {SECRET_LABEL} » "
        f"dans les pages et les fichiers) ; « secondaire » : masquage complémentaire (affiché « {SECONDARY_LABEL} »), "
        "pour qu'un effectif masqué ne se retrouve pas par soustraction",
    )
    confidentiel: bool = Field(..., description="vrai si l'effectif est calculé sur des données non publiques")


class ChiffresOut(Schema):
    count: int
    calcule_le: datetime | None
    licence: str
    items: list[ChiffreOut]


class ChiffresQuery(Schema):
    territoire: str | None = Field(
        None,
        pattern=TERRITORY_REF_PATTERN,
        description="territoire : commune:48095, epci:244800405, departement:48, region:76 ; absent = la France",
        examples=["departement:48"],
    )
    niveau: Level | None = Field(
        None,
        description="niveau des territoires à lister à l'intérieur du territoire (ou de la France) : "
        "region, departement, epci ou commune ; absent, ou le niveau du territoire lui-même : le territoire ; "
        "un niveau plus large que le territoire : aucun chiffre",
        examples=["departement"],
    )
    indicateur: str | None = Field(None, description="ne garder qu'un indicateur", examples=["alliances"])
    ventilation: str | None = Field(
        None,
        description="ne garder qu'une ventilation ; « total » pour les seuls totaux",
        examples=["etape"],
    )
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=100_000)  # beyond 64 bits the database refuses it (500)


EXAMPLE = {
    "count": 2,
    "calcule_le": "2026-11-27T17:00:00+01:00",
    "licence": LICENCE,
    "items": [
        {
            "territoire": {"niveau": "departement", "code": "48", "nom": "Lozère"},
            "indicateur": "alliances",
            "ventilation": "",
            "modalite": "",
            "libelle": "",
            "effectif": 12,
            "secret": None,
            "confidentiel": True,
        },
        {
            "territoire": {"niveau": "departement", "code": "48", "nom": "Lozère"},
            "indicateur": "alliances",
            "ventilation": "etape",
            "modalite": "agir",
            "libelle": "Agir",
            "effectif": None,
            "secret": "primaire",
            "confidentiel": True,
        },
    ],
}


@router.get(
    "/observatoire/chiffres",
    response={200: ChiffresOut, **NOT_FOUND, **INVALID},
    summary="Chiffres agrégés de l'observatoire (secret statistique appliqué)",
    description=(
        "Les effectifs de l'observatoire pour la France, un territoire, ou tous les territoires d'un niveau "
        "à l'intérieur d'un territoire (`territoire=region:76&niveau=departement`). Les effectifs calculés sur "
        "des données non publiques (alliances, autodiagnostics) valant de 1 à 4 sont rendus par la chaîne "
        f'`"{SECRET_LABEL}"` ; `"{SECONDARY_LABEL}"` signale un masquage complémentaire. Les chiffres sont '
        "recalculés périodiquement, jamais à la demande ; `calcule_le` donne la date du calcul."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "Chiffres",
                "content": {
                    "application/json": {
                        "examples": {"departement": {"summary": "Lozère, alliances", "value": EXAMPLE}}
                    }
                },
            }
        }
    },
)
def chiffres(request: HttpRequest, filters: Query[ChiffresQuery]):
    territory: Territory | None = None
    scope_level: str = Level.NATIONAL
    if filters.territoire:
        territory = territory_or_404(parse_territory_ref(filters.territoire))  # malformed -> 422
        scope_level = territory.kind
    qs = TerritoryCount.objects.select_related("territory")
    if filters.niveau and filters.niveau != scope_level:
        if filters.niveau not in _FINER[scope_level]:
            qs = qs.none()  # no territory of a wider level lies inside this one
        qs = qs.filter(level=filters.niveau)
        if territory is not None:
            qs = qs.filter(
                Q(territory__region=territory) | Q(territory__departement=territory) | Q(territory__epci=territory)
            )
    else:
        qs = qs.for_scope(scope_level, territory.pk if territory else None)
    if filters.indicateur:
        qs = qs.filter(metric=filters.indicateur)
    if filters.ventilation:
        qs = qs.filter(dimension="" if filters.ventilation == "total" else filters.ventilation)
    qs = qs.order_by("level", "territory__code", "metric", "dimension", "value")
    count = qs.count()
    run = last_refresh()
    items = [
        {
            "territoire": {
                "niveau": cell.level,
                "code": cell.territory.code if cell.territory else None,
                "nom": cell.territory.name if cell.territory else "France",
            },
            "indicateur": cell.metric,
            "ventilation": cell.dimension,
            "modalite": cell.value,
            "libelle": cell.value_label,
            "effectif": None if cell.suppressed else cell.count,
            "secret": ("secondaire" if cell.secondary else "primaire") if cell.suppressed else None,
            "confidentiel": cell.confidential,
        }
        for cell in qs[filters.offset : filters.offset + filters.limit]
    ]
    return {"count": count, "calcule_le": run.finished_at if run else None, "licence": LICENCE, "items": items}
