"""Scores: pure computations."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliances.assessment.enums import Agreement
from alliances.assessment.referential import parse_referential, referential_files
from alliances.assessment.scoring import compute_results, level_score, score_level

DATA = parse_referential(Path(referential_files()[-1]).read_text(encoding="utf-8"))
IDS = list(DATA.questions)


def test_levels_map_to_quarters_of_a_hundred():
    assert [level_score(level) for level in (1, 2, 3, 4)] == [
        0,
        pytest.approx(33.33, 0.01),
        pytest.approx(66.67, 0.01),
        100,
    ]
    # Quarters of the score as shown (a whole number, halves up): 24.9 reads "25/100", so « premiers pas ».
    assert [score_level(s) for s in (0, 24.4, 24.5, 49.4, 49.5, 74.4, 74.5, 100)] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_dont_know_is_left_out_of_the_score_but_counted():
    answers = {qid: 4 for qid in IDS}
    answers["connaissance.diagnostic"] = None
    answers["connaissance.donnees"] = 1
    results = compute_results(DATA, {"a": answers})
    axis = results.axis("connaissance")
    assert axis.score == pytest.approx((0 + 100 + 100) / 3)
    assert axis.dont_know == 1
    assert results.axis("gouvernance").score == 100


def test_an_axis_answered_only_with_dont_know_has_no_score_and_comes_first_among_weak_axes():
    answers = {qid: 3 for qid in IDS}
    for question in DATA.axis("evaluation").questions:
        answers[question.id] = None
    results = compute_results(DATA, {"a": answers})
    assert results.axis("evaluation").score is None
    assert results.weakest_axes[0].axis.slug == "evaluation"
    assert results.overall_level == 3


def test_weakest_points_are_the_three_lowest_questions():
    answers = {qid: 4 for qid in IDS}
    answers.update(
        {"ressources.financements": 1, "gouvernance.regles": 2, "evaluation.odd": 1, "mobilisation.habitants": 3}
    )
    weakest = [q.question.id for q in compute_results(DATA, {"a": answers}).weakest]
    assert weakest[:2] == ["ressources.financements", "evaluation.odd"] or weakest[:2] == [
        "evaluation.odd",
        "ressources.financements",
    ]
    assert weakest[2] == "gouvernance.regles"


def test_group_agreement_and_divergent_questions():
    alice = {qid: 2 for qid in IDS}
    bob = dict(alice)
    for question in DATA.axis("gouvernance").questions:
        bob[question.id] = 4
    bob["connaissance.atouts"] = 3
    results = compute_results(DATA, {"alice": alice, "bob": bob})
    assert results.participants == 2
    assert results.axis("gouvernance").agreement == Agreement.DISAGREE
    assert len(results.axis("gouvernance").divergent_questions) == 4
    assert results.axis("connaissance").agreement == Agreement.AGREE
    assert results.axis("connaissance").divergent_questions == []
    # The group score is the mean of the members' scores.
    assert results.axis("gouvernance").score == pytest.approx((level_score(2) + level_score(4)) / 2)


def test_a_single_participant_has_no_agreement_measure():
    assert compute_results(DATA, {"a": {qid: 2 for qid in IDS}}).axis("connaissance").agreement is None


@given(st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=len(IDS), max_size=len(IDS)))
def test_scores_stay_between_0_and_100(levels):
    results = compute_results(DATA, {"a": dict(zip(IDS, levels, strict=True))})
    for axis in results.axes:
        assert axis.score is None or 0 <= axis.score <= 100
    assert results.overall_score is None or 0 <= results.overall_score <= 100
    assert len(results.weakest) == min(3, sum(1 for level in levels if level is not None))
