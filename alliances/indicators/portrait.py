"""Everything the portrait shows for one territory, gathered once for the page, the print view
and the PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, F

from alliances.core.charts import Bar, bar_chart
from alliances.indicators import selectors
from alliances.indicators.catalog import SECTORS
from alliances.indicators.charts import MapPoint, location_map
from alliances.indicators.enums import Source, ValueStatus
from alliances.indicators.formatting import format_number
from alliances.indicators.situation import Place, departement_outline, neighbours_of, situation_map
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import CommuneAlias, Territory
from alliances.territories.selectors import population_change


@dataclass(frozen=True)
class MissingSource:
    source: str
    file: str
    brings: str
    command: str
    url: str


MISSING_SOURCES = {
    Source.FILOSOFI: MissingSource(
        "INSEE, Filosofi",
        "cc_filosofi_AAAA_COM.csv",
        "niveau de vie médian, taux de pauvreté, part des ménages imposés, inégalités de revenus",
        "alliances load_official_data --source filosofi",
        "https://www.insee.fr/fr/statistiques/7756855",
    ),
    Source.COMPARATEUR: MissingSource(
        "INSEE, base comparateur de territoires",
        "base_cc_comparateur.csv",
        "densité, naissances et décès, logements vacants et résidences secondaires, emploi, chômage, établissements",
        "alliances load_official_data --source comparateur",
        "https://www.insee.fr/fr/statistiques/2521169",
    ),
    Source.DENSITE: MissingSource(
        "INSEE, grille communale de densité",
        "grille_densite_7_niveaux_AAAA.xlsx",
        "classe de densité, pour comparer la commune à des communes de même nature",
        "alliances load_official_data --source densite",
        "https://www.insee.fr/fr/information/6439600",
    ),
}
COORDINATES_SOURCE = MissingSource(
    "La Poste, base officielle des codes postaux",
    "laposte_hexasmal.csv",
    "coordonnées des communes, pour la carte de situation",
    "alliances load_official_data --source laposte",
    "https://datanova.laposte.fr/datasets/laposte-hexasmal",
)


@dataclass
class Portrait:
    territory: Territory
    lines: list = field(default_factory=list)
    key_lines: list = field(default_factory=list)
    fragilities: list = field(default_factory=list)
    assets: list = field(default_factory=list)
    comparables_label: str = ""
    population_band: object = None
    density_class: object = None
    population: object = None
    charts: list = field(default_factory=list)
    sector_chart: object = None
    sector_rows: list = field(default_factory=list)
    map_svg: object = None
    map_caption: str = ""
    missing: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    merged_note: str = ""

    @property
    def has_data(self) -> bool:
        return bool(self.lines)


def build_portrait(territory: Territory) -> Portrait:
    lines = selectors.indicator_report(territory)
    portrait = Portrait(territory=territory, lines=lines)
    portrait.key_lines = [line for line in lines if line.indicator.is_key]
    found = selectors.fragilities_from(lines)
    portrait.fragilities = [f for f in found if f.kind == "fragilite"]
    portrait.assets = [f for f in found if f.kind == "atout"]
    portrait.population = population_change(territory)
    portrait.population_band = selectors.population_band(territory)
    portrait.density_class = selectors.density_class(territory)
    comparable = next((line.comparables for line in lines if line.comparables), None)
    portrait.comparables_label = comparable.label if comparable else ""
    portrait.charts = _rate_charts(territory, portrait.key_lines)
    portrait.sector_chart, portrait.sector_rows = _sector_chart(territory, lines)
    portrait.map_svg, portrait.map_caption = _map(territory)
    loaded = {line.indicator.source for line in lines}
    if portrait.density_class:
        loaded.add(Source.DENSITE.label)
    portrait.missing = [m for s, m in MISSING_SOURCES.items() if Source(s).label not in loaded]
    if portrait.map_svg is None:
        portrait.missing.append(COORDINATES_SOURCE)
    portrait.sources = sorted({(line.indicator.source, line.value.vintage) for line in lines})
    portrait.merged_note = _merged_note(territory, portrait.key_lines)
    return portrait


def _merged_note(territory: Territory, key_lines) -> str:
    """Say plainly why a merged commune has no median: it does not add up from its former communes."""
    if territory.kind != TerritoryKind.COMMUNE or not any(
        line.value.status == ValueStatus.NOT_AVAILABLE for line in key_lines
    ):
        return ""
    former = list(
        CommuneAlias.objects.filter(commune=territory, source=CommuneAlias.Source.COG)
        .order_by("former_code")
        .values_list("former_code", "name")
    )
    if not former:
        return ""
    names = ", ".join(f"{name} ({code})" if name else code for code, name in former)
    return (
        f"{territory.name} réunit aujourd'hui d'anciennes communes ({names}) : leurs effectifs et leurs taux sont "
        "recalculés pour le périmètre actuel, mais une médiane ou un décile ne s'additionne pas ; ces chiffres "
        "restent non disponibles tant que l'INSEE ne les publie pas pour la commune actuelle."
    )


def missing_sources() -> list[MissingSource]:
    """The official sources not loaded at all on this instance (for the operator, in the admin)."""
    from alliances.indicators.models import IndicatorValue

    loaded = set(IndicatorValue.objects.values_list("indicator__source", flat=True).distinct())
    missing = [m for s, m in MISSING_SOURCES.items() if Source(s).label not in loaded]
    if not Territory.objects.filter(latitude__isnull=False).exists():
        missing.append(COORDINATES_SOURCE)
    return missing


def _rate_charts(territory: Territory, key_lines) -> list[dict]:
    charts = []
    for line in key_lines:
        if line.indicator.unit not in ("%", "EUR", "rapport") or line.value.value is None:
            continue
        bars = [Bar(territory.name, line.value.value, line.display, highlight=True)]
        for comparison in line.comparisons:
            if comparison.value is not None and comparison.status == ValueStatus.OK:
                label = "Médiane des comparables" if comparison.scope == "comparables" else comparison.label
                if comparison.is_communes_median:
                    label = f"{comparison.label} (médiane communes)"
                bars.append(Bar(label, comparison.value, comparison.display))
        if len(bars) < 2:
            continue
        chart_id = f"graphique-{line.indicator.code}"
        charts.append(
            {
                "id": chart_id,
                "line": line,
                "bars": bars,
                "svg": bar_chart(
                    chart_id=chart_id,
                    title=f"{line.indicator.label} ({line.value.vintage})",
                    description=", ".join(f"{b.label} : {b.display}" for b in bars),
                    bars=bars,
                ),
            }
        )
    return charts


def _sector_chart(territory: Territory, lines):
    by_code = {line.indicator.code: line for line in lines}
    total = by_code.get("etablissements")
    if total is None or not total.value.value:
        return None, []
    rows = []
    for code, label in SECTORS:
        line = by_code.get(code)
        if line and line.value.value is not None:
            share = 100 * line.value.value / total.value.value
            rows.append(Bar(label, share, f"{format_number(share, 1)}\u202f% ({format_number(line.value.value)})"))
    if not rows:
        return None, []
    svg = bar_chart(
        chart_id="graphique-secteurs",
        title=f"Établissements actifs par secteur ({total.value.vintage})",
        description=", ".join(f"{b.label} : {b.display}" for b in rows),
        bars=rows,
    )
    return svg, rows


def _map(territory: Territory):
    """The département's outline with the commune (or the EPCI's communes) and its neighbours;
    for the other levels, the centres of the départements."""
    if territory.kind in (TerritoryKind.COMMUNE, TerritoryKind.EPCI) and territory.departement_id:
        drawn = _situation(territory)
        if drawn is not None:
            return drawn
    return _dots_map(territory)


def _situation(territory: Territory):
    outline = departement_outline(territory.departement.code) if territory.departement else None
    if outline is None:
        return None
    rows = (
        Territory.objects.current_communes()
        .filter(departement_id=territory.departement_id, latitude__isnull=False)
        .order_by(F("population").desc(nulls_last=True))
        .values_list("id", "name", "latitude", "longitude", "epci_id")
    )
    own = territory.parent_commune_id or territory.pk
    inside = (
        (lambda pk, epci: pk == own)
        if territory.kind == TerritoryKind.COMMUNE
        else (lambda pk, epci: epci == territory.pk)
    )
    places = [
        Place(name, lat, lon, inside(pk, epci))
        for pk, name, lat, lon, epci in rows
        if lat is not None and lon is not None
    ]
    members = [p for p in places if p.highlight]
    if not members:
        return None
    centre = members[0]  # the commune itself, or the EPCI's most populated commune
    near = neighbours_of(centre, places)
    named = {n.name for n in near[:3]}
    labelled = [*[p for p in places if p.name in named and not p.highlight][:3], centre]
    departement = territory.departement.name if territory.departement else ""
    if territory.kind == TerritoryKind.COMMUNE:
        caption = f"Situation de {territory.name} dans le département ({departement})."
    else:
        caption = (
            f"Situation des {len(members)} communes de {territory.name} dans le département ({departement}), "
            f"autour de {centre.name}."
        )
    voisines = ", ".join(f"{n.name} ({format_number(n.distance_km, 0)} km {n.direction})" for n in near)
    text = f"{caption} Communes les plus proches de {centre.name} : {voisines}." if near else caption
    svg = situation_map(
        chart_id=f"carte-{territory.kind}",
        title=f"Carte de situation de {territory.name}",
        description=text,
        outline=outline,
        places=places,
        labelled=labelled,
    )
    return (svg, text) if svg is not None else None


def _dots_map(territory: Territory):
    """Centres of the départements of the région (or of France), the territory's highlighted."""
    located = Territory.objects.current_communes().filter(latitude__isnull=False)
    if territory.kind in (TerritoryKind.COMMUNE, TerritoryKind.EPCI) and territory.departement_id:
        rows = located.filter(departement_id=territory.departement_id).values_list(
            "id", "latitude", "longitude", "epci_id"
        )
        if territory.kind == TerritoryKind.COMMUNE:
            own = territory.parent_commune_id or territory.pk
            points = [MapPoint(lat, lon, pk == own) for pk, lat, lon, _ in rows if lat is not None and lon is not None]
            marker = next(((p.latitude, p.longitude) for p in points if p.highlight), None)
        else:
            points = [
                MapPoint(lat, lon, epci == territory.pk)
                for _, lat, lon, epci in rows
                if lat is not None and lon is not None
            ]
            marker = None
        context = territory.departement.name if territory.departement else ""
        caption = f"Situation {territory.of_name} parmi les communes du département ({context})."
    else:
        scope = located if territory.kind == TerritoryKind.REGION else located.filter(region_id=territory.region_id)
        centres = scope.values("departement_id", "region_id").annotate(lat=Avg("latitude"), lon=Avg("longitude"))
        by_region = territory.kind == TerritoryKind.REGION
        points = [
            MapPoint(r["lat"], r["lon"], (r["region_id"] if by_region else r["departement_id"]) == territory.pk)
            for r in centres
        ]
        marker = None
        caption = f"Situation {territory.of_name} : chaque point est le centre d'un département" + (
            " de la région." if territory.kind == TerritoryKind.DEPARTEMENT else "."
        )
    svg = location_map(
        chart_id=f"carte-{territory.kind}",
        title=f"Carte de situation {territory.of_name}",
        description=caption + " Les points foncés appartiennent au territoire.",
        points=points,
        marker=marker,
    )
    return svg, caption
