"""What the results pages show, built from the scores: plain-French weak points and the chart."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from alliances.assessment.scoring import Results, question_level, shown_score
from alliances.assessment.selectors import Comparison, PeerBenchmark
from alliances.core.charts import RadarSeries, radar_chart


@dataclass(frozen=True)
class WeakPoint:
    axis_title: str
    question: str
    level_label: str
    today: str
    next_step: str | None


def weak_points(results: Results) -> list[WeakPoint]:
    """The three weakest questions, said in plain French: where you are, and the next step."""
    points = []
    for q in results.weakest:
        level = question_level(q.average_level or 1)
        axis = results.referential.axis(q.question.axis_slug)
        points.append(
            WeakPoint(
                axis_title=axis.title,
                question=q.question.text,
                level_label=results.referential.level_label(level),
                today=q.question.levels[level],
                next_step=q.question.levels.get(level + 1),
            )
        )
    return points


@dataclass(frozen=True)
class Radar:
    svg: SafeString
    series: list[RadarSeries]  # for the legend


@dataclass(frozen=True)
class TableRow:
    title: str
    slug: str
    score: float | None
    level_label: str
    peer: float | None
    previous: float | None


def chart_and_table(
    results: Results,
    *,
    benchmark: PeerBenchmark | None = None,
    comparison: Comparison | None = None,
) -> tuple[Radar, list[TableRow]]:
    axes = results.axes
    series = [RadarSeries("Ce diagnostic", "radar-current", [a.score for a in axes])]
    if comparison:
        before = {p.slug: p.before for p in comparison.axes}
        series.insert(0, RadarSeries("Diagnostic précédent", "radar-previous", [before.get(a.axis.slug) for a in axes]))
    if benchmark:
        medians = [benchmark.medians.get(a.axis.slug) for a in axes]
        series.insert(0, RadarSeries("Médiane des territoires comparables", "radar-peers", medians))
    described = "; ".join(
        f"{a.axis.title} : {'non déterminé' if a.score is None else f'{shown_score(a.score)}/100'}" for a in axes
    )
    svg = radar_chart(
        chart_id="radar",
        title="Radar des scores par axe",
        description=f"Score de 0 à 100 par axe — {described}. Le tableau qui suit détaille ces valeurs.",
        labels=[a.axis.short_title for a in axes],
        series=series,
    )
    chart = Radar(svg=svg, series=series)
    rows = [
        TableRow(
            title=a.axis.title,
            slug=a.axis.slug,
            score=None if a.score is None else shown_score(a.score),
            level_label=results.referential.level_label(a.level) if a.level else "Je ne sais pas",
            peer=benchmark.medians.get(a.axis.slug) if benchmark else None,
            previous=next((p.before for p in comparison.axes if p.slug == a.axis.slug), None) if comparison else None,
        )
        for a in axes
    ]
    return chart, rows
