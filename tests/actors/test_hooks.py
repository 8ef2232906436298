"""The directory's section on territory pages: big territories' counts are kept a few minutes."""

import pytest
from django.test import RequestFactory

from alliances.actors.hooks import territory_sections
from alliances.territories.models import Territory
from tests.actors.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _counts(territory):
    # The directory's section (the other one is the « Décrivez votre besoin » form).
    [section] = [s for s in territory_sections(RequestFactory().get("/"), territory) if "counts" in s.context]
    return section.context["counts"]


def test_big_territories_counts_are_not_recounted_on_every_view(django_assert_num_queries, monkeypatch):
    monkeypatch.setattr("alliances.actors.selectors.COUNTS_CACHE_ABOVE", 2)
    OrganisationFactory.create_batch(3)
    lozere = Territory.objects.get(kind="departement", code="48")
    assert _counts(lozere).total == 3
    with django_assert_num_queries(0):
        assert _counts(lozere).total == 3


def test_small_territories_counts_are_always_fresh():
    mende = Territory.objects.current_communes().get(code="48095")
    OrganisationFactory()
    assert _counts(mende).total == 1
    OrganisationFactory()
    assert _counts(mende).total == 2


def test_theme_counts_are_families_only_most_common_first():
    """Same counts on SQLite (ORM) and PostgreSQL (query shaped for its planner)."""
    from tests.actors.factories import ThemeFactory

    sport = ThemeFactory(code="011000", label="Sports, activités de plein air")
    sante = ThemeFactory(code="017000", label="Santé")
    detail = ThemeFactory(code="017015", label="Prévention", family=sante)
    OrganisationFactory.create_batch(2, themes=[sante, detail])
    OrganisationFactory(themes=[sport, sante])
    OrganisationFactory(themes=[sport], commune=Territory.objects.current_communes().get(code="48061"))
    mende = Territory.objects.current_communes().get(code="48095")
    counts = _counts(mende)
    assert counts.by_theme == [("017000", "Santé", 3), ("011000", "Sports, activités de plein air", 1)]
    lozere = Territory.objects.get(kind="departement", code="48")
    assert _counts(lozere).by_theme == [("017000", "Santé", 3), ("011000", "Sports, activités de plein air", 2)]
