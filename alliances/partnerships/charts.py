"""Line chart of an indicator's measurements, drawn as inline SVG (no script, no CDN),
always published beside a data table that carries the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


@dataclass
class ChartPoint:
    x: float
    y: float
    label: str
    value: Decimal


@dataclass
class Chart:
    width: int
    height: int
    points: list[ChartPoint]
    polyline: str
    baseline_y: float | None
    target_y: float | None
    y_ticks: list[tuple[float, str]]
    x_axis_y: float
    left: int
    right_x: int
    description: str


def _fmt(value: Decimal | float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f").replace(".", ",")


def indicator_chart(indicator, measurements) -> Chart | None:
    """Scale the measurements (date order) into SVG coordinates; None when there is nothing to draw."""
    measurements = sorted(measurements, key=lambda m: (m.date, m.pk))
    if not measurements:
        return None
    values = [m.value for m in measurements]
    extra = [v for v in (indicator.baseline, indicator.target) if v is not None]
    low, high = min([*values, *extra, Decimal(0)]), max([*values, *extra])
    if high == low:
        high = low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value) -> float:
        return round(TOP + plot_h * (1 - float((value - low) / (high - low))), 1)

    first, last = measurements[0].date, measurements[-1].date
    span = (last - first).days or 1
    points = []
    for m in measurements:
        x = LEFT + (plot_w * (m.date - first).days / span if len(measurements) > 1 else plot_w / 2)
        points.append(ChartPoint(round(x, 1), y_of(m.value), f"{m.date:%d/%m/%Y}", m.value))
    ticks = [(y_of(low + (high - low) * Decimal(i) / 4), _fmt(low + (high - low) * Decimal(i) / 4)) for i in range(5)]
    unit = f" {indicator.unit}" if indicator.unit else ""
    description = (
        f"{indicator.name} : {len(points)} mesure{'s' if len(points) > 1 else ''}, de {_fmt(values[0])}{unit} "
        f"le {points[0].label} à {_fmt(values[-1])}{unit} le {points[-1].label}"
        + (f" ; cible {_fmt(indicator.target)}{unit}" if indicator.target is not None else "")
        + "."
    )
    return Chart(
        WIDTH,
        HEIGHT,
        points,
        " ".join(f"{p.x},{p.y}" for p in points),
        y_of(indicator.baseline) if indicator.baseline is not None else None,
        y_of(indicator.target) if indicator.target is not None else None,
        ticks,
        HEIGHT - BOTTOM,
        LEFT,
        WIDTH - RIGHT,
        description,
    )
