"""The catalysts' contribution to territory pages (who can help nearby) and to the global search."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from alliances.catalysts import selectors
from alliances.core.extensions import SearchGroup, SearchResult, TerritorySection

SECTION_SIZE = 4


def territory_sections(request, territory) -> list[TerritorySection]:
    results = selectors.catalysts_find(selectors.FinderCriteria(territory=territory))
    return [
        TerritorySection(
            template="catalysts/partials/territory_section.html",
            order=60,
            context={
                "territory": territory,
                "results": results[:SECTION_SIZE],
                "count": len(results),
                "finder_url": reverse("catalysts:list") + "?" + urlencode({"territoire": territory.ref}),
            },
        )
    ]


def search_results(query: str, *, limit: int) -> SearchGroup | None:
    profiles = selectors.catalysts_text_search(query, limit=limit)
    if not profiles:
        return None
    return SearchGroup(
        label="Catalyseurs territoriaux",
        order=40,
        results=[
            SearchResult(
                title=p.name,
                url=p.get_absolute_url(),
                description=" · ".join(filter(None, [p.organisation_name, ", ".join(p.metier_labels())])),
                is_demo=p.is_demo,
            )
            for p in profiles
        ],
        more_url=reverse("catalysts:list"),
    )


def need_sections(request, *, need: str, territory) -> list[TerritorySection]:
    """« Décrivez votre besoin »: catalysts acting near the territory whose profile answers the need."""
    results = selectors.catalysts_by_need(need, selectors.FinderCriteria(territory=territory))
    return [
        TerritorySection(
            template="catalysts/partials/need_section.html",
            order=50,
            context={
                "territory": territory,
                "results": results[:SECTION_SIZE],
                "count": len(results),
                "finder_url": reverse("catalysts:list") + "?" + urlencode({"territoire": territory.ref}),
            },
        )
    ]
