"""GET /api/v1/alliances and /api/v1/alliances/{id}."""

import pytest

from alliances.partnerships.enums import Visibility
from tests.partnerships.factories import (
    AllianceFactory,
    CommitmentFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_list_public_alliances_with_filters(client, django_assert_max_num_queries):
    lyon = AllianceFactory.build().territory.__class__.objects.get(kind="commune", code="69123")
    a = AllianceFactory(title="Mende agit", step="agir")
    a.sdgs.set([8, 17])
    AllianceFactory(title="Lyon comprend", territory=lyon)
    AllianceFactory(title="Secrète", visibility=Visibility.MEMBERS)
    AllianceFactory(title="Pour inscrits", visibility=Visibility.SIGNED_IN)
    for i in range(5):
        AllianceFactory(title=f"Autre {i}").sdgs.set([3])
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/alliances?limit=50").json()
    titles = {item["titre"] for item in body["items"]}
    assert body["count"] == 7 and "Secrète" not in titles and "Pour inscrits" not in titles
    body = client.get("/api/v1/alliances?territoire=departement:48&odd=8&etape=agir").json()
    assert [i["titre"] for i in body["items"]] == ["Mende agit"]
    item = body["items"][0]
    assert item["territoire"] == {"type": "commune", "code": "48095", "nom": "Mende"}
    assert item["odd"] == [8, 17] and item["etape"] == "agir"
    assert [i["titre"] for i in client.get("/api/v1/alliances?territoire=69123").json()["items"]] == ["Lyon comprend"]


def test_a_session_also_sees_signed_in_and_own_alliances(client):
    mine = MembershipFactory(alliance__visibility=Visibility.MEMBERS, alliance__title="La mienne")
    AllianceFactory(title="Pour inscrits", visibility=Visibility.SIGNED_IN)
    AllianceFactory(title="Secrète", visibility=Visibility.MEMBERS)
    client.force_login(mine.user)
    titles = {i["titre"] for i in client.get("/api/v1/alliances").json()["items"]}
    assert titles == {"La mienne", "Pour inscrits"}


def test_bad_parameters_are_explained_in_french(client):
    response = client.get("/api/v1/alliances?territoire=commune:1")
    assert response.status_code == 422 and "invalide" in response.json()["detail"]
    response = client.get("/api/v1/alliances?etape=dormir")
    assert response.status_code == 422 and response.json()["erreurs"][0]["loc"] == ["query", "etape"]
    assert client.get("/api/v1/alliances?odd=18").status_code == 422
    assert client.get("/api/v1/alliances?territoire=commune:99999").status_code == 404


def test_detail_has_partners_and_commitments_but_no_email(client):
    membership = MembershipFactory(alliance__title="Mende agit")
    CommitmentFactory(alliance=membership.alliance, amount_eur=1200)
    body = client.get(f"/api/v1/alliances/{membership.alliance.pk}").json()
    assert body["partenaires"] == ["Association Lozère Solidaire"]
    assert body["engagements"][0]["montantEuros"] == 1200.0
    assert "@" not in str(body)


def test_private_alliance_is_404_in_the_api(client):
    secret = AllianceFactory(visibility=Visibility.MEMBERS)
    assert client.get(f"/api/v1/alliances/{secret.pk}").status_code == 404
    client.force_login(UserFactory())
    response = client.get(f"/api/v1/alliances/{secret.pk}")
    assert response.status_code == 404 and response.json()["detail"]
    assert client.get("/api/v1/alliances/999999").status_code == 404


def test_the_api_gives_the_directory_link_of_the_lead_organisation_and_the_fragilities(client):
    from tests.actors.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Mairie de Mende", kind="collectivite")
    linked = AllianceFactory(title="Reliée", lead_organisation=organisation, fragilities=["emploi"])
    AllianceFactory(title="Non reliée")
    items = {i["titre"]: i for i in client.get("/api/v1/alliances").json()["items"]}
    assert items["Reliée"]["organisationPorteuseAnnuaire"] == f"http://testserver/acteurs/{organisation.pk}/"
    assert items["Reliée"]["fragilites"] == ["emploi"]
    assert items["Non reliée"]["organisationPorteuseAnnuaire"] is None
    detail = client.get(f"/api/v1/alliances/{linked.pk}").json()
    assert detail["organisationPorteuseAnnuaire"].endswith(f"/acteurs/{organisation.pk}/")
