"""Server-side charts: plain data structures that templates draw as accessible SVG plus a table."""

from __future__ import annotations

from dataclasses import dataclass, field

from alliances.observatory.models import TerritoryCount
from alliances.sdg.goals import GOALS_BY_NUMBER

BAR_COLOR = "#1d4e89"
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 260
PLOT_WIDTH = 300
CHART_WIDTH = LABEL_WIDTH + PLOT_WIDTH + 70


@dataclass
class Bar:
    label: str
    value: int | str  # the published value: a count, "< 5" or "secret"
    count: int  # what is drawn (0 for a hidden cell)
    color: str = BAR_COLOR
    y: int = 0
    width: float = 0.0
    text_x: float = 0.0

    @property
    def short_label(self) -> str:
        """What fits left of the bar; the table below the chart gives the full label."""
        return self.label if len(self.label) <= 40 else self.label[:38].rstrip() + "…"

    @property
    def hidden(self) -> bool:
        return isinstance(self.value, str)


@dataclass
class Chart:
    slug: str
    title: str
    source: str
    bars: list[Bar] = field(default_factory=list)
    computed_at: object = None
    note: str = ""

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP

    @property
    def width(self) -> int:
        return CHART_WIDTH

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + 8

    def layout(self) -> Chart:
        largest = max((b.count for b in self.bars), default=0) or 1
        for index, bar in enumerate(self.bars):
            bar.y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
            bar.width = round(PLOT_WIDTH * bar.count / largest, 1)
            bar.text_x = round(self.value_x + bar.width, 1)
        return self


def bar_chart(
    slug: str,
    title: str,
    source: str,
    cells: list[TerritoryCount],
    *,
    order: str = "count",
    sdg_colors: bool = False,
    note: str = "",
) -> Chart:
    """A horizontal bar chart of cells (one bar per value); hidden cells get no bar and their label."""
    if order == "value":
        cells = sorted(cells, key=lambda c: int(c.value) if c.value.isdigit() else c.value)
    elif order == "count":
        cells = sorted(cells, key=lambda c: (-c.count if not c.suppressed else 0, c.value_label))
    bars = []
    for cell in cells:
        color = BAR_COLOR
        label = cell.value_label or cell.value
        if sdg_colors and cell.value.isdigit() and int(cell.value) in GOALS_BY_NUMBER:
            goal = GOALS_BY_NUMBER[int(cell.value)]
            color, label = goal.color, f"ODD {goal.number} — {goal.title}"
        bars.append(Bar(label=label, value=cell.published, count=0 if cell.suppressed else cell.count, color=color))
    computed_at = max((c.computed_at for c in cells), default=None)
    return Chart(slug=slug, title=title, source=source, bars=bars, computed_at=computed_at, note=note).layout()
