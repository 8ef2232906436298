import pytest

from alliances.actors.enums import OrganisationKind, OrganisationStatus
from alliances.actors.models import Theme
from alliances.actors.services import themes_ensure_builtin
from tests.actors.factories import OrganisationFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    themes_ensure_builtin()
    sante = Theme.objects.get(code="017000")
    a = OrganisationFactory(name="Association de santé de Mende", themes=[sante], siret="73282932000074")
    a.sdgs.set([3])
    OrganisationFactory(name="Ancienne association", status=OrganisationStatus.DISSOLVED)
    OrganisationFactory(name="Entreprise de Lyon", kind=OrganisationKind.ENTREPRISE, commune=commune("69123"))
    return a


def test_list_with_filters(client, orgs, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/acteurs", {"departement": "48", "actif": "true"}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item == {
        "id": orgs.pk,
        "nom": "Association de santé de Mende",
        "type": "association",
        "codeCommune": "48095",
        "rna": orgs.rna_id,
        "siret": "73282932000074",
        "themes": [{"code": "017000", "libelle": "Santé"}],
        "odd": [3],
        "actif": True,
        "raison": None,
    }
    assert client.get("/api/v1/acteurs", {"type": "entreprise"}).json()["count"] == 1
    assert client.get("/api/v1/acteurs", {"commune": "48095", "actif": "false"}).json()["count"] == 1
    assert client.get("/api/v1/acteurs", {"q": "sante", "epci": orgs.commune.epci.code}).json()["count"] == 1
    assert client.get("/api/v1/acteurs", {"theme": "017000", "odd": 3}).json()["count"] == 1
    assert client.get("/api/v1/acteurs", {"limit": 1, "offset": 1}).json()["count"] == 3
    assert len(client.get("/api/v1/acteurs", {"limit": 1, "offset": 1}).json()["items"]) == 1


def test_errors(client, orgs):
    assert client.get("/api/v1/acteurs", {"type": "club"}).status_code == 422
    bad = client.get("/api/v1/acteurs", {"commune": "4809"})
    assert bad.status_code == 422 and "invalide" in bad.json()["detail"]
    assert client.get("/api/v1/acteurs", {"departement": "99"}).status_code == 404
    assert client.get("/api/v1/acteurs", {"limit": 1000}).status_code == 422
    missing = client.get("/api/v1/acteurs/999999")
    assert missing.status_code == 404 and missing.json()["detail"] == "Acteur inconnu : 999999"


def test_detail(client, orgs):
    data = client.get(f"/api/v1/acteurs/{orgs.pk}").json()
    assert data["nom"] == "Association de santé de Mende" and data["situation"] == "active"
    assert data["odd"] == [3] and data["exempleFictif"] is False and data["etablissements"] == []


def test_count_is_a_minimum_beyond_the_search_limit(client, orgs, monkeypatch):
    monkeypatch.setattr("alliances.actors.selectors.SEARCH_LIMIT", 1)
    OrganisationFactory(name="Maison de santé")
    data = client.get("/api/v1/acteurs", {"q": "sante"}).json()
    assert data["count"] == 1 and data["countExact"] is False and len(data["items"]) == 1
    data = client.get("/api/v1/acteurs", {"q": "ancienne"}).json()
    assert data["count"] == 1 and data["countExact"] is True


def test_a_long_list_count_may_come_from_the_cache(client, orgs, monkeypatch):
    monkeypatch.setattr("alliances.actors.selectors.COUNTS_CACHE_ABOVE", 2)
    assert client.get("/api/v1/acteurs").json() | {"items": []} == {
        "count": 3,
        "countExact": True,
        "recherche": None,
        "items": [],
    }
    OrganisationFactory()
    assert client.get("/api/v1/acteurs").json() | {"items": []} == {
        "count": 3,
        "countExact": False,
        "recherche": None,
        "items": [],
    }


