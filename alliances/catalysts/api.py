"""API of the catalysts app (composed under /api/v1/ by alliances/api.py): public fields only."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from alliances.catalysts import selectors
from alliances.catalysts.enums import Metier, Theme
from alliances.catalysts.models import CatalystProfile
from alliances.core.api_errors import INVALID, NOT_FOUND
from alliances.territories.api import TerritoireRef, territory_or_404
from alliances.territories.refs import TERRITORY_REF_PATTERN, parse_territory_ref

router = Router(tags=["catalyseurs"])


class CatalyseurOut(Schema):
    id: int
    nom: str
    organisation: str | None
    presentation: str
    photo: str | None = Field(..., description="adresse de la photo réencodée, s'il y en a une")
    territoires: list[TerritoireRef]
    metiers: list[str] = Field(..., description="dialogue, experimentation, accompagnement, lieu")
    themes: list[str]
    odd: list[int]
    langues: list[str]
    disponibilite: str = Field(..., description="disponible, limitee ou indisponible")
    contactPrefere: str
    url: str
    exempleFictif: bool = Field(..., description="vrai pour un profil de démonstration inventé")
    raison: str | None = Field(
        None,
        description=(
            "pourquoi il est proposé (avec `territoire` : où il intervient ; avec `q` : les mots et thèmes de son "
            "profil qui répondent au besoin)"
        ),
    )


class CatalyseursOut(Schema):
    count: int
    items: list[CatalyseurOut]


class CatalyseursQuery(Schema):
    q: str | None = Field(
        None,
        max_length=200,
        description=(
            "un besoin avec vos mots (« rompre la solitude de nos aînés ») : seuls les catalyseurs dont la "
            "présentation, l'expérience, les thèmes ou les métiers y répondent, n'importe quel mot comptant, "
            "les mots proches par le sens aussi ; après la proximité, les plus pertinents d'abord"
        ),
    )
    territoire: str | None = Field(
        None,
        pattern=TERRITORY_REF_PATTERN,
        description="commune:48095, epci:244800405, departement:48, region:76 ou un code commune",
    )
    metier: Metier | None = None
    theme: Theme | None = None
    odd: int | None = Field(None, ge=1, le=17)
    disponible: bool | None = Field(
        None, description="vrai : seulement les catalyseurs disponibles (ou à disponibilité limitée)"
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)  # beyond 64 bits the database refuses it (500)


def catalyseur_out(profile: CatalystProfile, request: HttpRequest, raison: str | None = None) -> dict:
    return {
        "id": profile.pk,
        "nom": profile.name,
        "organisation": profile.organisation_name or None,
        "presentation": profile.bio,
        "photo": request.build_absolute_uri(profile.photo.url) if profile.photo else None,
        "territoires": [{"type": t.kind, "code": t.code, "nom": t.name} for t in profile.territories.all()],
        "metiers": profile.metiers,
        "themes": profile.themes,
        "odd": [s.number for s in profile.sdgs.all()],
        "langues": profile.languages,
        "disponibilite": profile.availability,
        "contactPrefere": profile.contact_preference,
        "url": request.build_absolute_uri(profile.get_absolute_url()),
        "exempleFictif": profile.is_demo,
        "raison": raison,
    }


@router.get(
    "/catalyseurs",
    response={200: CatalyseursOut, **NOT_FOUND, **INVALID},
    summary="Chercher des catalyseurs territoriaux",
)
def catalyseurs(request: HttpRequest, filters: Query[CatalyseursQuery]):
    """Catalyseurs visibles. Avec `territoire`, seuls ceux qui interviennent à proximité, dans
    l'ordre de la recherche (commune, intercommunalité, département, région, département voisin ;
    puis correspondance au métier, au thème, à l'ODD ; indisponibles en dernier), chacun avec sa
    `raison`. Avec `q`, un besoin écrit avec ses mots : seuls ceux dont le profil y répond, les plus
    pertinents d'abord à proximité égale. Aucune adresse électronique n'est publiée."""
    territory = None
    if filters.territoire:
        territory = territory_or_404(parse_territory_ref(filters.territoire))
    criteria = selectors.FinderCriteria(
        territory=territory,
        metier=filters.metier.value if filters.metier else "",
        theme=filters.theme.value if filters.theme else "",
        sdg=filters.odd,
        available_only=bool(filters.disponible),
    )
    q = (filters.q or "").strip()
    results = selectors.catalysts_by_need(q, criteria) if q else selectors.catalysts_find(criteria)
    page = results[filters.offset : filters.offset + filters.limit]
    profiles = {
        p.pk: p
        for p in CatalystProfile.objects.filter(pk__in=[r.profile.pk for r in page]).prefetch_related(
            "territories", "sdgs"
        )
    }
    return {
        "count": len(results),
        "items": [catalyseur_out(profiles[r.profile.pk], request, r.reason if territory or q else None) for r in page],
    }


@router.get(
    "/catalyseurs/{id}", response={200: CatalyseurOut, **NOT_FOUND, **INVALID}, summary="Un catalyseur territorial"
)
def catalyseur(request: HttpRequest, id: int):
    try:
        profile = CatalystProfile.objects.visible().prefetch_related("territories", "sdgs").get(pk=id)
    except CatalystProfile.DoesNotExist as error:
        raise HttpError(404, f"Catalyseur inconnu : {id}") from error
    return catalyseur_out(profile, request)
