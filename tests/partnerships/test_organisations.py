"""Members and lead organisations represent organisations of the directory (picked or created)."""

import importlib
import io
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse

from alliances.actors.models import Organisation
from alliances.partnerships import convention, services
from alliances.partnerships.models import Alliance, Invitation, JoinRequest, Membership
from alliances.practices.models import Practice
from tests.actors.factories import OrganisationFactory
from tests.partnerships.factories import UserFactory, mende

pytestmark = pytest.mark.django_db

CREATE = {
    "title": "Bien vieillir à Mende",
    "problem": "Isolement des aînés.",
    "territory_ref": "commune:48095",
    "form": "partenariat",
    "step": "comprendre",
    "visibility": "membres",
}


def test_an_exact_name_of_the_directory_is_linked_without_asking(client, user):
    mairie = OrganisationFactory(name="Mairie de Mende", kind="collectivite", rna_id="")
    client.force_login(user)
    response = client.post(reverse("partnerships:create"), {**CREATE, "lead_organisation_name": "mairie de MENDE"})
    alliance = Alliance.objects.get()
    assert response.status_code == 302
    assert (alliance.lead_organisation, alliance.lead_organisation_name) == (mairie, "Mairie de Mende")
    assert Membership.objects.get(alliance=alliance).organisation == mairie
    assert Organisation.objects.count() == 1  # nothing created


def test_similar_names_are_offered_then_the_chosen_one_is_linked(client, user):
    first = OrganisationFactory(name="Tremplin Causses Emploi")
    OrganisationFactory(name="Tremplin Causses Jeunesse")
    client.force_login(user)
    response = client.post(reverse("partnerships:create"), {**CREATE, "lead_organisation_name": "Tremplin Causses"})
    html = response.content.decode()
    assert response.status_code == 200 and not Alliance.objects.exists()
    assert "choisissez la vôtre dans la liste" in html
    assert f'value="{first.pk}"' in html and "Tremplin Causses Jeunesse" in html
    assert "créer « Tremplin Causses » dans l&#x27;annuaire" in html
    response = client.post(
        reverse("partnerships:create"),
        {**CREATE, "lead_organisation_name": "Tremplin Causses", "lead_organisation_name_choix": str(first.pk)},
    )
    assert response.status_code == 302
    assert Alliance.objects.get().lead_organisation == first


def test_an_organisation_missing_from_the_directory_is_created_with_its_type(client, user):
    OrganisationFactory(name="Tremplin Causses Emploi")
    client.force_login(user)
    data = {**CREATE, "lead_organisation_name": "Tremplin Causses", "lead_organisation_name_choix": "nouvelle"}
    response = client.post(reverse("partnerships:create"), data)
    assert "indiquez son type pour l&#x27;y créer" in response.content.decode()
    assert not Alliance.objects.exists()
    response = client.post(reverse("partnerships:create"), {**data, "lead_organisation_name_type": "association"})
    assert response.status_code == 302
    created = Organisation.objects.get(name="Tremplin Causses")
    assert (created.kind, created.commune, created.source, created.created_by) == (
        "association",
        mende(),
        "platform",
        user,
    )
    assert Alliance.objects.get().lead_organisation == created
    # Typed in a form: its page exists (the alliance links to it), but it waits for a moderator
    # before the directory lists it.
    assert created.listing == "pending"
    assert "un modérateur l'aura vérifiée" in client.get(created.get_absolute_url()).content.decode()
    assert "Tremplin Causses</a>" not in client.get(reverse("actors:list"), {"q": "Tremplin"}).content.decode()


def test_the_creator_may_represent_another_organisation(client, user):
    mairie = OrganisationFactory(name="Mairie de Mende", kind="collectivite")
    asso = OrganisationFactory(name="Club des aînés de Mende")
    client.force_login(user)
    client.post(
        reverse("partnerships:create"),
        {**CREATE, "lead_organisation_name": "Mairie de Mende", "my_organisation": "Club des aînés de Mende"},
    )
    alliance = Alliance.objects.get()
    assert alliance.lead_organisation == mairie
    assert Membership.objects.get(alliance=alliance).organisation == asso


