"""Pages that belong to no domain: home, global search, health, legal pages, errors."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from alliances.core.extensions import home_sections, search_groups
from alliances.core.figures import KEY_FIGURES


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"key_figures": KEY_FIGURES, "sections": home_sections(request)})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Global search: one group per kind (territories, practices, organisations…), from each app's hooks."""
    query = request.GET.get("q", "").strip()[:200]
    groups = search_groups(query, limit=30) if query else []
    return render(request, "core/search.html", {"query": query, "groups": groups})


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", whatever its class
        return JsonResponse({"status": "erreur", "database": "indisponible"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor, "demo": settings.ALLIANCES_DEMO})


@require_GET
def theme_css(request: HttpRequest) -> HttpResponse:
    """The operator's colours as CSS custom properties (a stylesheet, so no inline style)."""
    color = settings.ALLIANCES_OPERATOR["primary_color"]
    response = HttpResponse(f":root {{ --primary: {color}; }}\n", content_type="text/css")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def hello(request: HttpRequest) -> HttpResponse:
    """A view that does nothing: the baseline of every load test (bench/load.py)."""
    return HttpResponse("bonjour", content_type="text/plain")


def legal_page(template: str):
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template)

    return view


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that could fail again: the 500 page must always render.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({"operator": settings.ALLIANCES_OPERATOR}), status=500)
