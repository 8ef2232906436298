"""Peer medians do not let an account (or a few throw-away ones) pin a territory's private scores
(issue 24, finding 3): accounts younger than 30 days do not count, an account brings one territory,
only a territory's own people replace its assessment, and medians are shown rounded to 5 points."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alliances.assessment.selectors import peer_benchmark, referential_current
from alliances.territories.models import Territory
from tests.assessment.factories import UserFactory, commune, completed_assessment

pytestmark = pytest.mark.django_db


def old_account():
    user = UserFactory()
    user.date_joined = timezone.now() - timedelta(days=31)  # the threshold is 30 days
    user.save(update_fields=["date_joined"])
    return user


@pytest.fixture
def small_communes():
    """Communes comparable with 48081 (same région, under 500 inhabitants), 48081 first."""
    target = commune("48081")
    others = (
        Territory.objects.current_communes()
        .filter(region_id=target.region_id, population__lt=500)
        .exclude(pk=target.pk)
        .order_by("code")[:12]
    )
    return [target, *others]


def axes() -> list[str]:
    return [axis.slug for axis in referential_current().parsed.axes]


def test_six_throw_away_assessments_no_longer_pin_a_private_score(client, small_communes):
    attacker_place, victim_place, *free = small_communes
    victim = completed_assessment(victim_place, level=2, by=old_account())  # private, 33.3 on every axis
    assert not victim.is_public
    attacker = UserFactory()
    own = completed_assessment(attacker_place, level=3, by=attacker)
    # Three below and three above the victim: the median of the seven is the victim's score.
    for place, level in zip(free[:6], [1, 1, 1, 4, 4, 4], strict=True):
        completed_assessment(place, level=level)
    assert peer_benchmark(own) is None
    client.force_login(attacker)
    html = client.get(own.get_results_url()).content.decode()
    assert "Médiane des territoires comparables" not in html and "33,3" not in html


def test_one_old_account_brings_one_territory_only(small_communes):
    target_place, victim_place, *free = small_communes
    completed_assessment(victim_place, level=2, by=old_account())
    patient = old_account()
    for place, level in zip(free[:6], [1, 1, 1, 4, 4, 4], strict=True):
        completed_assessment(place, level=level, by=patient)
    own = completed_assessment(target_place, level=3, by=old_account())
    assert peer_benchmark(own) is None  # two accounts, two territories: under the k = 5 rule


def test_an_outsider_does_not_replace_a_territorys_assessment(small_communes):
    target_place, *peers = small_communes
    for place in peers[:5]:
        completed_assessment(place, level=2, by=old_account())
    own = completed_assessment(target_place, level=3, by=old_account())
    before = peer_benchmark(own)
    assert before is not None and before.territories == 5
    # Outsiders (old accounts) assess three of those territories at the top level: nothing moves.
    for place in peers[:3]:
        completed_assessment(place, level=4, by=old_account())
    assert peer_benchmark(own).medians == before.medians
    # The territory's own people (a participant of its counted assessment) do replace it.
    for place in peers[:3]:
        member = place.assessments.order_by("completed_at").first().created_by
        completed_assessment(place, level=4, by=member)
    after = peer_benchmark(own)
    assert after.medians != before.medians and after.territories == 5


def test_medians_are_rounded_to_five_points(small_communes):
    target_place, *peers = small_communes
    for place, level in zip(peers[:5], [2, 2, 2, 3, 3], strict=True):
        completed_assessment(place, level=level, by=old_account())
    own = completed_assessment(target_place, level=3, by=old_account())
    medians = peer_benchmark(own).medians
    assert set(medians) == set(axes())
    assert all(value == 35.0 for value in medians.values())  # 33.3 shown as 35
