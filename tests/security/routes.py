"""Every URL pattern of `config.urls` and every operation of the JSON API, with the app that owns it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str  # the URL name, namespaced (or the route when the pattern has no name)
    route: str
    view: str
    app: str  # the expectations file that must hold its entry


def _app_of(view: str, namespace: str) -> str:
    if namespace == "admin" or view.startswith("django.contrib."):
        return "admin"
    if view.startswith("allauth."):
        return "accounts"
    if view.startswith("ninja."):
        return "api"
    match = re.match(r"alliances\.(\w+)\.", view)
    return match.group(1) if match else "core"


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern


def url_patterns() -> list[Route]:
    """Every URL pattern except the API operations (listed by `api_operations`)."""
    routes = []
    for route, namespace, pattern in _walk(get_resolver()):
        view = pattern.lookup_str
        if view.startswith("ninja.operation."):
            continue
        key = f"{namespace}:{pattern.name}".strip(":") if pattern.name else route
        routes.append(Route(key=key, route=route, view=view, app=_app_of(view, namespace)))
    return routes


def api_operations() -> list[Route]:
    """Every operation of the API, keyed `"GET /api/v1/…"` as in the OpenAPI schema."""
    from alliances.api import api

    prefix = "/api/v1"
    routes = []
    for _, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                view = f"{operation.view_func.__module__}.{operation.view_func.__name__}"
                for method in operation.methods:
                    routes.append(
                        Route(key=f"{method} {prefix}{path}", route=f"{prefix}{path}", view=view, app=_app_of(view, ""))
                    )
    return routes
