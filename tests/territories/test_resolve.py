"""Territories as people write them: one resolver, one field, suggestions while typing, everywhere."""

import pytest
from django.urls import reverse

from alliances.territories.selectors import territories_autocomplete, territory_resolve
from tests.actors.factories import OrganisationFactory, UserFactory, commune

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Mende", "48095"),
        ("mende", "48095"),
        ("Mende (48095)", "48095"),
        ("commune:48095", "48095"),
        ("48095", "48095"),
        ("Lozère", "48"),
        ("communauté de communes Cœur de Lozère", "244800405"),
        ("communauté de communes Coeur de Lozère", "244800405"),
        ("CC Coeur de Lozère", "244800405"),
        ("Florac", "48061"),  # a delegated commune stands for its commune nouvelle
    ],
)
def test_what_people_type_resolves_to_one_territory(typed, expected):
    resolution = territory_resolve(typed)
    assert resolution.territory is not None, resolution.message
    assert resolution.territory.code == expected


def test_an_ambiguous_postal_code_asks_which_commune():
    resolution = territory_resolve("48000")
    assert resolution.territory is None
    assert resolution.message.startswith("Vouliez-vous dire : Mende (48095)")
    codes = {t.code for t in resolution.candidates}
    assert {"48095", "48013"} <= codes  # Mende, Badaroux


def test_unknown_text_says_what_to_type():
    resolution = territory_resolve("Zzyzx")
    assert resolution.territory is None and not resolution.candidates
    assert "code postal" in resolution.message


def test_suggestions_rank_the_exact_name_first_and_fold_ligatures(client):
    assert [t.code for t in territories_autocomplete("Mende")][:2] == ["48095", "64018"]
    data = client.get(reverse("territories:autocomplete"), {"q": "communauté de communes Coeur de Lozère"}).json()
    assert data["items"][0]["label"] == "CC Coeur de Lozère (EPCI 244800405)"
    assert data["items"][0]["ref"] == "epci:244800405"
    mende = client.get(reverse("territories:autocomplete"), {"q": "Mende"}).json()["items"][0]
    assert mende == {"label": "Mende (48095)", "ref": "commune:48095", "detail": "Commune, Lozère"}
    assert client.get(reverse("territories:autocomplete"), {"q": "M"}).json() == {"items": []}


def test_directory_filter_by_a_typed_name_lists_only_that_commune(client):
    OrganisationFactory(name="Club de randonnée de Mende")
    OrganisationFactory(name="Cercle rennais", commune=commune("35238"))
    html = client.get(reverse("actors:list"), {"territoire": "Mende"}).content.decode()
    assert "Club de randonnée de Mende" in html
    assert "Cercle rennais" not in html
    assert 'value="Mende (48095)"' in html or 'value="Mende"' in html
    assert "data-territory-autocomplete" in html


def test_directory_filter_never_silently_ignores_a_territory(client):
    OrganisationFactory(name="Cercle rennais", commune=commune("35238"))
    html = client.get(reverse("actors:list"), {"territoire": "48000"}).content.decode()
    assert "Vouliez-vous dire" in html
    assert "territoire=Mende+%2848095%29" in html  # a link per candidate
    assert "Cercle rennais" not in html
    html = client.get(reverse("actors:list"), {"territoire": "Zzyzx"}).content.decode()
    assert "Aucun territoire ne correspond" in html and "Cercle rennais" not in html


def test_links_from_a_portrait_prefill_the_territory_in_words(client):
    client.force_login(UserFactory())
    html = client.get(reverse("partnerships:create"), {"territoire": "commune:48095"}).content.decode()
    assert 'value="Mende (48095)"' in html
    assert "data-territory-autocomplete" in html
    finder = client.get(reverse("catalysts:list"), {"territoire": "commune:48095"}).content.decode()
    assert 'value="Mende (48095)"' in finder
    page = client.get("/territoires/commune/48095/").content.decode()
    assert f"{reverse('partnerships:create')}?territoire=commune%3A48095" in page
