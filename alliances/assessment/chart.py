"""The radar chart of an assessment, drawn on the server as SVG geometry (no JavaScript).

The template `assessment/partials/radar.svg` draws what `radar()` computes; the page always
shows the same figures in a table next to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SIZE = 420
CENTER = SIZE / 2
RADIUS = 120
RINGS = (25, 50, 75, 100)


@dataclass(frozen=True)
class Spoke:
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class Series:
    name: str
    css_class: str
    points: str  # "x,y x,y …" for <polygon points>
    dots: list[tuple[float, float]]


@dataclass(frozen=True)
class Radar:
    size: int
    center: float
    spokes: list[Spoke]
    rings: list[str]
    series: list[Series]


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count  # first axis at the top, clockwise
    r = RADIUS * max(0.0, min(value, 100.0)) / 100
    return round(CENTER + r * math.cos(angle), 1), round(CENTER + r * math.sin(angle), 1)


def radar(labels: list[str], series: list[tuple[str, str, list[float | None]]]) -> Radar:
    """Geometry for axis labels and for each series (name, CSS class, one 0–100 value per axis; None → 0)."""
    count = len(labels)
    spokes = []
    for index, label in enumerate(labels):
        x, y = _point(index, count, 100)
        lx, ly = _point(index, count, 118)
        anchor = "middle" if abs(lx - CENTER) < 5 else ("start" if lx > CENTER else "end")
        spokes.append(
            Spoke(label=label, x=x, y=y, label_x=lx, label_y=ly + (12 if ly > CENTER + 5 else 0), anchor=anchor)
        )
    rings = [" ".join(f"{x},{y}" for x, y in (_point(i, count, ring) for i in range(count))) for ring in RINGS]
    drawn = []
    for name, css_class, values in series:
        dots = [_point(i, count, v or 0.0) for i, v in enumerate(values)]
        drawn.append(Series(name=name, css_class=css_class, points=" ".join(f"{x},{y}" for x, y in dots), dots=dots))
    return Radar(size=SIZE, center=CENTER, spokes=spokes, rings=rings, series=drawn)
