"""The site's charts: accessible SVG drawn on the server (no script, no CDN, strict CSP).

Bars (portrait comparisons, observatory distributions), a line over time (alliance indicators)
and a radar (autodiagnostic). Every drawing has a <title> and a <desc> that say what it shows
in words; the page puts the same figures in a table next to it. Coordinates are written by
`svg_number` (a point as decimal separator): markup never goes through the template's French
localisation, which would write `y1="145,6"` and make the browser drop the shape.
Styles are presentation attributes, so a chart looks the same on every page and in PDFs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from alliances.core.numbers import svg_number as n

PRIMARY = "#19486A"  # SDG 17 blue: 9.6:1 on white
MUTED = "#5F6B7A"  # 5.4:1 on white
TEXT = "#1F2933"
GRID = "#C4C9D1"
FONT = 13
CHAR_WIDTH = 0.58  # average glyph width of the system sans-serif fonts, in em (an upper estimate for French)


def _text_width(text: str, size: float = FONT) -> float:
    return len(text) * size * CHAR_WIDTH


def _shorten(text: str, size: int) -> str:
    """Cut at the end, never at the start (the table under the chart gives the full label)."""
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _wrap(text: str, width: int) -> list[str]:
    """At most two lines of `width` characters, words kept whole where possible."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], _shorten(" ".join(lines[1:]), width)]
    return [_shorten(line, width) for line in lines]


def _open(chart_id: str, title: str, description: str, width: float, height: float, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg {css_class}" role="img" '
        f'viewBox="0 0 {n(width)} {n(height)}" width="{n(width)}" height="{n(height)}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" font-family="system-ui, sans-serif" font-size="{FONT}">',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>',
    ]


# --- bars --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # what is drawn (0 for a figure that cannot be published)
    display: str  # what is written: "21,0 %", "< 5"
    highlight: bool = False
    color: str | None = None


BAR_WIDTH = 560  # the drawing scales down to the page (width 100 % in CSS): labels above the bars always fit
BAR_LABEL_CHARS = 80


def bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> SafeString:
    """Horizontal bars, each with its label above it and its value written after it."""
    value_room = max((_text_width(b.display) for b in bars), default=0) + 8
    plot = BAR_WIDTH - value_room
    largest = max((abs(b.value) for b in bars), default=0) or 1
    row, bar_height = 44, 16
    height = 4 + row * len(bars)
    parts = _open(chart_id, title, description, BAR_WIDTH, height, "chart-bars")
    for index, bar in enumerate(bars):
        top = 4 + index * row
        width = plot * abs(bar.value) / largest if bar.value else 0
        color = bar.color or (PRIMARY if bar.highlight else MUTED)
        weight = ' font-weight="bold"' if bar.highlight else ""
        parts.append(
            f'<text x="0" y="{n(top + 14)}" fill="{TEXT}"{weight}>{escape(_shorten(bar.label, BAR_LABEL_CHARS))}</text>'
        )
        if width:
            parts.append(
                f'<rect x="0" y="{n(top + 20)}" width="{n(max(width, 1))}" height="{bar_height}" fill="{color}"></rect>'
            )
        parts.append(f'<text x="{n(width + 6)}" y="{n(top + 33)}" fill="{TEXT}"{weight}>{escape(bar.display)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


# --- a line over time --------------------------------------------------------------------------


@dataclass(frozen=True)
class LinePoint:
    position: float  # on the horizontal axis (days since the first point, for instance)
    value: float
    label: str  # written under the axis: "15/06/2026"


@dataclass(frozen=True)
class ReferenceLine:
    value: float
    kind: str  # "target" or "baseline"


_REFERENCE_STYLES = {
    "target": 'stroke="#2E7D32" stroke-width="2" stroke-dasharray="6 4"',
    "baseline": 'stroke="#555555" stroke-width="2" stroke-dasharray="2 3"',
}
LINE_WIDTH, LINE_HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[LinePoint],
    references: Sequence[ReferenceLine] = (),
    tick_format=str,
) -> SafeString:
    """A line through the points in order, with horizontal reference lines (baseline, target)."""
    values = [p.value for p in points] + [r.value for r in references]
    low, high = min([*values, 0.0]), max([*values, 0.0])
    if high == low:
        high = low + 1
    plot_w, plot_h = LINE_WIDTH - LEFT - RIGHT, LINE_HEIGHT - TOP - BOTTOM
    first = min((p.position for p in points), default=0)
    span = (max((p.position for p in points), default=0) - first) or 0

    def x_of(point: LinePoint) -> float:
        return LEFT + (plot_w * (point.position - first) / span if span else plot_w / 2)

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / (high - low))

    axis_y, right = LINE_HEIGHT - BOTTOM, LINE_WIDTH - RIGHT
    parts = _open(chart_id, title, description, LINE_WIDTH, LINE_HEIGHT, "chart-line")
    for i in range(5):
        tick = low + (high - low) * i / 4
        parts.append(
            f'<text x="{LEFT - 6}" y="{n(y_of(tick))}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="12" fill="{TEXT}">{escape(tick_format(tick))}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{n(axis_y)}" x2="{right}" y2="{n(axis_y)}" stroke="#333333"></line>'
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{n(axis_y)}" stroke="#333333"></line>'
    )
    for reference in references:
        level = n(y_of(reference.value))
        parts.append(
            f'<line class="{reference.kind}" x1="{LEFT}" y1="{level}" x2="{right}" y2="{level}" '
            f"{_REFERENCE_STYLES[reference.kind]}></line>"
        )
    coordinates = [(x_of(p), y_of(p.value)) for p in points]
    parts.append(
        '<polyline class="line" fill="none" stroke="#1D4E89" stroke-width="3" '
        f'points="{" ".join(f"{n(x)},{n(y)}" for x, y in coordinates)}"></polyline>'
    )
    shown_labels = _spaced_labels([x for x, _ in coordinates], min_gap=72)
    for index, (point, (x, y)) in enumerate(zip(points, coordinates, strict=True)):
        parts.append(f'<circle class="point" cx="{n(x)}" cy="{n(y)}" r="4" fill="#1D4E89"></circle>')
        if index in shown_labels:
            parts.append(
                f'<text x="{n(x)}" y="{n(axis_y + 16)}" text-anchor="middle" font-size="12" fill="{TEXT}">'
                f"{escape(point.label)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _spaced_labels(xs: list[float], *, min_gap: float) -> set[int]:
    """Indexes of the axis labels that can be written without overlapping (always the first and last)."""
    if not xs:
        return set()
    kept = [0]
    for index in range(1, len(xs)):
        if xs[index] - xs[kept[-1]] >= min_gap:
            kept.append(index)
    if kept[-1] != len(xs) - 1:
        if len(kept) > 1 and xs[-1] - xs[kept[-1]] < min_gap:
            kept.pop()
        kept.append(len(xs) - 1)
    return set(kept)


# --- radar -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RadarSeries:
    name: str
    css_class: str  # also the legend's key: "radar-current", "radar-previous", "radar-peers"
    values: Sequence[float | None]  # 0–100 per axis; None is drawn at 0


_RADAR_STYLES = {
    "radar-current": 'fill="#1D4E89" fill-opacity="0.25" stroke="#1D4E89" stroke-width="3"',
    "radar-previous": 'fill="none" stroke="#8A4B00" stroke-width="2" stroke-dasharray="6 4"',
    "radar-peers": 'fill="none" stroke="#18753C" stroke-width="2" stroke-dasharray="2 3"',
}
RADAR_WIDTH, RADAR_HEIGHT, RADAR_RADIUS = 560, 400, 130
RADAR_RINGS = (25, 50, 75, 100)


def radar_chart(
    *, chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[RadarSeries]
) -> SafeString:
    """One spoke per axis (the first at the top, clockwise), one polygon per series."""
    count = len(labels)
    cx, cy = RADAR_WIDTH / 2, RADAR_HEIGHT / 2

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        r = RADAR_RADIUS * max(0.0, min(value, 100.0)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def polygon(values: Sequence[float | None]) -> str:
        return " ".join(f"{n(x)},{n(y)}" for x, y in (point(i, v or 0.0) for i, v in enumerate(values)))

    parts = _open(chart_id, title, description, RADAR_WIDTH, RADAR_HEIGHT, "chart-radar")
    for ring in RADAR_RINGS:
        parts.append(f'<polygon class="ring" points="{polygon([ring] * count)}" fill="none" stroke="{GRID}"></polygon>')
    for index in range(count):
        x, y = point(index, 100)
        parts.append(f'<line x1="{n(cx)}" y1="{n(cy)}" x2="{n(x)}" y2="{n(y)}" stroke="{GRID}"></line>')
    for drawn in series:
        style = _RADAR_STYLES.get(drawn.css_class, _RADAR_STYLES["radar-current"])
        parts.append(f'<polygon class="{drawn.css_class}" points="{polygon(drawn.values)}" {style}></polygon>')
    for index, label in enumerate(labels):
        x, y = point(index, 112)
        anchor = "middle" if abs(x - cx) < 5 else ("start" if x > cx else "end")
        lines = _wrap(label, 18)
        if y > cy + 5:
            y += 12
        elif abs(y - cy) <= 5 or y < cy - 5:
            y -= 14 * (len(lines) - 1) if y < cy - 5 else 7 * (len(lines) - 1)
        tspans = "".join(
            f'<tspan x="{n(x)}" dy="{0 if i == 0 else 16}">{escape(line)}</tspan>' for i, line in enumerate(lines)
        )
        parts.append(
            f'<text class="axis-label" x="{n(x)}" y="{n(y)}" text-anchor="{anchor}" font-size="14" fill="{TEXT}">'
            f"{tspans}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
