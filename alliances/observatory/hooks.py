"""The observatory's contribution to territory pages: the SDG compass and a link to the dashboard."""

from django.urls import reverse

from alliances.core.extensions import TerritorySection
from alliances.observatory.compass import territory_compass
from alliances.observatory.enums import DASHBOARD_LEVELS


def territory_sections(request, territory) -> list[TerritorySection]:
    dashboard_url = ""
    if territory.kind in DASHBOARD_LEVELS:
        dashboard_url = reverse("observatory:dashboard", kwargs={"kind": territory.kind, "code": territory.code})
    return [
        TerritorySection(
            template="observatory/partials/compass.html",
            context={"compass": territory_compass(territory), "territory": territory, "dashboard_url": dashboard_url},
            order=70,
        )
    ]
