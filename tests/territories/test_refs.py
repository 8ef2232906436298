"""Territory references as written in API parameters."""

import pytest

from alliances.territories.refs import InvalidTerritoryRef, TerritoryRef, parse_territory_ref


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("commune:48095", TerritoryRef("commune", "48095")),
        ("48095", TerritoryRef("commune", "48095")),
        ("2a004", TerritoryRef("commune", "2A004")),
        ("epci:244800405", TerritoryRef("epci", "244800405")),
        ("departement:48", TerritoryRef("departement", "48")),
        ("departement:974", TerritoryRef("departement", "974")),
        ("region:76", TerritoryRef("region", "76")),
    ],
)
def test_valid_refs(raw, expected):
    assert parse_territory_ref(raw) == expected


@pytest.mark.parametrize("raw", ["", "canton:12", "commune:123", "epci:12", "4809", "region:7"])
def test_invalid_refs_explain_in_french(raw):
    with pytest.raises(InvalidTerritoryRef) as error:
        parse_territory_ref(raw)
    assert "attendu" in str(error.value) or "écrire" in str(error.value)