def test_picker_fragment_lists_matches_and_the_create_option(client, user):
    OrganisationFactory(name="Épicerie solidaire du Gévaudan")
    url = reverse("partnerships:organisation_picker")
    assert client.get(url, {"champ": "organisation_name", "organisation_name": "epicerie"}).status_code == 302
    client.force_login(user)
    html = client.get(
        url, {"champ": "organisation_name", "organisation_name": "epicerie", "territoire": "commune:48095"}
    ).content.decode()
    assert 'name="organisation_name_choix"' in html and "Épicerie solidaire du Gévaudan" in html
    assert "créer « epicerie » dans l'annuaire" in html
    assert client.get(url, {"champ": "<script>", "x": "y"}).status_code == 404


def test_invitation_and_join_request_carry_the_organisation_to_the_membership(
    client, alliance, pilot, django_capture_on_commit_callbacks
):
    asso = OrganisationFactory(name="Association Lozère Solidaire")
    client.force_login(pilot)
    client.post(
        reverse("partnerships:members", args=[alliance.pk]),
        {"email": "asso@exemple.fr", "organisation_name": "Association Lozère Solidaire", "role": "partenaire"},
    )
    invitation = Invitation.objects.get()
    assert invitation.organisation == asso
    member = UserFactory()
    membership = services.invitation_accept(invitation=invitation, user=member)
    assert membership.organisation == asso
    # A join request names a new organisation: it is created, then linked when accepted.
    alliance.visibility = "inscrits"
    alliance.save()
    asker = UserFactory()
    client.force_login(asker)
    client.post(
        reverse("partnerships:join", args=[alliance.pk]),
        {"organisation_name": "Scierie du Valdonnez", "organisation_name_type": "entreprise"},
    )
    join_request = JoinRequest.objects.get()
    assert join_request.organisation.name == "Scierie du Valdonnez"
    services.join_request_decide(join_request=join_request, by=pilot, accept=True)
    assert Membership.objects.get(user=asker).organisation == join_request.organisation
    members_page = client.get(reverse("partnerships:members", args=[alliance.pk])).content.decode()
    assert join_request.organisation.get_absolute_url() in members_page


def test_convention_and_practice_draft_use_the_linked_organisations(client, alliance, pilot):
    asso = OrganisationFactory(
        name="Association Lozère Solidaire", rna_id="W481000123", address="2 rue du Pont", postal_code="48000"
    )
    Membership.objects.create(
        alliance=alliance, user=UserFactory(), role="partenaire", organisation=asso, organisation_name=asso.name
    )
    data = convention.convention_data(alliance, by=pilot)
    assert (
        "Association Lozère Solidaire (association, RNA W481000123, dont le siège est 2 rue du Pont 48000 à Mende)"
        in data.parties
    )
    odt = zipfile.ZipFile(io.BytesIO(convention.render_odt(data))).read("content.xml").decode()
    assert "RNA W481000123" in odt
    alliance.fragilities = ["emploi", "jeunesse"]
    alliance.save()
    client.force_login(pilot)
    client.post(reverse("partnerships:publish_practice", args=[alliance.pk]))
    practice = Practice.objects.get()
    partners = {p.name: p for p in practice.partners.all()}
    assert partners["Association Lozère Solidaire"].organisation == asso
    assert partners["Mairie de Mende"].role == "porteur"
    assert practice.fragilities == ["emploi", "jeunesse"] and practice.form == "partenariat"


