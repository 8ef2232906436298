"""API of the partnerships app (composed under /api/v1/ by alliances/api.py).

Anonymous callers see public alliances; a signed-in session also sees the alliances open to
signed-in users and its own. A private alliance is a 404 to anyone else, never a 403.
"""

from __future__ import annotations

import typing
from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from alliances.core.api_errors import INVALID, NOT_FOUND
from alliances.core.api_fields import IsoDate
from alliances.partnerships import selectors
from alliances.partnerships.enums import STEP_ORDER, Fragility
from alliances.partnerships.models import Alliance, Commitment, Membership
from alliances.territories.api import TerritoireRef, territory_or_404
from alliances.territories.refs import TERRITORY_REF_PATTERN, parse_territory_ref

router = Router(tags=["alliances"])

# The values of partnerships.enums.Step, inline: the schema of the class would be named `Step`,
# like the resources' steps of the method, and the OpenAPI document keeps one schema per name.
StepValue = Literal["comprendre", "mobiliser", "co-construire", "agir", "evaluer"]
assert list(typing.get_args(StepValue)) == STEP_ORDER


class AllianceOut(Schema):
    id: int
    titre: str
    probleme: str
    territoire: TerritoireRef
    organisationPorteuse: str
    organisationPorteuseAnnuaire: str | None = Field(
        None,
        description="adresse de la fiche de l'organisation porteuse dans l'annuaire des acteurs, si elle y est reliée",
    )
    etape: str = Field(..., description="comprendre, mobiliser, co-construire, agir ou evaluer")
    forme: str
    odd: list[int]
    themes: list[str]
    fragilites: list[str] = Field([], description="fragilités traitées (vocabulaire des pratiques : emploi, jeunesse…)")
    visibilite: str
    dateDebut: date | None
    dateFin: date | None
    exempleFictif: bool
    url: str


class EngagementOut(Schema):
    partenaire: str
    type: str
    description: str
    montantEuros: float | None
    debut: date | None
    fin: date | None


class AllianceDetailOut(AllianceOut):
    partenaires: list[str]
    engagements: list[EngagementOut]
    objectifs: str
    appelAPartenaires: str | None


class AllianceList(Schema):
    count: int
    items: list[AllianceOut]


class AllianceFilters(Schema):
    territoire: str | None = Field(
        None,
        pattern=TERRITORY_REF_PATTERN,
        description="commune:48095, epci:244800405, departement:48, region:76 ou un code commune",
    )
    odd: int | None = Field(None, ge=1, le=17)
    etape: StepValue | None = Field(None, description="étape de la démarche")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)  # beyond 64 bits the database refuses it (500)


def _out(alliance: Alliance, request: HttpRequest) -> dict:
    t = alliance.territory
    return {
        "id": alliance.pk,
        "titre": alliance.title,
        "probleme": alliance.problem,
        "territoire": {"type": t.kind, "code": t.code, "nom": t.name},
        "organisationPorteuse": alliance.lead_organisation_name,
        "organisationPorteuseAnnuaire": request.build_absolute_uri(
            reverse("actors:detail", kwargs={"pk": alliance.lead_organisation_id})
        )
        if alliance.lead_organisation_id
        else None,
        "fragilites": list(alliance.fragilities),
        "etape": alliance.step,
        "forme": alliance.form,
        "odd": sorted(s.number for s in alliance.sdgs.all()),
        "themes": alliance.theme_list,
        "visibilite": alliance.visibility,
        "dateDebut": alliance.start_date,
        "dateFin": alliance.end_date,
        "exempleFictif": alliance.is_demo,
        "url": request.build_absolute_uri(alliance.get_absolute_url()),
    }


@router.get(
    "/alliances",
    response={200: AllianceList, **NOT_FOUND, **INVALID},
    summary="Alliances visibles, filtrées par territoire, ODD, étape",
)
def alliances_list(request: HttpRequest, filters: Query[AllianceFilters]):
    territory = None
    if filters.territoire:
        territory = territory_or_404(parse_territory_ref(filters.territoire))
    wanted: dict[str, Any] = {"territory": territory, "sdg": filters.odd, "step": filters.etape}
    queryset = selectors.alliances_for_list(request.user, **wanted)
    items = list(queryset[filters.offset : filters.offset + filters.limit])
    return {
        "count": selectors.alliances_for_list_count(request.user, **wanted),
        "items": [_out(a, request) for a in items],
    }


