"""The départements a territory lies in (where the search index looks, alliances.core.search)."""

import pytest

from alliances.territories.models import Territory
from alliances.territories.selectors import departement_codes_of

pytestmark = pytest.mark.django_db


def _codes(kind: str, code: str) -> list[str]:
    return departement_codes_of(Territory.objects.get(kind=kind, code=code))


def test_a_territory_lies_in_its_departements():
    assert _codes("commune", "48095") == ["48"]  # Mende
    assert _codes("departement", "2A") == ["2A"]
    assert _codes("epci", "200054781")[:4] == ["75", "91", "92", "93"]  # Métropole du Grand Paris, six of them
    assert set(_codes("epci", "200054781")) == {"75", "91", "92", "93", "94", "95"}
    assert len(_codes("region", "76")) == 13  # Occitanie
