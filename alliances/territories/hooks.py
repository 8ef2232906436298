"""The territories' contribution to the global search."""

from django.urls import reverse
from django.utils.http import urlencode

from alliances.core.extensions import SearchGroup, SearchResult
from alliances.territories.selectors import territories_search


def search_results(query: str, *, limit: int) -> SearchGroup | None:
    territories = territories_search(query, limit=limit)
    return SearchGroup(
        label="Territoires",
        order=0,
        results=[
            SearchResult(
                title=t.name,
                url=t.get_absolute_url(),
                description=" · ".join(
                    filter(None, [t.get_kind_display(), t.code, t.departement.name if t.departement else ""])
                ),
            )
            for t in territories
        ],
        more_url=reverse("core:search") + "?" + urlencode({"q": query}) if territories else "",
    )
