"""Demo self-assessments: labelled, idempotent, removable, and enough to see the peer benchmark."""

import pytest
from django.contrib.auth import get_user_model

from alliances.assessment.demo import DEMO_EMAIL_DOMAIN, TARGET, load_demo, remove_demo
from alliances.assessment.models import Assessment
from alliances.assessment.selectors import peer_benchmark, previous_assessments
from tests.assessment.factories import UserFactory, commune, completed_assessment

pytestmark = pytest.mark.django_db


def test_demo_loads_once_shows_benchmark_comparison_and_agreement_then_goes_away(client):
    real = completed_assessment(commune("48095"))
    created = load_demo()
    assert created == 8
    assert load_demo() == 0
    demo = Assessment.objects.filter(is_demo=True)
    assert demo.count() == 8 and all(a.is_completed for a in demo)
    latest = demo.filter(territory__code=TARGET).order_by("-created_at").first()
    assert latest.participants.count() == 3
    benchmark = peer_benchmark(latest)
    assert benchmark is not None and benchmark.territories == 6
    assert len(previous_assessments(latest, UserFactory())) == 1

    html = client.get(latest.get_results_url()).content.decode()
    assert "Exemple fictif — démonstration" in html
    assert "Ce qui a progressé depuis le" in html and "Accords et désaccords" in html
    assert "Médiane des territoires comparables" in html
    people = get_user_model().objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    assert people.count() == 9 and all(p.is_demo and not p.has_usable_password() for p in people)

    assert remove_demo() == 8
    assert not Assessment.objects.filter(is_demo=True).exists()
    assert not get_user_model().objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").exists()
    assert Assessment.objects.filter(pk=real.pk).exists()