def test_q_with_a_territory_is_read_as_a_need(client, orgs):
    """Every word required found nothing for a need typed as people type it; with a territory, any word
    counts, words close in meaning too, and each item says why."""
    OrganisationFactory(name="Les Tilleuls", register_object="Rompre l'isolement des personnes âgées")
    OrganisationFactory(name="Club informatique", register_object="Initiation à la micro-informatique pour tous")
    OrganisationFactory(name="Amicale bouliste", register_object="Pratique de la pétanque")
    need = "aider les gens qui ne savent pas se servir d'un ordinateur"
    assert client.get("/api/v1/acteurs", {"q": need}).json()["count"] == 0  # no territory: every word

    data = client.get("/api/v1/acteurs", {"q": need, "departement": "48"}).json()
    assert data["recherche"] == "besoin" and data["countExact"] is True
    assert [item["nom"] for item in data["items"]] == ["Club informatique"]
    assert data["items"][0]["raison"] == "Proche par le sens : « informatique » pour « ordinateur » ; à Mende"

    # The directory's filters still apply; the RNA category that matches is named.
    data = client.get("/api/v1/acteurs", {"q": "la santé des habitants", "commune": "48095", "actif": "true"}).json()
    assert [item["nom"] for item in data["items"]] == ["Association de santé de Mende"]
    assert "catégorie du RNA : « Santé »" in data["items"][0]["raison"]
    assert client.get("/api/v1/acteurs", {"q": "la santé", "commune": "48095", "actif": "false"}).json()["count"] == 0

    # An exact name comes first, whatever its words.
    data = client.get("/api/v1/acteurs", {"q": "amicale bouliste", "departement": "48"}).json()
    assert data["items"][0]["nom"] == "Amicale bouliste" and data["items"][0]["raison"].startswith("Son nom")

    # Pages: limit and offset over the ranking.
    both = client.get("/api/v1/acteurs", {"q": "isolement informatique", "departement": "48"}).json()
    assert both["count"] == len(both["items"]) >= 2
    assert {"Les Tilleuls", "Club informatique"} <= {i["nom"] for i in both["items"]}
    query = {"q": "isolement informatique", "departement": "48", "offset": 1, "limit": 1}
    second = client.get("/api/v1/acteurs", query).json()
    assert second["count"] == both["count"] and [i["nom"] for i in second["items"]] == [both["items"][1]["nom"]]


def test_a_large_territory_is_narrowed_by_the_index_and_ranked_the_same(client, orgs, monkeypatch):
    OrganisationFactory(name="Les Tilleuls", register_object="Rompre l'isolement des personnes âgées")
    OrganisationFactory(name="Club informatique", register_object="Initiation à la micro-informatique pour tous")
    OrganisationFactory(name="Amicale bouliste", register_object="Pratique de la pétanque")
    queries = [
        {"q": "isolement informatique", "departement": "48"},
        {"q": "aider les gens qui ne savent pas se servir d'un ordinateur", "commune": "48095"},
        {"q": "la santé des habitants", "commune": "48095", "actif": "true"},
        {"q": "amicale bouliste", "departement": "48"},
        {"q": "isolement informatique", "epci": "244800405"},  # its département's own index (PostgreSQL)
    ]
    read_whole = [client.get("/api/v1/acteurs", query).json() for query in queries]
    # Every territory counts as large: the index chooses the candidates (need_index.py).
    monkeypatch.setattr("alliances.actors.need.IN_MEMORY_LIMIT", 0)
    for query, expected in zip(queries, read_whole, strict=True):
        data = client.get("/api/v1/acteurs", query).json()
        assert data["recherche"] == "besoin" and data["items"]
        assert [(i["nom"], i["raison"]) for i in data["items"]] == [(i["nom"], i["raison"]) for i in expected["items"]]
    data = client.get("/api/v1/acteurs", {"q": "amicale bouliste", "departement": "48"}).json()
    assert data["items"][0]["raison"].startswith("Son nom")
