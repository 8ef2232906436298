"""A coherent autodiagnostic: one scale from score to level, recommendations once each, with their reason."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from alliances.assessment.scoring import level_score, question_level, score_level, shown_score
from alliances.resources.demo import load_demo as load_resources_demo
from tests.assessment.factories import UserFactory, commune, completed_assessment


@pytest.mark.parametrize(
    ("score", "shown", "level"),
    [
        (0, 0, 1),
        (24.4, 24, 1),
        (24.5, 25, 2),
        (33.3, 33, 2),
        (49.7, 50, 3),
        (50.0, 50, 3),
        (74.6, 75, 4),
        (100, 100, 4),
    ],
)
def test_one_scale_read_on_the_score_as_shown(score, shown, level):
    """A page that prints "50/100" never calls it « premiers pas » (49.7 used to be level 2)."""
    assert shown_score(score) == shown
    assert score_level(score) == level


@pytest.mark.parametrize(("average", "level"), [(1, 1), (2, 2), (2.5, 3), (3, 3), (3.2, 3), (3.25, 4), (4, 4)])
def test_a_question_level_uses_the_same_scale(average, level):
    """The weak points (a mean level per question) and the axes (a score) share the scale."""
    assert question_level(average) == level == score_level(level_score(average))


@pytest.mark.django_db
def test_results_page_levels_match_the_printed_scores(client):
    user = UserFactory()
    client.force_login(user)
    # Three answers at 2 and one at 3 on an axis: 44.4/100; mixed levels elsewhere.
    assessment = completed_assessment(commune("48095"), level=2, by=user, answers={"connaissance.donnees": 3})
    html = client.get(assessment.get_results_url()).content.decode()
    labels = {1: "Découverte", 2: "Premiers pas", 3: "Structuration", 4: "Maturité"}
    rows = re.findall(r'<td class="number">(\d+)</td>\s*<td>([^<]+)</td>', html)
    assert rows
    for score, label in rows:
        assert label.strip() == labels[score_level(int(score))], (score, label)


@pytest.mark.django_db
def test_recommendations_are_unique_and_say_why_with_the_answer(client):
    load_resources_demo()  # kits classed under several axes
    user = UserFactory()
    client.force_login(user)
    answers = {"ressources.financements": 1, "ressources.catalyse": 1, "evaluation.odd": 1}
    assessment = completed_assessment(commune("48095"), level=1, by=user, answers=answers)
    html = client.get(assessment.get_results_url()).content.decode()
    reco = html.split('data-testid="recommendations"')[1].split("</ul>")[0]
    links = re.findall(r'<a href="([^"]+)"', reco)
    assert len(links) >= 5
    duplicates = [link for link, count in Counter(links).items() if count > 1]
    assert not duplicates
    assert "que un " not in reco and "de un " not in reco
    assert "Catalyseurs territoriaux près de Mende" in reco
    # The reason quotes the answer that calls for the kit, not only the axis.
    kit_reasons = re.findall(r"Ce kit porte sur l&#x27;axe[^<]+", reco)
    assert kit_reasons and all("vos réponses vous situent au niveau" in r for r in kit_reasons)
    assert ".." not in reco
