"""The portrait's section on every territory page, with the kits that answer its fragilities."""

from django.apps import apps

from alliances.core.extensions import TerritorySection
from alliances.indicators.catalog import BY_CODE
from alliances.indicators.portrait import build_portrait

# Indicator themes → themes of the resource centre (the fragility codes of practices).
# Low incomes are answered first by the kits on employment and integration.
RESOURCE_THEMES = {
    "emploi": ["emploi"],
    "revenus": ["emploi"],
    "logement": ["logement"],
    "economie": ["economie-locale"],
}


def kits_for(portrait) -> list:
    """Kits of the resource centre for the portrait's fragilities (none when none is detected)."""
    if not portrait.fragilities or not apps.is_installed("alliances.resources"):
        return []
    from alliances.resources.selectors import kits_for_fragilities

    themes = {
        theme
        for f in portrait.fragilities
        if f.code in BY_CODE
        for theme in RESOURCE_THEMES.get(BY_CODE[f.code].theme, [])
    }
    return kits_for_fragilities(sorted(themes), limit=3)


def territory_sections(request, territory) -> list[TerritorySection]:
    portrait = build_portrait(territory)
    return [
        TerritorySection(
            template="indicators/section.html", context={"portrait": portrait, "kits": kits_for(portrait)}, order=10
        )
    ]
