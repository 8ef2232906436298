"""The practices' contributions to shared pages: a territory-page section and a global-search group."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from alliances.core.extensions import SearchGroup, SearchResult, TerritorySection
from alliances.practices import selectors
from alliances.practices.search import territory_type


def territory_sections(request, territory) -> list[TerritorySection]:
    """"Des territoires comme le mien": ranked by same territory type, région and the fragilities asked for."""
    fragilities = request.GET.getlist("fragilite") if request is not None else []
    matches = selectors.practices_for_territory(territory, fragilities=fragilities)
    kind = territory_type(territory)
    params = [("type_territoire", kind.value)] if kind else []
    return [TerritorySection(
        template="practices/territory_section.html", order=40,
        context={"territory": territory, "matches": matches,
                 "more_url": reverse("practices:list") + ("?" + urlencode(params) if params else "")},
    )]


def search_results(query: str, *, limit: int) -> SearchGroup | None:
    result = selectors.practices_search(query=query, limit=limit, with_facets=False)
    return SearchGroup(
        label="Pratiques inspirantes", order=10,
        results=[SearchResult(title=p.title, url=p.get_absolute_url(),
                              description=", ".join(t.name for t in p.territories), is_demo=p.is_demo)
                 for p in result.practices],
        more_url=reverse("practices:list") + "?" + urlencode({"q": query}) if result.count > limit else "",
    )
