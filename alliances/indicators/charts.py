"""The offline location map of a portrait (no script, no tiles); its charts come from alliances.core.charts.

The drawing has a <title> and <desc>, and the page says in words where the territory is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HIGHLIGHT = "#19486A"  # SDG 17 blue: 9.6:1 on white
OTHER = "#5F6B7A"  # 5.4:1 on white
TEXT = "#1F2933"


@dataclass(frozen=True)
class MapPoint:
    latitude: float
    longitude: float
    highlight: bool = False


def location_map(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: list[MapPoint],
    marker: tuple[float, float] | None = None,
    size: int = 280,
) -> SafeString | None:
    """Dots of the surrounding communes (or départements), those of the territory highlighted."""
    if not points:
        return None
    middle = sum(p.latitude for p in points) / len(points)
    factor = math.cos(math.radians(middle))  # equirectangular, good enough at this scale
    xs = [p.longitude * factor for p in points]
    ys = [-p.latitude for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 0.01
    pad = 12
    scale = (size - 2 * pad) / span

    def project(latitude: float, longitude: float) -> tuple[float, float]:
        return (pad + (longitude * factor - min(xs)) * scale, pad + (-latitude - min(ys)) * scale)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="location-map" role="img" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<rect width="{size}" height="{size}" fill="#F4F6F8"></rect>',
    ]
    for point in sorted(points, key=lambda p: p.highlight):
        x, y = project(point.latitude, point.longitude)
        if point.highlight:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.2" fill="{HIGHLIGHT}"></circle>')
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8" fill="#9AA5B1"></circle>')
    if marker is not None:
        x, y = project(*marker)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="none" stroke="#C5192D" stroke-width="3"></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
