"""Finding a territory by name, postal code, INSEE code or SIREN."""

import pytest

from alliances.core.text import normalize
from alliances.territories.selectors import territories_search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["saint etienne", "St-Étienne", "SAINT-ETIENNE", "st etienne"])
def test_saint_etienne_spellings_find_the_commune_first(query):
    first = territories_search(query)[0]
    assert (first.kind, first.code) == ("commune", "42218")


def test_postal_code_gives_its_twelve_communes_mende_first():
    results = territories_search("48000", limit=50)
    assert len(results) == 12
    assert results[0].name == "Mende"


def test_insee_code_and_siren():
    assert territories_search("69123")[0].name == "Lyon"
    assert territories_search("200046977")[0].kind == "epci"
    assert territories_search("2A004")[0].name == "Ajaccio"


def test_exact_name_comes_before_more_populated_prefix_matches():
    results = territories_search("lyon")
    assert results[0].code == "69123"


def test_nothing_for_empty_or_punctuation_only_queries():
    assert territories_search("") == []
    assert territories_search("---") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("ST-ÉTIENNE", "saint etienne"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Ste-Marie", "sainte marie"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected
