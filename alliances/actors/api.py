"""API of the directory: `/api/v1/acteurs` (search with filters) and `/api/v1/acteurs/{id}`."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from alliances.actors import need, selectors
from alliances.actors.enums import OrganisationKind, OrganisationStatus
from alliances.actors.models import Organisation
from alliances.core.api_errors import INVALID, NOT_FOUND
from alliances.territories.api import territory_or_404
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory
from alliances.territories.refs import TerritoryRef, code_pattern, validate_code

router = Router(tags=["acteurs"])

KindValue = Literal[
    "association", "entreprise", "ess", "fondation", "collectivite", "public", "enseignement", "collectif", "autre"
]


class ThemeOut(Schema):
    code: str
    libelle: str


class ActeurOut(Schema):
    id: int
    nom: str
    type: str = Field(..., description=", ".join(OrganisationKind.values))
    codeCommune: str | None
    rna: str | None
    siret: str | None
    themes: list[ThemeOut]
    odd: list[int] = Field(..., description="numéros des objectifs de développement durable (1 à 17)")
    actif: bool


class ActeurTrouve(ActeurOut):
    raison: str | None = Field(
        None,
        description=(
            "avec `q` : pourquoi l'acteur est là (mots de son objet, mots proches par le sens, catégorie du RNA "
            "ou activité NAF, commune)"
        ),
    )


class SourceOut(Schema):
    source: str
    fichier: str
    date: str


class EtablissementOut(Schema):
    siret: str
    nom: str
    siege: bool
    codeCommune: str | None
    actif: bool


class ActeurDetailOut(ActeurOut):
    nomCourt: str
    siren: str | None
    situation: str = Field(..., description="active, dissolved ou closed")
    dateCreation: str | None
    dateFin: str | None = Field(None, description="date de dissolution ou de fermeture")
    rnaRepriseSous: str | None = Field(None, description="position R du RNA : nouveau numéro")
    adresse: str
    codePostal: str
    siteWeb: str | None
    objet: str
    presentation: str
    peutApporter: list[str]
    codeNaf: str | None
    trancheEffectif: str | None
    ess: bool
    societeAMission: bool
    exempleFictif: bool
    sources: list[SourceOut]
    etablissements: list[EtablissementOut]


class ActeursPage(Schema):
    count: int
    countExact: bool = Field(
        ...,
        description=(
            "false quand `count` est un minimum (une recherche `q` qui trouve plus de 2 000 acteurs n'en "
            "donne que 2 000) ou un nombre arrêté il y a moins de 10 minutes (liste de plus de 2 000 acteurs)"
        ),
    )
    recherche: Literal["besoin", "texte"] | None = Field(
        None,
        description=(
            "comment `q` a été lu : `besoin` (classement par pertinence au besoin, avec un territoire) ou "
            "`texte` (tous les mots exigés, sans territoire)"
        ),
    )
    items: list[ActeurTrouve]


class ActeursQuery(Schema):
    q: str | None = Field(
        None,
        max_length=200,
        description=(
            "un besoin avec vos mots (« rompre la solitude de nos aînés »), un nom ou des mots-clés. Avec un "
            "territoire (`commune`, `epci` ou `departement`) : n'importe quel mot compte, les mots proches par le "
            "sens aussi, les acteurs sont classés par pertinence, un nom exact en premier, chacun avec sa "
            "`raison`. Sans territoire : tous les mots sont exigés"
        ),
    )
    commune: str | None = Field(
        None, pattern=code_pattern(TerritoryKind.COMMUNE), description="code INSEE de la commune, par exemple 48095"
    )
    epci: str | None = Field(
        None, pattern=code_pattern(TerritoryKind.EPCI), description="SIREN de l'EPCI, par exemple 244800405"
    )
    departement: str | None = Field(
        None, pattern=code_pattern(TerritoryKind.DEPARTEMENT), description="code du département, par exemple 48"
    )
    type: KindValue | None = None
    theme: str | None = Field(
        None, max_length=8, description="code de thème : famille RNA (017000) ou section NAF (NAF-Q)"
    )
    odd: int | None = Field(None, ge=1, le=17)
    actif: bool | None = Field(None, description="true : seulement les organisations en activité")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)  # beyond 64 bits the database refuses it (500)


def _territory(kind: str, code: str) -> Territory:
    return territory_or_404(TerritoryRef(kind=kind, code=validate_code(kind, code)))  # malformed → 422


def acteur_out(o: Organisation) -> dict:
    return {
        "id": o.pk,
        "nom": o.name,
        "type": o.kind,
        "codeCommune": o.commune.code if o.commune else None,
        "rna": o.rna_id or None,
        "siret": o.siret or None,
        "themes": [{"code": t.code, "libelle": t.label} for t in o.themes.all()],
        "odd": [s.number for s in o.sdgs.all()],
        "actif": o.status == OrganisationStatus.ACTIVE,
    }


@router.get(
    "/acteurs", response={200: ActeursPage, **NOT_FOUND, **INVALID}, summary="Chercher des acteurs du territoire"
)
def acteurs(request: HttpRequest, filters: Query[ActeursQuery]):
    """Associations, entreprises, structures de l'ESS… filtrées par territoire, type, thème, ODD et
    situation. Avec un territoire, `q` est lu comme un besoin écrit avec ses mots : classement par
    pertinence, un nom exact en premier, une `raison` par acteur ; sans territoire, `q` exige tous
    ses mots dans le nom ou l'objet (français, sans tenir compte des accents). Plusieurs territoires
    se combinent (ET)."""
    territories = [
        _territory(kind, code)
        for kind, code in (
            (TerritoryKind.COMMUNE, filters.commune),
            (TerritoryKind.EPCI, filters.epci),
            (TerritoryKind.DEPARTEMENT, filters.departement),
        )
        if code
    ]
    directory_filters = selectors.DirectoryFilters(
        q=filters.q or "",
        territories=territories,
        kind=filters.type or "",
        theme=filters.theme or "",
        sdg=filters.odd,
        active_only=bool(filters.actif),
        inactive_only=filters.actif is False,
    )
    q = directory_filters.q.strip()
    if q and territories:
        found = need.organisations_filtered_by_need(
            need=q, filters=directory_filters, limit=filters.limit, offset=filters.offset
        )
        items = [{**acteur_out(m.organisation), "raison": m.reason} for m in found.matches]
        return {"count": found.total, "countExact": True, "recherche": "besoin", "items": items}
    results = selectors.organisations_search(directory_filters)
    page = results[filters.offset : filters.offset + filters.limit]
    count = results.count()
    raison = "tous les mots cherchés sont dans son nom ou son objet" if q else None
    return {
        "count": count,
        "countExact": not (results.more or results.cached),
        "recherche": "texte" if q else None,
        "items": [{**acteur_out(o), "raison": raison} for o in page],
    }


@router.get("/acteurs/{acteur_id}", response={200: ActeurDetailOut, **NOT_FOUND, **INVALID}, summary="Un acteur")
def acteur(request: HttpRequest, acteur_id: int):
    try:
        o = selectors.organisation_get(acteur_id)
    except Organisation.DoesNotExist as error:
        raise HttpError(404, f"Acteur inconnu : {acteur_id}") from error
    if not o.is_listed:  # typed in a form, not yet listed by a moderator: not in the directory
        raise HttpError(404, f"Acteur inconnu : {acteur_id}")
    sources = []
    if o.rna_imported_at:
        sources.append({"source": "RNA", "fichier": o.rna_source, "date": o.rna_imported_at.date().isoformat()})
    if o.sirene_imported_at:
        sources.append(
            {"source": "SIRENE", "fichier": o.sirene_source, "date": o.sirene_imported_at.date().isoformat()}
        )
    if o.declared_updated_at:
        sources.append(
            {"source": "déclaration de l'organisation", "fichier": "", "date": o.declared_updated_at.date().isoformat()}
        )
    return {
        **acteur_out(o),
        "nomCourt": o.short_name,
        "siren": o.siren or None,
        "situation": o.status,
        "dateCreation": o.created_on.isoformat() if o.created_on else None,
        "dateFin": o.status_changed_on.isoformat() if o.status_changed_on else None,
        "rnaRepriseSous": o.rna_successor_id or None,
        "adresse": o.address,
        "codePostal": o.postal_code,
        "siteWeb": o.shown_website or None,
        "objet": o.register_object,
        "presentation": o.description,
        "peutApporter": o.offers,
        "codeNaf": o.naf_code or None,
        "trancheEffectif": o.headcount_band or None,
        "ess": o.is_ess,
        "societeAMission": o.is_societe_a_mission,
        "exempleFictif": o.is_demo,
        "sources": sources,
        "etablissements": [
            {
                "siret": e.siret,
                "nom": e.name,
                "siege": e.is_head_office,
                "codeCommune": e.commune.code if e.commune else None,
                "actif": e.status == OrganisationStatus.ACTIVE,
            }
            for e in o.establishments.all()
        ],
    }
