"""The official referential as loaded by `alliances load_territories`."""

import pytest
from django.core.management import call_command

from alliances.territories.models import PostalCode, Territory, TerritoryPopulation

pytestmark = pytest.mark.django_db


def test_counts_match_the_official_division():
    assert Territory.objects.current_communes().count() == 34969
    assert Territory.objects.epcis().count() == 1255
    assert Territory.objects.departements().count() == 109
    assert Territory.objects.regions().count() == 26
    assert Territory.objects.filter(commune_type="commune-deleguee").count() == 2105
    assert Territory.objects.filter(commune_type="arrondissement-municipal").count() == 45


def test_lyon_is_nested_in_its_epci_departement_and_region():
    lyon = Territory.objects.get(kind="commune", code="69123")
    assert lyon.population == 519127
    assert lyon.population_vintage == 2026
    assert lyon.epci.code == "200046977"
    assert lyon.departement.code == "69"
    assert lyon.region.code == "84"
    assert lyon.siren == "216901231"
    assert lyon.sub_communes.filter(commune_type="arrondissement-municipal").count() == 9


def test_every_population_keeps_its_vintage_and_source():
    mende = Territory.objects.get(kind="commune", code="48095")
    vintages = dict(mende.populations.values_list("vintage", "population"))
    assert vintages == {2026: 12464, 2021: 12318}
    assert all("INSEE" in source for source in mende.populations.values_list("source", flat=True))


def test_delegated_commune_sharing_its_code_does_not_replace_the_commune_nouvelle():
    commune = Territory.objects.get(kind="commune", code="48127", commune_type="commune-actuelle")
    assert commune.name == "Monts-de-Randon"
    assert commune.sub_communes.count() == 5


def test_a_second_load_is_a_no_op(capsys):
    before = (Territory.objects.count(), PostalCode.objects.count(), TerritoryPopulation.objects.count())
    call_command("load_territories")
    assert "déjà chargé" in capsys.readouterr().out
    call_command("load_territories", "--force", verbosity=0)
    after = (Territory.objects.count(), PostalCode.objects.count(), TerritoryPopulation.objects.count())
    assert before == after
