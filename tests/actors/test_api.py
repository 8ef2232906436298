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
    assert client.get("/api/v1/acteurs").json() | {"items": []} == {"count": 3, "countExact": True, "items": []}
    OrganisationFactory()
    assert client.get("/api/v1/acteurs").json() | {"items": []} == {"count": 3, "countExact": False, "items": []}
