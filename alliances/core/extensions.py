"""How apps contribute to shared pages (territory page, global search) without the core knowing them.

An app may have a `hooks` module defining any of:

- `territory_sections(request, territory) -> list[TerritorySection]`: blocks shown on a
  territory page (the portrait's figures, the actors, practices of similar territories,
  catalysts nearby…), sorted by `order`;
- `home_sections(request) -> list[TerritorySection]`: blocks of the home page (next events,
  latest practices…), same shape as territory sections;
- `organisation_sections(request, organisation) -> list[TerritorySection]`: blocks of an
  organisation's page in the directory (its public alliances…), same shape;
- `need_sections(request, *, need, territory) -> list[TerritorySection]`: blocks of the page
  « Décrivez votre besoin » besides the organisations (practices, catalysts relevant to the
  need), same shape;
- `search_results(query, *, limit) -> SearchGroup | None`: one group of the global search
  (territories, practices, organisations, catalysts, alliances…);
- `refresh_aggregates() -> str`: a nightly recount of precomputed figures (the directory's counts
  per territory…), run with the observatory's refresh; returns what it did, in French;
- `forget_user(user, *, email) -> None`: the account is being deleted; forget the personal data
  the app keeps outside the user's row (an email address copied into an invitation…).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.apps import apps


@dataclass
class TerritorySection:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


@dataclass
class SearchResult:
    title: str
    url: str
    description: str = ""
    is_demo: bool = False


@dataclass
class SearchGroup:
    label: str
    results: list[SearchResult]
    more_url: str = ""
    order: int = 50


def _hook_modules() -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if not config.name.startswith("alliances."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.hooks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.hooks":
                raise


def territory_sections(request, territory) -> list[TerritorySection]:
    sections: list[TerritorySection] = []
    for module in _hook_modules():
        provider = getattr(module, "territory_sections", None)
        if provider:
            sections.extend(provider(request, territory))
    return sorted(sections, key=lambda s: s.order)


def home_sections(request) -> list[TerritorySection]:
    sections: list[TerritorySection] = []
    for module in _hook_modules():
        provider = getattr(module, "home_sections", None)
        if provider:
            sections.extend(provider(request))
    return sorted(sections, key=lambda s: s.order)


def organisation_sections(request, organisation) -> list[TerritorySection]:
    sections: list[TerritorySection] = []
    for module in _hook_modules():
        provider = getattr(module, "organisation_sections", None)
        if provider:
            sections.extend(provider(request, organisation))
    return sorted(sections, key=lambda s: s.order)


def need_sections(request, *, need: str, territory) -> list[TerritorySection]:
    sections: list[TerritorySection] = []
    for module in _hook_modules():
        provider = getattr(module, "need_sections", None)
        if provider:
            sections.extend(provider(request, need=need, territory=territory))
    return sorted(sections, key=lambda s: s.order)


def search_groups(query: str, *, limit: int = 8) -> list[SearchGroup]:
    groups = []
    for module in _hook_modules():
        provider = getattr(module, "search_results", None)
        if provider:
            group = provider(query, limit=limit)
            if group is not None:
                groups.append(group)
    return sorted(groups, key=lambda g: g.order)


def refresh_aggregates() -> list[str]:
    """Run every app's nightly recount; return what each did."""
    done = []
    for module in _hook_modules():
        refresh = getattr(module, "refresh_aggregates", None)
        if refresh is not None:
            done.append(refresh())
    return done


def forget_user(user, *, email: str) -> None:
    """Let every app erase what it keeps of a deleted account (called before its address is replaced)."""
    for module in _hook_modules():
        forget = getattr(module, "forget_user", None)
        if forget is not None:
            forget(user, email=email)
