"""The practices' contributions to shared pages: a territory-page section and a global-search group."""

from __future__ import annotations

from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import cache
from django.urls import reverse

from alliances.core.extensions import SearchGroup, SearchResult, TerritorySection
from alliances.practices import selectors
from alliances.practices.search import territory_type

# Fragilities the portrait detects (indicator codes, see alliances.indicators) → fragilities of practices.
PORTRAIT_FRAGILITIES = {
    "taux_chomage": ["emploi"],
    "taux_activite": ["emploi"],
    "taux_pauvrete": ["emploi"],
    "niveau_vie_median": ["emploi"],
    "decile_1": ["emploi"],
    "rapport_interdecile": ["emploi"],
    "taux_vacance": ["logement", "centre-bourg"],
}


def portrait_fragilities(territory) -> list[str]:
    """Fragilities of practices matching those the territory's portrait detects.

    Cached for an hour: the portrait compares the territory with hundreds of others, and its
    figures change only with an import of official data.
    """
    if not apps.is_installed("alliances.indicators"):
        return []
    key = f"practices:portrait-fragilities:{territory.pk}"
    codes = cache.get(key)
    if codes is None:
        from alliances.indicators.selectors import territory_fragilities

        found = [f for f in territory_fragilities(territory) if f.kind == "fragilite"]
        codes = list(dict.fromkeys(code for f in found for code in PORTRAIT_FRAGILITIES.get(f.code, ())))
        cache.set(key, codes, 3600)
    return codes


def territory_sections(request, territory) -> list[TerritorySection]:
    """ "Des territoires comme le mien": ranked by same territory type, région and fragilities — those
    asked for in the URL (?fragilite=…), else those the territory's portrait detects."""
    fragilities = request.GET.getlist("fragilite") if request is not None else []
    fragilities = fragilities or portrait_fragilities(territory)
    matches = selectors.practices_for_territory(territory, fragilities=fragilities)
    kind = territory_type(territory)
    params = [("type_territoire", kind.value)] if kind else []
    return [
        TerritorySection(
            template="practices/territory_section.html",
            order=40,
            context={
                "territory": territory,
                "matches": matches,
                "more_url": reverse("practices:list") + ("?" + urlencode(params) if params else ""),
            },
        )
    ]


def search_results(query: str, *, limit: int) -> SearchGroup | None:
    result = selectors.practices_search(query=query, limit=limit, with_facets=False)
    return SearchGroup(
        label="Pratiques inspirantes",
        order=10,
        results=[
            SearchResult(
                title=p.title,
                url=p.get_absolute_url(),
                description=", ".join(t.name for t in p.territories),
                is_demo=p.is_demo,
            )
            for p in result.practices
        ],
        more_url=reverse("practices:list") + "?" + urlencode({"q": query}) if result.count > limit else "",
    )


NEED_SECTION_SIZE = 4


def need_sections(request, *, need: str, territory) -> list[TerritorySection]:
    """« Décrivez votre besoin »: the practices that answered the same need elsewhere, with why."""
    from alliances.practices.need import need_reason, practices_need_ranking

    ranking = practices_need_ranking(need, tags=[], limit=NEED_SECTION_SIZE)
    matches = selectors.practice_cards([r.id for r in ranking.results])
    reasons = {r.id: need_reason(r) for r in ranking.results}
    for card in matches:
        card.reason = reasons[card.pk]
    return [
        TerritorySection(
            template="practices/partials/need_section.html",
            order=40,
            context={
                "matches": matches,
                "total": ranking.total,
                "list_url": reverse("practices:list") + "?" + urlencode({"q": need}),
            },
        )
    ]
