"""The SDG referential and its badges."""

import pytest
from django.template import Context, Template

from alliances.sdg.goals import GOALS, contrast_ratio
from alliances.sdg.models import Sdg


@pytest.mark.django_db
def test_seventeen_goals_seeded_with_official_colours():
    assert Sdg.objects.count() == 17
    assert Sdg.objects.get(number=17).color == "#19486A"


@pytest.mark.parametrize("goal", GOALS, ids=lambda g: f"odd{g.number}")
def test_badge_text_is_readable_on_official_colour(goal):
    assert contrast_ratio(goal.color, goal.text_color) >= 4.5 or goal.text_color == "#000000"


def test_badge_tag_renders_number_and_title():
    html = Template("{% load sdg %}{% sdg_badge 8 %}|{% sdg_badge 3 short=True %}").render(Context())
    assert "ODD 8" in html and "Travail décent" in html
    assert 'class="visually-hidden"> — Bonne santé' in html
