"""The site's charts: markup a browser can draw (never a localised number), a text alternative, labels that fit."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from alliances.core.charts import Bar, LinePoint, RadarSeries, ReferenceLine, bar_chart, line_chart, radar_chart

# Attributes of SVG elements whose value is one number, or a list of numbers (points, viewBox).
NUMBER_ATTRIBUTES = {
    "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy", "width", "height",
    "stroke-width", "font-size", "fill-opacity", "opacity", "stroke-opacity",
}  # fmt: skip
LIST_ATTRIBUTES = {"points", "viewbox", "stroke-dasharray"}
_FLOAT = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


class SvgNumbers(HTMLParser):
    """Every numeric attribute of every SVG element of a page, with the values that are not numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.svgs = 0
        self.checked = 0
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.depth += 1
            self.svgs += 1
        if not self.depth:
            return
        for name, value in attrs:
            value = value or ""
            if name in NUMBER_ATTRIBUTES:
                if value.endswith("%"):
                    value = value[:-1]
                self._check(tag, name, [value])
            elif name in LIST_ATTRIBUTES:
                self._check(tag, name, [v for v in re.split(r"[\s,]+", value.strip()) if v])

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.depth -= 1

    def _check(self, tag: str, name: str, values: list[str]) -> None:
        for value in values:
            self.checked += 1
            if not _FLOAT.fullmatch(value):
                self.errors.append(f'<{tag} {name}="{value}">')
        if name == "points" and len(values) % 2:
            self.errors.append(f"<{tag} points> with an odd count of numbers: {values}")


def svg_numbers(html: str) -> SvgNumbers:
    parser = SvgNumbers()
    parser.feed(html)
    return parser


BARS = [
    Bar("Mende", 21.04, "21,0\u202f%", highlight=True),
    Bar("Service de l'État, établissement public ou collectivité territoriale", 14.55, "14,6\u202f%"),
    Bar("Secret", 0, "< 5"),
]


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def test_bar_chart_numbers_parse_and_labels_are_whole():
    svg = bar_chart(chart_id="c", title="Taux de pauvreté", description="Mende : 21,0 %", bars=BARS)
    parsed = svg_numbers(svg)
    assert parsed.checked > 10 and not parsed.errors
    # The long label is written from its first letter (it used to be clipped at the start: "ervice de l'État…").
    assert ">Service de l&#x27;État, établissement public ou collectivité territoriale</text>" in svg
    assert '<title id="c-t">Taux de pauvreté</title><desc id="c-d">Mende : 21,0 %</desc>' in svg
    assert 'aria-labelledby="c-t c-d"' in svg and 'role="img"' in svg
    # Every label starts inside the drawing (x ≥ 0) and the secret cell has no bar.
    assert all(float(x) >= 0 for x in re.findall(r'<text x="([^"]+)"', svg))
    assert svg.count("<rect") == 2


def test_bar_values_fit_in_the_drawing():
    svg = bar_chart(chart_id="c", title="t", description="d", bars=[Bar("A", 1000, "1\u202f000 organisations")])
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    value_x = float(re.findall(r'<text x="([^"]+)"', svg)[-1])
    assert value_x + len("1 000 organisations") * 13 * 0.58 <= width + 0.5


def test_line_chart_numbers_parse():
    points = [LinePoint(0, 6.5, "15/01/2026"), LinePoint(151, 11.25, "15/06/2026"), LinePoint(200, 1234.5, "x")]
    svg = line_chart(
        chart_id="i",
        title="Évolution",
        description="de 6,5 à 1 234,5",
        points=points,
        references=[ReferenceLine(4.5, "baseline"), ReferenceLine(20.75, "target")],
        tick_format=lambda v: f"{v:.1f}".replace(".", ","),
    )
    parsed = svg_numbers(svg)
    assert parsed.checked > 20 and not parsed.errors
    assert svg.count("<circle") == 3 and 'class="target"' in svg and 'class="baseline"' in svg


def test_a_single_measurement_is_drawn_in_the_middle():
    svg = line_chart(chart_id="i", title="t", description="d", points=[LinePoint(0, 3, "01/01/2026")])
    assert not svg_numbers(svg).errors and "<circle" in svg


def test_radar_numbers_parse_and_long_axis_labels_wrap():
    labels = ["Gouvernance partagée", "Connaissance du territoire et de ses acteurs", "Moyens", "Évaluation"]
    svg = radar_chart(
        chart_id="radar",
        title="Radar",
        description="d",
        labels=labels,
        series=[RadarSeries("Ce diagnostic", "radar-current", [50, 75.5, None, 100])],
    )
    parsed = svg_numbers(svg)
    assert parsed.checked > 20 and not parsed.errors
    assert "<tspan" in svg  # the long label goes on two lines instead of leaving the drawing


def test_the_checker_sees_a_localised_coordinate():
    parsed = svg_numbers('<svg viewBox="0 0 10 10"><line x1="1" y1="145,6"/><polyline points="1,2 3,4"/></svg>')
    assert parsed.errors == ['<line y1="145,6">']
