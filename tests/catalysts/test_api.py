"""GET /api/v1/catalyseurs and /api/v1/catalyseurs/{id}: public fields, finder order, reasons."""

import re

import pytest

from tests.catalysts.factories import CatalystProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return [
        CatalystProfileFactory(name="Bruno Occitanie", territories=[("region", "76")], metiers=["dialogue"]),
        CatalystProfileFactory(name="Agnès Lozère", territories=[("departement", "48")]),
        CatalystProfileFactory(name="Corentin Breizh", territories=[("region", "53")]),
    ]


def test_list_with_territory_is_in_finder_order_with_reasons(client, network, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/catalyseurs", {"territoire": "commune:48095"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [i["nom"] for i in data["items"]] == ["Agnès Lozère", "Bruno Occitanie"]
    assert data["items"][0]["raison"] == "intervient sur le département de la Lozère · accompagnement · vieillissement"
    item = data["items"][0]
    assert item["territoires"] == [{"type": "departement", "code": "48", "nom": "Lozère"}]
    assert "email" not in response.content.decode().lower()
    assert "@" not in response.content.decode()


def test_list_filters_and_paginates(client, network):
    data = client.get("/api/v1/catalyseurs", {"metier": "dialogue"}).json()
    assert [i["nom"] for i in data["items"]] == ["Bruno Occitanie"]
    assert data["items"][0]["raison"] is None
    page = client.get("/api/v1/catalyseurs", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and len(page["items"]) == 1


def test_bad_parameters_are_french_422(client):
    response = client.get("/api/v1/catalyseurs", {"territoire": "departement:999"})
    assert response.status_code == 422
    assert "invalide" in response.json()["detail"]
    assert client.get("/api/v1/catalyseurs", {"metier": "plombier"}).status_code == 422
    assert client.get("/api/v1/catalyseurs", {"territoire": "commune:99999"}).status_code == 404


def test_detail_and_hidden_profiles(client, network):
    profile = network[1]
    data = client.get(f"/api/v1/catalyseurs/{profile.pk}").json()
    assert data["nom"] == "Agnès Lozère" and data["exempleFictif"] is False
    profile.is_public = False
    profile.save()
    response = client.get(f"/api/v1/catalyseurs/{profile.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == f"Catalyseur inconnu : {profile.pk}"


def test_q_keeps_the_catalysts_whose_profile_answers_the_need(client, network):
    """A need in everyday words: the catalysts whose themes or presentation answer it, nearest first."""
    CatalystProfileFactory(
        name="Dora Numérique",
        territories=[("departement", "48")],
        themes=["numerique"],
        bio="Anime des ateliers d'initiation à l'informatique dans les villages.",
    )
    data = client.get(
        "/api/v1/catalyseurs", {"q": "des gens ne savent pas se servir d'un ordinateur", "territoire": "commune:48095"}
    ).json()
    assert [i["nom"] for i in data["items"]] == ["Dora Numérique"] and data["count"] == 1
    assert data["items"][0]["raison"].startswith("intervient sur le département de la Lozère · proche par le sens")
    assert re.search(r"« (informatique|numérique) » pour « ordinateur »", data["items"][0]["raison"])
    # Without a territory: everywhere, the reason says what matches.
    data = client.get("/api/v1/catalyseurs", {"q": "le vieillissement de la population"}).json()
    reasons = {i["nom"]: i["raison"] for i in data["items"]}
    assert all(
        reasons[name] == "thème : « vieillissement »" for name in ("Bruno Occitanie", "Agnès Lozère", "Corentin Breizh")
    )
