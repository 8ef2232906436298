"""The territory API, in the style of geo.api.gouv.fr."""

import pytest

pytestmark = pytest.mark.django_db


def test_commune_lyon(client):
    data = client.get("/api/v1/communes/69123").json()
    assert data["nom"] == "Lyon"
    assert data["population"] == 519127
    assert data["populationMillesime"] == 2026
    assert data["populationPrecedente"] == 522969
    assert data["codeEpci"] == "200046977"
    assert data["codeDepartement"] == "69"
    assert data["codeRegion"] == "84"
    assert data["siren"] == "216901231"
    assert "69001" in data["codesPostaux"]


def test_search_saint_etienne_first(client):
    items = client.get("/api/v1/territoires", {"q": "saint etienne"}).json()
    assert items[0] == {"type": "commune", "code": "42218", "nom": "Saint-Étienne", "population": 173136}


def test_communes_by_postal_code_paginated(client):
    data = client.get("/api/v1/communes", {"codePostal": "48000"}).json()
    assert data["count"] == 12
    assert data["items"][0]["nom"] == "Mende"
    page = client.get("/api/v1/communes", {"codePostal": "48000", "limit": 5, "offset": 10}).json()
    assert page["count"] == 12 and len(page["items"]) == 2


def test_departements_and_regions(client):
    departements = client.get("/api/v1/departements", {"limit": 200}).json()
    assert departements["count"] == 109
    assert client.get("/api/v1/departements/48").json()["nom"] == "Lozère"
    assert client.get("/api/v1/regions").json()["count"] == 26
    assert client.get("/api/v1/regions/76").json()["nom"] == "Occitanie"
    epci = client.get("/api/v1/epcis/200046977").json()
    assert "69123" in epci["membres"]


def test_unknown_code_is_404_json(client):
    response = client.get("/api/v1/communes/99999")
    assert response.status_code == 404
    assert "99999" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/api/v1/communes/abc", "/api/v1/epcis/12", "/api/v1/departements/9999"])
def test_malformed_code_is_422_in_french(client, url):
    response = client.get(url)
    assert response.status_code == 422
    assert "invalide" in response.json()["detail"]


def test_postal_code_required(client):
    response = client.get("/api/v1/communes")
    assert response.status_code == 422
    assert response.json()["erreurs"][0]["loc"] == ["query", "codePostal"]


def test_openapi_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/communes/{code}" in schema["paths"]


def test_odd(client):
    goals = client.get("/api/v1/odd").json()
    assert len(goals) == 17
    assert goals[16] == {"numero": 17, "titre": "Partenariats pour la réalisation des objectifs", "couleur": "#19486A"}
