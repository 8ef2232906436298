"""GET /api/v1/appels: the list of /appels/ as JSON, documented in the OpenAPI schema."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.partnerships.calls_world import NEVER, calls_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return calls_world()


def _titles(body: dict) -> list[str]:
    return [item["alliance"] for item in body["items"]]


def test_lists_the_open_public_calls_with_their_deadline_and_answer_link(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/appels")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert _titles(body) == [
        "Logement à Rennes (dernier jour)",
        "Cantines de Lyon",
        "Emploi des jeunes à Mende",
        "Mobilité à Marvejols",
        "Aînés de Lozère",
    ]
    mende = body["items"][2]
    assert mende["id"] == world.mende.pk
    assert mende["dateLimite"] == (world.today + timedelta(days=10)).isoformat()
    assert mende["territoire"] == {"type": "commune", "code": "48095", "nom": "Mende"}
    assert mende["fragilites"] == ["emploi", "jeunesse"] and mende["odd"] == [8, 17]
    assert mende["texte"] == "Texte de l'appel « Emploi des jeunes à Mende »."
    assert mende["url"] == f"http://testserver/alliances/{world.mende.pk}/"
    assert mende["urlReponse"] == f"http://testserver/alliances/{world.mende.pk}/rejoindre/?appel=1"
    assert body["items"][4]["dateLimite"] is None
    assert not set(_titles(body)) & set(NEVER)


def test_a_signed_in_session_sees_the_same_public_calls(client, world):
    from tests.partnerships.factories import UserFactory

    client.force_login(UserFactory())
    body = client.get("/api/v1/appels?limit=100").json()
    assert body["count"] == 5 and not set(_titles(body)) & set(NEVER)


def test_filters_match_the_page(client, world):
    def titles(query: str) -> list[str]:
        return _titles(client.get(f"/api/v1/appels?{query}").json())

    assert titles("territoire=commune:48095") == ["Emploi des jeunes à Mende", "Aînés de Lozère"]
    assert titles("territoire=48095") == ["Emploi des jeunes à Mende", "Aînés de Lozère"]
    assert titles("territoire=departement:48") == [
        "Emploi des jeunes à Mende",
        "Mobilité à Marvejols",
        "Aînés de Lozère",
    ]
    assert titles("theme=emploi") == ["Emploi des jeunes à Mende", "Mobilité à Marvejols"]
    assert titles("odd=11") == ["Logement à Rennes (dernier jour)", "Mobilité à Marvejols"]
    assert titles(f"avant={(world.today + timedelta(days=5)).isoformat()}") == [
        "Logement à Rennes (dernier jour)",
        "Cantines de Lyon",
    ]
    body = client.get("/api/v1/appels?limit=2&offset=1").json()
    assert body["count"] == 5 and _titles(body) == ["Cantines de Lyon", "Emploi des jeunes à Mende"]


def test_bad_parameters_are_refused_in_french(client, world):
    for query in ("theme=inconnu", "odd=18", "avant=demain", "avant=0", "territoire=Mende", "limit=0", "offset=-1"):
        response = client.get(f"/api/v1/appels?{query}")
        assert response.status_code == 422, query
        assert response.json()["detail"] == "Paramètres invalides."
    response = client.get("/api/v1/appels?territoire=commune:99999")
    assert response.status_code == 404 and "Territoire inconnu" in response.json()["detail"]


def test_the_operation_is_documented(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/appels"]["get"]
    assert operation["tags"] == ["appels"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"territoire", "theme", "odd", "avant", "limit", "offset"}
    assert {"200", "404", "422", "429"} <= set(operation["responses"])
    item = schema["components"]["schemas"]["AppelOut"]
    assert {"id", "alliance", "texte", "dateLimite", "url", "urlReponse", "exempleFictif"} <= set(item["properties"])
