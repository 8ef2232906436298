"""What the results pages show, built from the scores: plain-French weak points and the chart."""

from __future__ import annotations

import math
from dataclasses import dataclass

from alliances.assessment.chart import Radar, radar
from alliances.assessment.scoring import Results
from alliances.assessment.selectors import Comparison, PeerBenchmark


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
        level = max(1, math.floor(q.average_level or 1))
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
    series = [("Ce diagnostic", "radar-current", [a.score for a in axes])]
    if comparison:
        before = {p.slug: p.before for p in comparison.axes}
        series.insert(0, ("Diagnostic précédent", "radar-previous", [before.get(a.axis.slug) for a in axes]))
    if benchmark:
        series.insert(
            0,
            ("Médiane des territoires comparables", "radar-peers", [benchmark.medians.get(a.axis.slug) for a in axes]),
        )
    chart = radar([a.axis.short_title for a in axes], series)
    rows = [
        TableRow(
            title=a.axis.title,
            slug=a.axis.slug,
            score=None if a.score is None else round(a.score),
            level_label=results.referential.level_label(a.level) if a.level else "Je ne sais pas",
            peer=benchmark.medians.get(a.axis.slug) if benchmark else None,
            previous=next((p.before for p in comparison.axes if p.slug == a.axis.slug), None) if comparison else None,
        )
        for a in axes
    ]
    return chart, rows
