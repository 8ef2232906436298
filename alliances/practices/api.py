"""API of the practices app (composed under /api/v1/ by alliances/api.py): published practices only."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from alliances.core.api_errors import INVALID, NOT_FOUND
from alliances.practices import selectors
from alliances.practices.enums import CoConstructionForm, Fragility, PartnershipType, Stage, TerritoryType
from alliances.practices.exports import LICENCE, practice_to_dict
from alliances.practices.models import Practice
from alliances.territories.api import TerritoireRef

router = Router(tags=["pratiques"])


class PartenaireOut(Schema):
    nom: str
    role: str


class PratiqueResume(Schema):
    id: int
    titre: str
    resume: str
    territoires: list[TerritoireRef]
    odd: list[int] = Field(..., description="numéros des ODD (1 à 17)")
    fragilites: list[str]
    typesPartenariat: list[str]
    forme: str | None
    etape: str | None
    publieLe: str | None
    exempleFictif: bool


# The long texts are returned as their authors typed them, in Markdown: not HTML. A client that
# shows them as HTML renders the Markdown and sanitises the result, as the platform's pages do.
MARKDOWN = (
    "texte en Markdown, tel que saisi par son auteur (ce n'est pas du HTML) : "
    "à convertir puis nettoyer (liste blanche de balises) avant tout affichage en HTML"
)


class PratiqueOut(PratiqueResume):
    probleme: str = Field(..., description=MARKDOWN)
    actions: str = Field(..., description=MARKDOWN)
    formesMecenat: list[str]
    partenaires: list[PartenaireOut]
    ciblesOdd: str
    debut: str | None
    fin: str | None
    budget: str | None
    financements: str
    resultats: str = Field(..., description=MARKDOWN)
    impactOrganisations: str = Field(..., description=MARKDOWN)
    impactInnovation: str = Field(..., description=MARKDOWN)
    impactConfiance: str = Field(..., description=MARKDOWN)
    enseignements: str = Field(..., description=MARKDOWN)
    liens: list[str]
    licence: str


class FacetteValeur(Schema):
    valeur: str
    libelle: str
    nombre: int


class PratiqueTrouvee(PratiqueResume):
    raison: str | None = Field(
        None,
        description="avec `q` : pourquoi la pratique répond au besoin (mots, mots proches par le sens, fragilités)",
    )


class PratiquesPage(Schema):
    count: int
    items: list[PratiqueTrouvee]
    facettes: dict[str, list[FacetteValeur]]


class PratiquesQuery(Schema):
    q: str = Field(
        "",
        max_length=200,
        description=(
            "un besoin avec vos mots (« rompre la solitude de nos aînés ») ou des mots-clés : n'importe quel mot "
            "compte, les mots proches par le sens aussi, les pratiques sont classées par pertinence avec leur "
            "`raison` ; au-delà de 5 000 pratiques après les facettes, tous les mots sont exigés"
        ),
    )
    odd: list[Annotated[int, Field(ge=1, le=17)]] = Field([], description="numéro d'ODD (1 à 17), répétable")
    fragilite: list[Fragility] = Field([], description="fragilité, répétable (emploi, jeunesse…)")
    type_partenariat: list[PartnershipType] = Field(
        [], description="mecenat, pratiques-responsables, cooperation-economique, innovation-societale"
    )
    forme: list[CoConstructionForm] = Field(
        [], description="dialogue-territorial, partenariat, experimentation-collective"
    )
    region: list[Annotated[str, Field(pattern=r"^[0-9A-Za-z]{1,3}$")]] = Field(
        [], description="code INSEE de région (76…)"
    )
    type_territoire: list[TerritoryType] = Field(
        [],
        description="classe de densité (bourg-rural, petite-ville…) quand la grille est chargée, sinon tranche de population (commune-moins-2000…), ou epci, departement, region",
    )
    etape: list[Stage] = Field([], description="idee, en-cours, terminee, essaimee")
    tri: str = Field("pertinence", pattern="^(pertinence|date)$")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


@router.get("/pratiques", response={200: PratiquesPage, **INVALID}, summary="Chercher des pratiques inspirantes")
def pratiques(request: HttpRequest, filters: Query[PratiquesQuery]):
    """Pratiques publiées portant toutes les facettes choisies et, avec `q`, répondant au besoin décrit
    (classées par pertinence, chacune avec sa `raison`), avec le nombre de pratiques par valeur de facette. Les brouillons et pratiques non publiées n'apparaissent jamais."""
    # Every value is one the schema lists: ninja refused the others (422) before this line.
    raw = {
        name: [str(getattr(v, "value", v)) for v in getattr(filters, name)]
        for name in ("odd", "fragilite", "type_partenariat", "forme", "region", "type_territoire", "etape")
    }
    result = selectors.practices_search(
        query=filters.q,
        filters=selectors.clean_filters(raw),
        sort=filters.tri,
        limit=filters.limit,
        offset=filters.offset,
        by_need=True,
    )
    return {
        "count": result.count,
        "items": [{**_card_to_dict(card), "raison": card.reason or None} for card in result.practices],
        "facettes": {
            f.name: [{"valeur": v.value, "libelle": v.label, "nombre": v.count} for v in f.values]
            for f in result.facets
        },
    }


def _card_to_dict(card: selectors.PracticeCard) -> dict:
    """A list item: what `PratiqueResume` shows, read from a card (the full record is at /pratiques/{id})."""
    return {
        "id": card.pk,
        "titre": card.title,
        "resume": card.summary,
        "territoires": [{"type": t.kind, "code": t.code, "nom": t.name} for t in card.territories],
        "odd": card.sdgs,
        "fragilites": list(card.fragilities),
        "typesPartenariat": list(card.partnership_types),
        "forme": card.form or None,
        "etape": card.stage or None,
        "publieLe": card.published_at.isoformat() if card.published_at else None,
        "exempleFictif": card.is_demo,
    }


@router.get(
    "/pratiques/{pratique_id}", response={200: PratiqueOut, **NOT_FOUND, **INVALID}, summary="Une pratique publiée"
)
def pratique(request: HttpRequest, pratique_id: int):
    try:
        practice = Practice.objects.published().with_cards().prefetch_related("partners").get(pk=pratique_id)
    except Practice.DoesNotExist as error:
        raise HttpError(404, f"Pratique inconnue ou non publiée : {pratique_id}") from error
    return {**practice_to_dict(practice), "licence": LICENCE}
