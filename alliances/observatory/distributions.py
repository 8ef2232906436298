"""Distributions of a dashboard (one published cell per value), drawn by the site's chart module."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from alliances.core import charts
from alliances.core.numbers import format_french
from alliances.observatory.models import TerritoryCount
from alliances.sdg.goals import GOALS_BY_NUMBER

BAR_COLOR = "#1d4e89"


@dataclass
class Row:
    label: str
    value: int | str  # the published value: a count, "< 5" or "secret"
    display: str = ""  # as written in the chart and its table: "1 234", "< 5"


@dataclass
class Distribution:
    slug: str
    title: str
    source: str
    rows: list[Row] = field(default_factory=list)
    svg: SafeString | None = None
    computed_at: object = None
    note: str = ""


def distribution(
    slug: str,
    title: str,
    source: str,
    cells: list[TerritoryCount],
    *,
    order: str = "count",
    sdg_colors: bool = False,
    note: str = "",
) -> Distribution:
    """A horizontal bar chart of cells (one bar per value); a hidden cell gets no bar, only its label."""
    if order == "value":
        cells = sorted(cells, key=lambda c: int(c.value) if c.value.isdigit() else c.value)
    elif order == "count":
        cells = sorted(cells, key=lambda c: (-c.count if not c.suppressed else 0, c.value_label))
    rows, bars = [], []
    for cell in cells:
        color = BAR_COLOR
        label = cell.value_label or cell.value
        if sdg_colors and cell.value.isdigit() and int(cell.value) in GOALS_BY_NUMBER:
            goal = GOALS_BY_NUMBER[int(cell.value)]
            color, label = goal.color, f"ODD {goal.number} — {goal.title}"
        published = cell.published
        display = published if isinstance(published, str) else format_french(published, 0)
        rows.append(Row(label=label, value=published, display=display))
        bars.append(charts.Bar(label, 0 if cell.suppressed else cell.count, display, color=color))
    chart_id = f"graphique-{slug}"
    svg = charts.bar_chart(
        chart_id=chart_id,
        title=title,
        description=" ; ".join(f"{b.label} : {b.display}" for b in bars) + ".",
        bars=bars,
    )
    computed_at = max((c.computed_at for c in cells), default=None)
    return Distribution(slug=slug, title=title, source=source, rows=rows, svg=svg, computed_at=computed_at, note=note)
