"""The JSON API under /api/v1/: composes each app's django-ninja router."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError

from alliances.actors.api import router as actors_router
from alliances.assessment.api import router as assessment_router
from alliances.catalysts.api import router as catalysts_router
from alliances.core.permissions import Forbidden, Hidden
from alliances.indicators.api import router as indicators_router
from alliances.observatory.api import router as observatory_router
from alliances.partnerships.api import router as partnerships_router
from alliances.practices.api import router as practices_router
from alliances.resources.api import router as resources_router
from alliances.sdg.api import router as sdg_router
from alliances.territories.api import router as territories_router
from alliances.territories.refs import InvalidTerritoryRef

api = NinjaAPI(
    title="Alliances en territoire — API",
    version="1",
    description=(
        "Données publiques de la plateforme Alliances en territoire. Les noms de champs suivent "
        "le style de l'API officielle geo.api.gouv.fr. Un territoire passé en paramètre s'écrit "
        "`commune:48095`, `epci:244800405`, `departement:48` ou `region:76` (un code à 5 "
        "caractères seul désigne une commune). Les listes sont paginées par `limit`/`offset`."
    ),
    urls_namespace="api-v1",
)


@api.exception_handler(InvalidTerritoryRef)
def invalid_territory(request: HttpRequest, exc: InvalidTerritoryRef):
    return api.create_response(request, {"detail": str(exc)}, status=422)


@api.exception_handler(Hidden)
def hidden(request: HttpRequest, exc: Hidden):
    # Exactly the answer of a missing object: a private one must not be told apart.
    return api.create_response(request, {"detail": str(exc) or "Introuvable."}, status=404)


@api.exception_handler(Forbidden)
def forbidden(request: HttpRequest, exc: Forbidden):
    return api.create_response(request, {"detail": str(exc) or "Action non autorisée."}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError):
    # Keep ninja's structured errors but lead with a French sentence.
    return api.create_response(request, {"detail": "Paramètres invalides.", "erreurs": exc.errors}, status=422)


# Each app's router declares full paths (/communes/…, /acteurs…), in the geo API style.
for app_router in (
    territories_router,
    indicators_router,
    sdg_router,
    actors_router,
    practices_router,
    catalysts_router,
    partnerships_router,
    assessment_router,
    resources_router,
    observatory_router,
):
    api.add_router("", app_router)
