"""The self-assessment's section on commune and EPCI pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from alliances.assessment import selectors
from alliances.core.extensions import TerritorySection
from alliances.territories.enums import TerritoryKind


def territory_sections(request, territory) -> list[TerritorySection]:
    if territory.kind not in (TerritoryKind.COMMUNE, TerritoryKind.EPCI):
        return []
    latest = selectors.latest_for_territory(territory, request.user)
    rows = []
    level = ""
    if latest is not None:
        data = latest.referential.parsed
        rows = [{"title": axis.title, "score": latest.scores.get(axis.slug)} for axis in data.axes]
        if latest.overall_score is not None:
            from alliances.assessment.scoring import score_level

            level = data.level_label(score_level(latest.overall_score)).lower()
    start_url = f"{reverse('assessment:start')}?{urlencode({'territoire': territory.ref})}"
    return [
        TerritorySection(
            template="assessment/partials/territory_section.html",
            order=70,
            context={
                "territory": territory,
                "latest": latest,
                "rows": rows,
                "latest_level": level,
                "start_url": start_url,
            },
        )
    ]
