"""The situation map of a commune or an EPCI: its département's outline, the commune and its
neighbours placed from their coordinates (La Poste), as a server-side SVG with a text alternative.

The outline is the département's path of the observatory's map of France (`france_maps.json`);
coordinates are placed in it by matching the box of the département's communes to the box of its
outline (an equirectangular projection is exact enough at the scale of a département).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.apps import apps
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HIGHLIGHT = "#19486A"
NEIGHBOUR = "#3E4C59"
OTHER = "#9AA5B1"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")
DIRECTIONS = ["à l'est", "au nord-est", "au nord", "au nord-ouest", "à l'ouest", "au sud-ouest", "au sud", "au sud-est"]


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    highlight: bool = False


@dataclass(frozen=True)
class Neighbour:
    name: str
    distance_km: float
    direction: str


def departement_outline(code: str) -> str | None:
    """The département's path (SVG path data, `m`/`z` only), or None without the observatory's map."""
    if not apps.is_installed("alliances.observatory"):
        return None
    from alliances.observatory.maps import geometry

    return geometry()["departement"]["paths"].get(code)


def path_points(path: str) -> list[tuple[float, float]]:
    """The absolute points of a path made of relative moves (`m x,y dx,dy … z`)."""
    points: list[tuple[float, float]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    for token in re.findall(r"[mMzZ]|[^mMzZ]+", path):
        if token in "zZ":
            x, y = start
            continue
        if token in "mM":
            continue
        numbers = [float(n) for n in _NUMBER.findall(token)]
        for index in range(0, len(numbers) - 1, 2):
            x, y = x + numbers[index], y + numbers[index + 1]
            if index == 0:
                start = (x, y)
            points.append((x, y))
    return points


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def direction(origin: Place, target: Place) -> str:
    dx = (target.longitude - origin.longitude) * math.cos(math.radians(origin.latitude))
    dy = target.latitude - origin.latitude
    angle = math.degrees(math.atan2(dy, dx)) % 360
    return DIRECTIONS[int(((angle + 22.5) % 360) // 45)]


def neighbours_of(centre: Place, places: list[Place], count: int = 6) -> list[Neighbour]:
    others = sorted((p for p in places if p is not centre and not p.highlight), key=lambda p: distance_km(centre, p))
    return [Neighbour(p.name, distance_km(centre, p), direction(centre, p)) for p in others[:count]]


def situation_map(
    *, chart_id: str, title: str, description: str, outline: str, places: list[Place], labelled: list[Place]
) -> SafeString | None:
    """The outline with every commune as a dot, the territory's in dark blue, named neighbours."""
    outline_points = path_points(outline)
    located = [p for p in places if p.latitude and p.longitude]
    if not outline_points or len(located) < 2:
        return None
    xs0, ys0 = [x for x, _ in outline_points], [y for _, y in outline_points]
    left, top, width, height = min(xs0), min(ys0), max(xs0) - min(xs0), max(ys0) - min(ys0)
    middle = sum(p.latitude for p in located) / len(located)
    factor = math.cos(math.radians(middle))
    lons = [p.longitude * factor for p in located]
    lats = [p.latitude for p in located]
    span_x, span_y = (max(lons) - min(lons)) or 0.01, (max(lats) - min(lats)) or 0.01

    # Commune centres lie inside the outline, about half a commune from its edge.
    inset = 0.05

    def project(place: Place) -> tuple[float, float]:
        return (
            left + width * (inset + (1 - 2 * inset) * (place.longitude * factor - min(lons)) / span_x),
            top + height * (inset + (1 - 2 * inset) * (max(lats) - place.latitude) / span_y),
        )

    unit = max(width, height) / 100  # drawing sizes relative to the outline
    pad = 6 * unit
    view = f"{left - pad:.2f} {top - pad:.2f} {width + 2 * pad:.2f} {height + 2 * pad:.2f}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="situation-map" role="img" viewBox="{view}" '
        f'width="100%" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<path d="{outline}" fill="#F4F6F8" stroke="#52606D" stroke-width="{0.5 * unit:.2f}"></path>',
    ]
    for place in sorted(located, key=lambda p: p.highlight):
        x, y = project(place)
        color, radius = (HIGHLIGHT, 1.6 * unit) if place.highlight else (OTHER, 0.7 * unit)
        parts.append(f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{radius:.2f}" fill="{color}"></circle>')
    centre_x = next((project(p)[0] for p in labelled if p.highlight), left + width / 2)
    for place in labelled:
        x, y = project(place)
        if place.highlight:
            # The territory's name below its dot, the neighbours' beside theirs, away from it.
            at = f'x="{x:.2f}" y="{y + 6 * unit:.2f}" text-anchor="middle" font-size="{4.2 * unit:.2f}" font-weight="bold"'
            color = HIGHLIGHT
        else:
            parts.append(f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{1.1 * unit:.2f}" fill="{NEIGHBOUR}"></circle>')
            right = x >= centre_x
            anchor = "start" if right else "end"
            shift = 2 * unit if right else -2 * unit
            at = f'x="{x + shift:.2f}" y="{y + 1.4 * unit:.2f}" text-anchor="{anchor}" font-size="{3.2 * unit:.2f}"'
            color = NEIGHBOUR
        parts.append(
            f'<text {at} fill="{color}" stroke="#FFFFFF" stroke-width="{0.7 * unit:.2f}" paint-order="stroke">'
            f"{escape(place.name)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
