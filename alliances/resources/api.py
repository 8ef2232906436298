"""API of the resources app (composed under /api/v1/ by alliances/api.py)."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from alliances.resources import selectors
from alliances.resources.enums import EventKind, ResourceKind, Step
from alliances.resources.ical import PARIS, calendar_for
from alliances.resources.models import Event, Resource

router = Router(tags=["ressources"])


class RessourceOut(Schema):
    slug: str
    type: str = Field(..., description="kit, webinaire, mooc, document ou outil")
    titre: str
    resume: str
    url: str = Field(..., description="page de la ressource sur la plateforme")
    lien: str | None = Field(None, description="lien externe (vidéo, MOOC, outil)")
    editeur: str | None
    date: dt.date | None
    etapes: list[str]
    themes: list[str]
    odd: list[int]
    publieLe: dt.datetime | None
    demonstration: bool


class RessourcesQuery(Schema):
    q: str | None = Field(None, max_length=100, description="recherche plein texte (français)")
    type: ResourceKind | None = None
    etape: Step | None = Field(None, description="étape de la démarche")
    theme: str | None = Field(None, max_length=40, description="code de thème ou de fragilité")
    odd: int | None = Field(None, ge=1, le=17, description="numéro d'ODD (1 à 17)")
    depuis: dt.date | None = Field(None, description="date de la ressource, AAAA-MM-JJ")


def _resource_out(request: HttpRequest, r: Resource) -> dict:
    return {
        "slug": r.slug, "type": r.kind, "titre": r.title, "resume": r.summary,
        "url": request.build_absolute_uri(r.get_absolute_url()), "lien": r.url or None,
        "editeur": r.publisher or None, "date": r.resource_date,
        "etapes": [s.code for s in r.steps.all()], "themes": [t.code for t in r.themes.all()],
        "odd": [g.number for g in r.sdgs.all()], "publieLe": r.published_at, "demonstration": r.is_demo,
    }


@router.get("/ressources", response=list[RessourceOut], summary="Ressources publiées (kits, webinaires…)")
@paginate(LimitOffsetPagination)
def ressources(request: HttpRequest, filters: Query[RessourcesQuery]):
    """Kits, webinaires, MOOC, documents et outils publiés, filtrés ; les plus pertinents
    d'abord quand `q` est donné."""
    results = selectors.resources_search(
        query=filters.q or "", kind=filters.type or "", step=filters.etape or "", theme=filters.theme or "",
        sdg=filters.odd, since=filters.depuis)
    return [_resource_out(request, r) for r in results]


class EvenementOut(Schema):
    slug: str
    type: str = Field(..., description="conference, atelier ou webinaire")
    titre: str
    resume: str
    url: str
    debut: dt.datetime = Field(..., description="heure de Paris avec son décalage (ISO 8601)")
    fin: dt.datetime | None
    lieu: str | None
    enLigne: bool
    organisateur: str
    public: str | None
    inscription: str = Field(..., description="interne, externe ou aucune")
    lienInscription: str | None
    places: int | None
    placesRestantes: int | None
    replay: str | None
    demonstration: bool


class EvenementsQuery(Schema):
    apres: dt.date | None = Field(None, description="à partir de ce jour (AAAA-MM-JJ, heure de Paris) ; "
                                                 "par défaut les événements non terminés")
    avant: dt.date | None = None
    type: EventKind | None = None
    q: str | None = Field(None, max_length=100)


def _event_out(request: HttpRequest, e: Event) -> dict:
    remaining = None
    if e.registration_mode == "interne" and e.capacity:
        remaining = max(e.capacity - e.confirmed_count, 0)  # annotated by selectors.events_list
    return {
        "slug": e.slug, "type": e.kind, "titre": e.title, "resume": e.summary,
        "url": request.build_absolute_uri(e.get_absolute_url()),
        "debut": e.starts_at.astimezone(PARIS), "fin": e.ends_at.astimezone(PARIS) if e.ends_at else None,
        "lieu": e.place or None, "enLigne": bool(e.online_url), "organisateur": e.organiser,
        "public": e.audience or None, "inscription": e.registration_mode,
        "lienInscription": e.registration_url or None, "places": e.capacity,
        "placesRestantes": remaining,
        "replay": e.replay_url or None, "demonstration": e.is_demo,
    }


@router.get("/evenements", response=list[EvenementOut], summary="Événements publiés")
@paginate(LimitOffsetPagination)
def evenements(request: HttpRequest, filters: Query[EvenementsQuery]):
    events = selectors.events_list(after=filters.apres, before=filters.avant, kind=filters.type or "",
                                   query=filters.q or "")
    return [_event_out(request, e) for e in events]


@router.get("/evenements.ics", summary="Flux iCal de tous les événements",
            openapi_extra={"responses": {200: {"description": "Fichier iCalendar (text/calendar)",
                                               "content": {"text/calendar": {}}}}})
def evenements_ics(request: HttpRequest):
    events = Event.objects.published().order_by("starts_at")
    content = calendar_for(events, site_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="evenements.ics"'
    return response