@router.get(
    "/alliances/{alliance_id}", response={200: AllianceDetailOut, **NOT_FOUND, **INVALID}, summary="Une alliance"
)
def alliance_detail(request: HttpRequest, alliance_id: int):
    alliance = selectors.alliance_get_visible(user=request.user, pk=alliance_id)
    data = _out(alliance, request)
    data["partenaires"] = list(
        dict.fromkeys(
            Membership.objects.filter(alliance=alliance)
            .order_by("created_at")
            .values_list("organisation_name", flat=True)
        )
    )
    data["engagements"] = [
        {
            "partenaire": c.organisation_name,
            "type": c.kind,
            "description": c.description,
            "montantEuros": float(c.amount_eur) if c.amount_eur is not None else None,
            "debut": c.start_date,
            "fin": c.end_date,
        }
        for c in Commitment.objects.filter(alliance=alliance)
    ]
    data["objectifs"] = alliance.objectives
    data["appelAPartenaires"] = alliance.call_text if alliance.call_is_open else None
    return data


# --- calls for partners ----------------------------------------------------------------------


class AppelOut(Schema):
    id: int = Field(..., description="identifiant de l'alliance qui lance l'appel (/api/v1/alliances/{id})")
    alliance: str = Field(..., description="titre de l'alliance")
    texte: str = Field(..., description="texte de l'appel, tel que saisi par les pilotes (texte brut)")
    dateLimite: date | None = Field(..., description="dernier jour pour répondre ; null : sans date limite")
    territoire: TerritoireRef
    organisationPorteuse: str
    fragilites: list[str] = Field(..., description="thèmes (vocabulaire des fragilités : emploi, jeunesse…)")
    themes: list[str] = Field(..., description="thèmes libres de l'alliance")
    odd: list[int]
    exempleFictif: bool
    miseAJour: datetime = Field(..., description="dernière modification de l'alliance ou de son appel")
    url: str = Field(..., description="page de l'alliance")
    urlReponse: str = Field(..., description="formulaire de réponse à l'appel (connexion demandée)")


class AppelList(Schema):
    count: int
    items: list[AppelOut]


class AppelFilters(Schema):
    territoire: str | None = Field(
        None,
        pattern=TERRITORY_REF_PATTERN,
        description="commune:48095, epci:244800405, departement:48, region:76 ou un code commune : les appels de "
        "ce territoire, des territoires qu'il contient et de ceux qui le contiennent",
    )
    theme: Fragility | None = Field(None, description="thème (vocabulaire des fragilités : emploi, jeunesse…)")
    odd: int | None = Field(None, ge=1, le=17)
    avant: IsoDate | None = Field(
        None, description="date limite au plus tard ce jour (les appels sans date limite sont exclus)"
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


def _call_out(alliance: Alliance, request: HttpRequest) -> dict:
    t = alliance.territory
    join = reverse("partnerships:join", kwargs={"pk": alliance.pk})
    return {
        "id": alliance.pk,
        "alliance": alliance.title,
        "texte": alliance.call_text,
        "dateLimite": alliance.call_deadline,
        "territoire": {"type": t.kind, "code": t.code, "nom": t.name},
        "organisationPorteuse": alliance.lead_organisation_name,
        "fragilites": list(alliance.fragilities),
        "themes": alliance.theme_list,
        "odd": sorted(s.number for s in alliance.sdgs.all()),
        "exempleFictif": alliance.is_demo,
        "miseAJour": alliance.updated_at,
        "url": request.build_absolute_uri(alliance.get_absolute_url()),
        "urlReponse": request.build_absolute_uri(f"{join}?appel=1"),
    }


@router.get(
    "/appels",
    response={200: AppelList, **NOT_FOUND, **INVALID},
    summary="Appels à partenaires ouverts, filtrés par territoire, thème, ODD, date limite",
    tags=["appels"],
)
def appels_list(request: HttpRequest, filters: Query[AppelFilters]):
    """Les appels ouverts des alliances publiques (date limite non passée), les plus proches de leur
    date limite d'abord, ceux sans date limite ensuite : les mêmes que la page /appels/."""
    territory = territory_or_404(parse_territory_ref(filters.territoire)) if filters.territoire else None
    wanted = selectors.CallFilters(
        territory=territory,
        theme=filters.theme.value if filters.theme else "",
        sdg=filters.odd,
        ends_before=filters.avant,
    )
    queryset = selectors.open_calls(wanted)
    items = list(queryset[filters.offset : filters.offset + filters.limit])
    return {"count": queryset.count(), "items": [_call_out(a, request) for a in items]}
