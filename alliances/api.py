"""The JSON API under /api/v1/: composes each app's django-ninja router."""

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import Throttled, ValidationError
from ninja.parser import Parser

from alliances.actors.api import router as actors_router
from alliances.assessment.api import router as assessment_router
from alliances.catalysts.api import router as catalysts_router
from alliances.core.api_errors import Erreur
from alliances.core.permissions import Forbidden, Hidden
from alliances.core.throttling import ApiAnonThrottle, ApiAuthThrottle
from alliances.indicators.api import router as indicators_router
from alliances.observatory.api import router as observatory_router
from alliances.partnerships.api import router as partnerships_router
from alliances.practices.api import router as practices_router
from alliances.resources.api import router as resources_router
from alliances.sdg.api import router as sdg_router
from alliances.territories.api import router as territories_router
from alliances.territories.refs import InvalidTerritoryRef

# What any operation may answer, whatever its parameters: declared once for all of them.
EVERY_OPERATION = {
    400: "Requête refusée : un caractère nul (U+0000) dans un paramètre (alliances.core.middleware)",
    429: "Trop de requêtes : limite de débit dépassée (en-tête Retry-After)",
}


class AlliancesAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any):
        schema = super().get_openapi_schema(*args, **kwargs)
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Erreur"}}}
        schema["components"]["schemas"].setdefault("Erreur", Erreur.model_json_schema())
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, description in EVERY_OPERATION.items():
                    operation["responses"].setdefault(status, {"description": description, "content": ref})
                for parameter in operation.get("parameters", []):
                    _refuse_nul(parameter["schema"])
        return schema


class OneValueParser(Parser):
    """A parameter the schema declares as one value, sent several times (`?q=a&q=b`), is refused
    (422) instead of ninja keeping the last one silently."""

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        for key in result:
            if key not in list_fields and len(values := data.getlist(key)) > 1:
                result[key] = values  # not a single value: the schema's validation refuses it
        return result


def _refuse_nul(schema: dict) -> None:
    """Say in the schema of a text parameter that it cannot hold U+0000 (the middleware answers 400)."""
    for option in schema.get("anyOf", []):
        _refuse_nul(option)
    if schema.get("type") == "array":
        _refuse_nul(schema.get("items", {}))
    if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema and "format" not in schema:
        schema["pattern"] = "^[^\\u0000]*$"


api = AlliancesAPI(
    title="Alliances en territoire — API",
    version="1",
    description=(
        "Données publiques de la plateforme Alliances en territoire. Les noms de champs suivent "
        "le style de l'API officielle geo.api.gouv.fr. Un territoire passé en paramètre s'écrit "
        "`commune:48095`, `epci:244800405`, `departement:48` ou `region:76` (un code à 5 "
        "caractères seul désigne une commune). Les listes sont paginées par `limit`/`offset`."
    ),
    urls_namespace="api-v1",
    throttle=[ApiAnonThrottle(), ApiAuthThrottle()],
    parser=OneValueParser(),
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


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled):
    wait = f" dans {int(exc.wait) + 1} s" if exc.wait is not None else " plus tard"
    return api.create_response(request, {"detail": f"Trop de requêtes : réessayez{wait}."}, status=429)


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
