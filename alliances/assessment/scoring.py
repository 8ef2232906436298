"""Scores of an assessment: pure computations on answers, without the database.

A level 1–4 becomes a score 0–100 ((level − 1) / 3 × 100) so that axes with a different
number of questions stay comparable; « je ne sais pas » is left out of the average but
counted, since not knowing is itself a sign of weak shared knowledge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean

from alliances.assessment.enums import Agreement
from alliances.assessment.referential import Axis, Question, ReferentialData

# Participant answers: participant key → question id → level (None = je ne sais pas).
Answers = Mapping[object, Mapping[str, int | None]]

LEVEL_THRESHOLDS = ((25.0, 1), (50.0, 2), (75.0, 3))


def level_score(level: float) -> float:
    return (level - 1) / 3 * 100


def shown_score(score: float) -> int:
    """The score as people read it: a whole number, halves rounded up (24.5 → 25), as the pages print it."""
    return int(Decimal(repr(score)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def score_level(score: float) -> int:
    """The level (1–4) of a 0–100 score: quarters of the scale, read on the score as shown.

    The one scale of every axis, question and overall score (docs/assessment.md): 0–24 découverte,
    25–49 premiers pas, 50–74 structuration, 75–100 maturité. Reading it on the rounded score keeps a
    page coherent: "50/100" is always « structuration », never « premiers pas » for a 49.7.
    """
    shown = shown_score(score)
    for threshold, level in LEVEL_THRESHOLDS:
        if shown < threshold:
            return level
    return 4


def question_level(average_level: float) -> int:
    """The level of a question from its participants' mean level, on the same scale as the axes."""
    return score_level(level_score(average_level))


@dataclass
class QuestionResult:
    question: Question
    average_level: float | None
    levels: list[int]
    dont_know: int

    @property
    def spread(self) -> int:
        return max(self.levels) - min(self.levels) if len(self.levels) > 1 else 0


@dataclass
class AxisResult:
    axis: Axis
    score: float | None
    participant_scores: list[float]
    questions: list[QuestionResult]
    dont_know: int

    @property
    def level(self) -> int | None:
        return None if self.score is None else score_level(self.score)

    @property
    def spread(self) -> float:
        scores = self.participant_scores
        return max(scores) - min(scores) if len(scores) > 1 else 0.0

    @property
    def agreement(self) -> Agreement | None:
        """Agreement between participants: within a level (< 34 points) or not; None when alone."""
        if len(self.participant_scores) < 2:
            return None
        if self.spread < 34:
            return Agreement.AGREE
        if self.spread < 50:
            return Agreement.NUANCED
        return Agreement.DISAGREE

    @property
    def divergent_questions(self) -> list[QuestionResult]:
        """Questions on which two participants are two levels apart or more."""
        return [q for q in self.questions if q.spread >= 2]


@dataclass
class Results:
    referential: ReferentialData
    participants: int
    axes: list[AxisResult]
    overall_score: float | None = None
    weakest: list[QuestionResult] = field(default_factory=list)

    @property
    def overall_level(self) -> int | None:
        return None if self.overall_score is None else score_level(self.overall_score)

    @property
    def scores(self) -> dict[str, float]:
        return {a.axis.slug: round(a.score, 1) for a in self.axes if a.score is not None}

    def axis(self, slug: str) -> AxisResult:
        return next(a for a in self.axes if a.axis.slug == slug)

    @property
    def weakest_axes(self) -> list[AxisResult]:
        """Scored axes from the weakest; axes where everybody answered « je ne sais pas » come first."""
        return sorted(self.axes, key=lambda a: -1 if a.score is None else a.score)


def compute_results(referential: ReferentialData, answers: Answers) -> Results:
    """Aggregate the answers of the participants who finished; the group score is the mean of theirs."""
    axes = []
    for axis in referential.axes:
        questions = []
        for question in axis.questions:
            given = [a[question.id] for a in answers.values() if question.id in a]
            levels = [level for level in given if level is not None]
            questions.append(
                QuestionResult(
                    question=question,
                    average_level=mean(levels) if levels else None,
                    levels=levels,
                    dont_know=sum(1 for level in given if level is None),
                )
            )
        participant_scores = []
        for participant_answers in answers.values():
            levels = [participant_answers.get(q.id) for q in axis.questions]
            known = [level_score(level) for level in levels if level is not None]
            if known:
                participant_scores.append(mean(known))
        axes.append(
            AxisResult(
                axis=axis,
                score=mean(participant_scores) if participant_scores else None,
                participant_scores=participant_scores,
                questions=questions,
                dont_know=sum(q.dont_know for q in questions),
            )
        )
    scored = [a.score for a in axes if a.score is not None]
    answered = [q for a in axes for q in a.questions if q.average_level is not None]
    # Weakest points: lowest average level; at equal level, the one most participants did not know.
    weakest = sorted(answered, key=lambda q: (q.average_level, -q.dont_know))[:3]
    return Results(
        referential=referential,
        participants=len(answers),
        axes=axes,
        overall_score=mean(scored) if scored else None,
        weakest=weakest,
    )
