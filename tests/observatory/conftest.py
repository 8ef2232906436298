"""Fixtures of the observatory tests: a confidential counter over a table that is always there."""

from __future__ import annotations

import pytest

from alliances.observatory.counters import Counter, Dimension

# The observatory aggregates other apps' tables; these tests must not depend on them being
# there, so a counter over the legal populations (one row per commune and vintage) stands in
# for a confidential source: its rows play the part of non-public alliances.
POPULATIONS = Counter(
    metric="alliances",
    label="Alliances",
    model="territories.TerritoryPopulation",
    territory_path="territory",
    source="Données de test",
    confidential=True,
    dimensions=(Dimension("etape", "Millésime", "vintage"),),
)


def populations_counter(**filters) -> Counter:
    return Counter(**{**POPULATIONS.__dict__, "filters": filters})


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered maps are cached per refresh run: start every test without them."""
    from django.core.cache import cache

    cache.clear()
