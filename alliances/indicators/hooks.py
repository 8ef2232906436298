"""The portrait's section on every territory page."""

from alliances.core.extensions import TerritorySection
from alliances.indicators.portrait import build_portrait


def territory_sections(request, territory) -> list[TerritorySection]:
    return [TerritorySection(template="indicators/section.html",
                             context={"portrait": build_portrait(territory)}, order=10)]
