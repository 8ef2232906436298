"""The directory's contributions to shared pages: a section on territory pages, a search group."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse

from alliances.actors import selectors
from alliances.core.extensions import SearchGroup, SearchResult, TerritorySection
from alliances.territories.enums import TerritoryKind

# Organisations listed on a commune's page (beyond, the directory link takes over).
SECTION_LIST_SIZE = 12
# Counting the themes of every organisation of a territory scans its link rows: 107 ms for
# Lozère's 6,000 organisations, 0.2 to 2 s for Paris's 45,000 at national scale. Above a few
# thousand organisations (a city, a département), the section's counts are kept for a few minutes
# rather than recounted on every view; a small commune's stay exact to the second.
COUNTS_CACHE_ABOVE = 2_000
COUNTS_CACHE_SECONDS = 600


def territory_sections(request, territory) -> list[TerritorySection]:
    if territory.kind == TerritoryKind.REGION:
        return []
    key = f"actors:directory-counts:{territory.ref}"
    counts = cache.get(key)
    if counts is None:
        counts = selectors.directory_counts(territory)
        if counts.total > COUNTS_CACHE_ABOVE:
            cache.set(key, counts, COUNTS_CACHE_SECONDS)
    organisations = []
    if territory.kind == TerritoryKind.COMMUNE and counts.total:
        organisations = list(selectors.organisations_search(
            selectors.DirectoryFilters(territory=territory, active_only=True))[:SECTION_LIST_SIZE])
    list_url = reverse("actors:list") + "?" + urlencode({"territoire": territory.ref})
    return [TerritorySection(
        template="actors/partials/territory_section.html",
        context={"territory": territory, "counts": counts, "organisations": organisations, "list_url": list_url},
        order=30,
    )]


def search_results(query: str, *, limit: int) -> SearchGroup | None:
    page = selectors.organisations_search(selectors.DirectoryFilters(q=query, sort="pertinence"))
    organisations = list(page[:limit])
    return SearchGroup(
        label="Acteurs",
        order=20,
        results=[
            SearchResult(
                title=o.name,
                url=o.get_absolute_url(),
                description=" · ".join(filter(None, [o.get_kind_display(),
                                                     o.commune.name if o.commune else "",
                                                     "" if o.is_active else o.get_status_display()])),
                is_demo=o.is_demo,
            )
            for o in organisations
        ],
        more_url=reverse("actors:list") + "?" + urlencode({"q": query}) if organisations else "",
    )
