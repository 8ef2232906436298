"""The resource centre on shared pages: the next events on the home page, resources in the
global search."""

from django.urls import reverse
from django.utils.http import urlencode

from alliances.core.extensions import SearchGroup, SearchResult, TerritorySection
from alliances.resources.selectors import resources_search, upcoming_events


def search_results(query: str, *, limit: int) -> SearchGroup | None:
    if len(query.strip()) < 2:
        return None
    resources = list(resources_search(query=query)[:limit])
    return SearchGroup(
        label="Ressources",
        order=60,
        results=[
            SearchResult(
                title=r.title,
                url=r.get_absolute_url(),
                description=f"{r.get_kind_display()} · {r.summary}",
                is_demo=r.is_demo,
            )
            for r in resources
        ],
        more_url=reverse("resources:list") + "?" + urlencode({"q": query}) if resources else "",
    )


def home_sections(request) -> list[TerritorySection]:
    """The next three events, when there are some."""
    events = upcoming_events(3)
    if not events:
        return []
    return [TerritorySection(template="resources/partials/home_events.html", context={"events": events}, order=40)]
