"""API of the resources app (composed under /api/v1/ by alliances/api.py)."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from alliances.core.api_errors import INVALID
from alliances.core.api_fields import IsoDate
from alliances.core.pagination import LimitOffsetPagination
from alliances.resources import selectors
from alliances.resources.enums import EventKind, ResourceKind, Step
from alliances.resources.ical import PARIS, published_events_feed
from alliances.resources.models import Event, Resource

router = Router(tags=["ressources"])


class RessourceOut(Schema):
    slug: str
    type: str = Field(..., alias="kind", description="kit, webinaire, mooc, document ou outil")
    titre: str = Field(..., alias="title")
    resume: str = Field(..., alias="summary")
    url: str = Field(..., description="page de la ressource sur la plateforme")
    lien: str | None = Field(None, description="lien externe (vidéo, MOOC, outil)")
    editeur: str | None
    date: dt.date | None = Field(None, alias="resource_date")
    etapes: list[str]
    themes: list[str]
    odd: list[int]
    publieLe: dt.datetime | None = Field(None, alias="published_at")
    demonstration: bool = Field(..., alias="is_demo")

    # Resolvers run only on the page being returned, not on every match.
    @staticmethod
    def resolve_url(obj: Resource, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())

    @staticmethod
    def resolve_lien(obj: Resource) -> str | None:
        return obj.url or None

    @staticmethod
    def resolve_editeur(obj: Resource) -> str | None:
        return obj.publisher or None

    @staticmethod
    def resolve_etapes(obj: Resource) -> list[str]:
        return [s.code for s in obj.steps.all()]

    @staticmethod
    def resolve_themes(obj: Resource) -> list[str]:
        return [t.code for t in obj.themes.all()]

    @staticmethod
    def resolve_odd(obj: Resource) -> list[int]:
        return [g.number for g in obj.sdgs.all()]


class RessourcesQuery(Schema):
    q: str | None = Field(None, max_length=100, description="recherche plein texte (français)")
    type: ResourceKind | None = None
    etape: Step | None = Field(None, description="étape de la démarche")
    theme: str | None = Field(None, max_length=40, description="code de thème ou de fragilité")
    odd: int | None = Field(None, ge=1, le=17, description="numéro d'ODD (1 à 17)")
    depuis: IsoDate | None = Field(None, description="date de la ressource, AAAA-MM-JJ")


@router.get(
    "/ressources", response={200: list[RessourceOut], **INVALID}, summary="Ressources publiées (kits, webinaires…)"
)
@paginate(LimitOffsetPagination)
def ressources(request: HttpRequest, filters: Query[RessourcesQuery]):
    """Kits, webinaires, MOOC, documents et outils publiés, filtrés ; les plus pertinents
    d'abord quand `q` est donné."""
    results = selectors.resources_search(
        query=filters.q or "",
        kind=filters.type or "",
        step=filters.etape or "",
        theme=filters.theme or "",
        sdg=filters.odd,
        since=filters.depuis,
    )
    return results  # a queryset (sliced by the paginator) or the ranked list of matches


class EvenementOut(Schema):
    slug: str
    type: str = Field(..., alias="kind", description="conference, atelier ou webinaire")
    titre: str = Field(..., alias="title")
    resume: str = Field(..., alias="summary")
    url: str
    debut: dt.datetime = Field(..., description="heure de Paris avec son décalage (ISO 8601)")
    fin: dt.datetime | None
    lieu: str | None
    enLigne: bool
    organisateur: str = Field(..., alias="organiser")
    public: str | None
    inscription: str = Field(..., alias="registration_mode", description="interne, externe ou aucune")
    lienInscription: str | None
    places: int | None = Field(None, alias="capacity")
    placesRestantes: int | None
    replay: str | None
    demonstration: bool = Field(..., alias="is_demo")

    @staticmethod
    def resolve_url(obj: Event, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())

    @staticmethod
    def resolve_debut(obj: Event) -> dt.datetime:
        return obj.starts_at.astimezone(PARIS)

    @staticmethod
    def resolve_fin(obj: Event) -> dt.datetime | None:
        return obj.ends_at.astimezone(PARIS) if obj.ends_at else None

    @staticmethod
    def resolve_lieu(obj: Event) -> str | None:
        return obj.place or None

    @staticmethod
    def resolve_enLigne(obj: Event) -> bool:
        return bool(obj.online_url)

    @staticmethod
    def resolve_public(obj: Event) -> str | None:
        return obj.audience or None

    @staticmethod
    def resolve_lienInscription(obj: Event) -> str | None:
        return obj.registration_url or None

    @staticmethod
    def resolve_placesRestantes(obj: Event) -> int | None:
        if obj.registration_mode != "interne" or not obj.capacity:
            return None
        return max(obj.capacity - obj.confirmed_count, 0)  # type: ignore[attr-defined]  # annotated by selectors.events_list

    @staticmethod
    def resolve_replay(obj: Event) -> str | None:
        return obj.replay_url or None


class EvenementsQuery(Schema):
    apres: IsoDate | None = Field(
        None, description="à partir de ce jour (AAAA-MM-JJ, heure de Paris) ; par défaut les événements non terminés"
    )
    avant: IsoDate | None = None
    type: EventKind | None = None
    q: str | None = Field(None, max_length=100)


@router.get("/evenements", response={200: list[EvenementOut], **INVALID}, summary="Événements publiés")
@paginate(LimitOffsetPagination)
def evenements(request: HttpRequest, filters: Query[EvenementsQuery]):
    events = selectors.events_list(
        after=filters.apres, before=filters.avant, kind=filters.type or "", query=filters.q or ""
    )
    return events


@router.get(
    "/evenements.ics",
    summary="Flux iCal de tous les événements",
    openapi_extra={
        "responses": {200: {"description": "Fichier iCalendar (text/calendar)", "content": {"text/calendar": {}}}}
    },
)
def evenements_ics(request: HttpRequest):
    content = published_events_feed(site_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="evenements.ics"'
    return response
