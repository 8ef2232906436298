"""API of practices: published only, facets with counts, validation."""

import re

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


def test_q_is_read_as_a_need_with_a_reason(client):
    """A need typed as people type it: any word counts, words close in meaning too (every word required
    found nothing), best first, each practice with why."""
    seniors = published_practice(
        title="Une navette solidaire",
        summary="Des bénévoles conduisent les personnes âgées isolées au marché.",
        fragilities=["isolement", "mobilite"],
    )
    computers = published_practice(
        title="Un café numérique",
        summary="Initiation à l'informatique à la médiathèque.",
        fragilities=["inclusion-numerique"],
    )
    published_practice(title="Une épicerie", summary="Reprise du dernier commerce.", fragilities=["centre-bourg"])
    data = client.get("/api/v1/pratiques", {"q": "rompre l'isolement de nos aînés qui vivent seuls"}).json()
    assert data["items"][0]["id"] == seniors.pk and data["count"] == len(data["items"])
    assert "ragilité : « Isolement »" in data["items"][0]["raison"]
    data = client.get("/api/v1/pratiques", {"q": "ils ne savent pas se servir d'un ordinateur"}).json()
    assert data["items"][0]["id"] == computers.pk
    assert re.search(r"« (informatique|numérique) » pour « ordinateur »", data["items"][0]["raison"])
    # Facets count the practices found; without `q` there is no reason.
    found = {item["id"] for item in data["items"]}
    digital = {"valeur": "inclusion-numerique", "libelle": "Inclusion numérique", "nombre": 1}
    assert digital in data["facettes"]["fragilite"] and (seniors.pk in found) == (
        {"valeur": "isolement", "libelle": "Isolement", "nombre": 1} in data["facettes"]["fragilite"]
    )
    assert client.get("/api/v1/pratiques").json()["items"][0]["raison"] is None
    # Sorted by date, the same practices with the same reasons.
    by_relevance = client.get("/api/v1/pratiques", {"q": "isolement informatique"}).json()
    by_date = client.get("/api/v1/pratiques", {"q": "isolement informatique", "tri": "date"}).json()
    relevance_ids = [item["id"] for item in by_relevance["items"]]
    assert {seniors.pk, computers.pk} <= set(relevance_ids)
    assert [item["id"] for item in by_date["items"]] == sorted(relevance_ids, reverse=True)  # published in pk order
    reasons = {item["id"]: item["raison"] for item in by_relevance["items"]}
    assert {item["id"]: item["raison"] for item in by_date["items"]} == reasons


def test_q_beyond_the_candidates_bound_is_a_need_through_the_index(client, monkeypatch):
    # Beyond the bound (20,000 practices nationally), the index chooses the practices to rank: still
    # any word of the need, each with its reason.
    monkeypatch.setattr("alliances.practices.need.MAX_NEED_CANDIDATES", 1)
    both = published_practice(title="Jeunesse et emploi")
    one = published_practice(title="Jeunesse", fragilities=["culture"])
    published_practice(title="Fête du village", fragilities=["culture"])
    data = client.get("/api/v1/pratiques", {"q": "jeunesse emploi"}).json()
    assert data["count"] == 2
    assert [item["id"] for item in data["items"]] == [both.pk, one.pk]
    assert data["items"][0]["raison"].startswith("Mots de son texte : « jeunesse », « emploi »")
