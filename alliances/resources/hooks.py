"""The resource centre's contribution to the global search."""

from django.urls import reverse
from django.utils.http import urlencode

from alliances.core.extensions import SearchGroup, SearchResult
from alliances.resources.selectors import resources_search


def search_results(query: str, *, limit: int) -> SearchGroup | None:
    if len(query.strip()) < 2:
        return None
    resources = list(resources_search(query=query)[:limit])
    return SearchGroup(
        label="Ressources",
        order=60,
        results=[SearchResult(title=r.title, url=r.get_absolute_url(),
                              description=f"{r.get_kind_display()} · {r.summary}", is_demo=r.is_demo)
                 for r in resources],
        more_url=reverse("resources:list") + "?" + urlencode({"q": query}) if resources else "",
    )
