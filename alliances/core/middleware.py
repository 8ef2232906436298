"""Middleware of the whole site: security headers Django 5.2 does not set itself
(Content-Security-Policy, Permissions-Policy), and the refusal of NUL characters in requests."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template import loader

# No inline script and nothing from another origin: the platform ships all its assets.
# Inline style attributes stay allowed for server-rendered SVG charts (no script can run there).
DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.csp)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


NUL_MESSAGE = (
    "La requête contient un caractère nul (U+0000), qu'aucun texte saisi ne contient : retirez-le et réessayez."
)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def request_has_nul(request: HttpRequest) -> bool:
    """Whether the path, a GET or POST parameter (names too) or a JSON body holds U+0000.

    Uploaded files are not read: their bytes may hold anything, they are checked by type."""
    if "\x00" in request.path_info:
        return True
    for params in (request.GET, request.POST):
        if any(_has_nul(key) or _has_nul(params.getlist(key)) for key in params):
            return True
    if request.content_type == "application/json" and request.body:
        body = request.body
        if b"\x00" in body:
            return True
        if b"\\u0000" in body.lower():  # only then is parsing worth its cost
            try:
                return _has_nul(json.loads(body))
            except ValueError:
                return False  # not JSON: the view answers its own error
    return False


class RejectNulMiddleware:
    """Refuse (400, in French) a request with a NUL character anywhere it carries text.

    No text a person types holds U+0000, PostgreSQL cannot store it in a text column (DataError:
    a 500 wherever a parameter reaches a query, e.g. `/recherche/?q=a%00b`) and SQLite cuts
    some strings at it. Refusing it once here, for every page and the API, closes the class;
    removing it silently would change what was sent without saying so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_nul(request):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            html = loader.get_template("400.html").render(
                {"operator": settings.ALLIANCES_OPERATOR, "message": NUL_MESSAGE}
            )
            return HttpResponseBadRequest(html)
        return self.get_response(request)