def test_migration_links_names_found_once_in_the_departement():
    migration = importlib.import_module("alliances.partnerships.migrations.0003_link_organisations")
    pilot = UserFactory()
    alliance = services.alliance_create(
        by=pilot,
        organisation_name="Association Lozère Solidaire",
        data={
            "title": "A",
            "problem": "p",
            "territory": mende(),
            "lead_organisation_name": "Mairie de Mende",
            "themes": "emploi des jeunes, isolement des aînés",
        },
    )
    Alliance.objects.filter(pk=alliance.pk).update(fragilities=[])
    mairie = OrganisationFactory(name="MAIRIE DE MENDE", kind="collectivite", indexed=False)
    # Two homonyms in the département: too ambiguous to link.
    OrganisationFactory(name="Association Lozère Solidaire", indexed=False)
    OrganisationFactory(name="Association Lozère Solidaire", indexed=False)
    migration.link(apps, None)
    alliance.refresh_from_db()
    assert alliance.lead_organisation == mairie
    assert Membership.objects.get(alliance=alliance).organisation is None
    assert alliance.fragilities == ["emploi", "isolement", "jeunesse", "vieillissement"]


def test_the_organisation_page_lists_its_public_alliances_only(client, alliance, django_assert_max_num_queries):
    asso = OrganisationFactory(name="Association Lozère Solidaire")
    lead_of = services.alliance_create(
        by=UserFactory(),
        data={
            "title": "Alliance portée",
            "problem": "p",
            "territory": mende(),
            "lead_organisation_name": asso.name,
            "lead_organisation": asso,
            "visibility": "public",
        },
    )
    member_of = services.alliance_create(
        by=UserFactory(),
        organisation_name="Autre",
        data={
            "title": "Alliance partenaire",
            "problem": "p",
            "territory": mende(),
            "lead_organisation_name": "Autre",
            "visibility": "public",
        },
    )
    Membership.objects.create(
        alliance=member_of, user=UserFactory(), role="partenaire", organisation=asso, organisation_name=asso.name
    )
    # The private alliance of the fixture, and a deleted public one, stay out.
    Membership.objects.create(
        alliance=alliance, user=UserFactory(), role="partenaire", organisation=asso, organisation_name=asso.name
    )
    creator = UserFactory()
    deleted = services.alliance_create(
        by=creator,
        data={
            "title": "Alliance supprimée",
            "problem": "p",
            "territory": mende(),
            "lead_organisation_name": asso.name,
            "lead_organisation": asso,
            "visibility": "public",
        },
    )
    services.alliance_delete(alliance=deleted, by=creator)
    with django_assert_max_num_queries(16):
        html = client.get(asso.get_absolute_url()).content.decode()
    assert "Alliances publiques" in html
    assert lead_of.get_absolute_url() in html and member_of.get_absolute_url() in html
    assert alliance.title not in html and "Alliance supprimée" not in html
    # An organisation in no public alliance shows no such section.
    assert "Alliances publiques" not in client.get(OrganisationFactory().get_absolute_url()).content.decode()


def test_a_member_written_before_the_link_is_linked_later(client, alliance, pilot, partner):
    from tests.partnerships.conftest import add_member

    asso = OrganisationFactory(name="Association Lozère Solidaire du Valdonnez")
    membership = Membership.objects.get(alliance=alliance, user=partner)
    members_url = reverse("partnerships:members", args=[alliance.pk])
    url = reverse("partnerships:membership_organisation", args=[alliance.pk, membership.pk])
    client.force_login(partner)  # a member links their own line
    assert url in client.get(members_url).content.decode()
    response = client.post(
        url, {"organisation_name": "Association Lozère Solidaire", "organisation_name_choix": str(asso.pk)}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    # Linked; the name as written stays (the partner's items carry it).
    assert (membership.organisation, membership.organisation_name) == (asso, "Association Lozère Solidaire")
    other = add_member(alliance, organisation="Préfecture")
    other_url = reverse(
        "partnerships:membership_organisation", args=[alliance.pk, Membership.objects.get(user=other).pk]
    )
    assert client.get(other_url).status_code == 403  # not someone else's line
    client.force_login(pilot)  # a pilote links anyone, creating the organisation if needed
    client.post(other_url, {"organisation_name": "Préfecture de la Lozère", "organisation_name_type": "public"})
    assert Membership.objects.get(user=other).organisation.name == "Préfecture de la Lozère"
