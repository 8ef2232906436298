"""Territory pages and the search suggestions shown while typing."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alliances.core.extensions import territory_sections
from alliances.territories import selectors
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory
from alliances.territories.refs import InvalidTerritoryRef, TerritoryRef, validate_code


def _get_territory(kind: str, code: str) -> Territory:
    try:
        ref = TerritoryRef(kind=kind, code=validate_code(kind, code))
        return selectors.territory_get(ref)
    except (InvalidTerritoryRef, Territory.DoesNotExist) as error:
        raise Http404("Territoire introuvable") from error


@require_GET
def detail(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    territory = _get_territory(kind, code)
    members = selectors.members_of(territory)
    context = {
        "territory": territory,
        "population": selectors.population_change(territory),
        "members": members[:200],
        "members_count": members.count(),
        "communes_count": selectors.communes_of(territory).count()
        if territory.kind in (TerritoryKind.DEPARTEMENT, TerritoryKind.REGION)
        else None,
        "postal_codes": selectors.postal_codes_of(territory) if territory.kind == TerritoryKind.COMMUNE else [],
        "sections": territory_sections(request, territory),
    }
    return render(request, "territories/detail.html", context)


@require_GET
def communes(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """Paginated list of the communes of an EPCI, a département or a région."""
    territory = _get_territory(kind, code)
    if territory.kind == TerritoryKind.COMMUNE:
        raise Http404("Une commune n'a pas de communes membres")
    page = Paginator(selectors.communes_of(territory).select_related("epci"), 100).get_page(request.GET.get("page"))
    return render(request, "territories/communes.html", {"territory": territory, "page": page})


@require_GET
def autocomplete(request: HttpRequest) -> JsonResponse:
    """JSON suggestions of the territory fields (territory-autocomplete.js): label, reference, detail."""
    query = request.GET.get("q", "").strip()[:100]
    kinds = [k for k in request.GET.get("niveaux", "").split(",") if k in TerritoryKind.values] or None
    results = selectors.territories_autocomplete(query, kinds=kinds) if len(query) >= 2 else []
    return JsonResponse(
        {"items": [{"label": selectors.territory_label(t), "ref": t.ref, "detail": _detail(t)} for t in results]}
    )


def _detail(territory: Territory) -> str:
    """What tells two homonyms apart in a suggestion: the level and the département."""
    kind = TerritoryKind(territory.kind).label
    if territory.kind in (TerritoryKind.COMMUNE, TerritoryKind.EPCI) and territory.departement is not None:
        return f"{kind}, {territory.departement.name}"
    return kind


@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """htmx partial: the first territories matching what the user is typing."""
    query = request.GET.get("q", "").strip()[:100]
    results = selectors.territories_search(query, limit=8) if len(query) >= 2 else []
    return render(request, "territories/partials/suggestions.html", {"query": query, "results": results})
