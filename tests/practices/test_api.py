"""API of practices: published only, facets with counts, validation."""

import pytest

from tests.practices.factories import PracticeFactory, published_practice

pytestmark = pytest.mark.django_db


def test_list_with_query_and_facets(client):
    practice = published_practice(title="Jeunesse et emploi", sdgs=[8], partnership_types=["mecenat"])
    published_practice(title="Jeunesse sans ODD 8", sdgs=[4])
    draft = PracticeFactory(title="Jeunesse emploi brouillon")
    data = client.get("/api/v1/pratiques", {"q": "jeunesse emploi", "odd": 8}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["id"] == practice.pk and item["odd"] == [8] and item["typesPartenariat"] == ["mecenat"]
    assert item["territoires"] == [{"type": "commune", "code": "48095", "nom": "Mende"}]
    assert {"valeur": "8", "libelle": "ODD 8 — Travail décent et croissance économique", "nombre": 1} in data[
        "facettes"
    ]["odd"]
    assert client.get(f"/api/v1/pratiques/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/pratiques/{practice.pk}").json()["licence"].startswith("Licence Ouverte")
    assert draft.pk not in [i["id"] for i in client.get("/api/v1/pratiques", {"limit": 100}).json()["items"]]


def test_pagination_and_errors(client):
    for n in range(3):
        published_practice(title=f"Pratique {n}")
    data = client.get("/api/v1/pratiques", {"limit": 2, "offset": 2}).json()
    assert data["count"] == 3 and len(data["items"]) == 1
    response = client.get("/api/v1/pratiques", {"forme": "inconnue"})
    assert response.status_code == 422 and response.json()["erreurs"][0]["loc"][-2:] == ["forme", 0]
    assert client.get("/api/v1/pratiques", {"limit": 1000}).status_code == 422
