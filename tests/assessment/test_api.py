"""The self-assessment API."""

import pytest

from tests.assessment.factories import UserFactory, commune, completed_assessment

pytestmark = pytest.mark.django_db


def test_referentiel_lists_six_axes_each_with_four_questions_and_four_levels(client):
    response = client.get("/api/v1/autodiagnostic/referentiel")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert [axe["slug"] for axe in body["axes"]] == [
        "connaissance",
        "mobilisation",
        "gouvernance",
        "experimentation",
        "ressources",
        "evaluation",
    ]
    assert [n["libelle"] for n in body["niveaux"]] == ["Découverte", "Premiers pas", "Structuration", "Maturité"]
    for axe in body["axes"]:
        assert len(axe["questions"]) >= 4
        for question in axe["questions"]:
            assert [n["valeur"] for n in question["niveaux"]] == [1, 2, 3, 4]
            assert all(n["description"] for n in question["niveaux"])
    assert body["jeNeSaisPas"] == "nsp"


def test_my_assessments_require_sign_in(client):
    response = client.get("/api/v1/autodiagnostic/mes-autodiagnostics")
    assert response.status_code == 401


def test_my_assessments_list_only_mine(client):
    me, someone = UserFactory(), UserFactory()
    mine = completed_assessment(commune("48095"), level=3, by=me)
    completed_assessment(commune("48081"), by=someone)
    client.force_login(me)
    body = client.get("/api/v1/autodiagnostic/mes-autodiagnostics").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == mine.pk
    assert item["territoire"] == {"type": "commune", "code": "48095", "nom": "Mende"}
    assert item["scores"]["gouvernance"] == pytest.approx(66.7)
    assert item["niveauGlobal"] == "Structuration"
    assert item["versionReferentiel"] == 1
    detail = client.get(f"/api/v1/autodiagnostic/mes-autodiagnostics/{mine.pk}")
    assert detail.status_code == 200
    other = client.get(f"/api/v1/autodiagnostic/mes-autodiagnostics/{mine.pk + 1}")
    assert other.status_code == 404 and "introuvable" in other.json()["detail"]
