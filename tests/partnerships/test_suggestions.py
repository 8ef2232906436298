"""Suggestions of the step workspaces: organisations and catalysts to mobilise, inspiring practices."""

import pytest
from django.core import mail
from django.urls import reverse

from alliances.partnerships import integrations
from alliances.partnerships.models import ActorTarget, Alliance, Invitation, Membership
from alliances.partnerships.services import invitation_accept
from tests.actors.factories import OrganisationFactory
from tests.catalysts.factories import CatalystProfileFactory
from tests.partnerships.factories import UserFactory
from tests.practices.factories import published_practice

pytestmark = pytest.mark.django_db


def _with_sdgs(organisation, *numbers):
    organisation.sdgs.set(numbers)
    return organisation


def test_mobiliser_suggests_organisations_of_the_territory_sharing_sdgs(client, alliance, pilot):
    # The alliance (Mende) works on SDGs 8 and 17; SDG 17 alone is not a reason to suggest.
    best = _with_sdgs(OrganisationFactory(name="Tremplin Emploi Lozère"), 8, 4)
    _with_sdgs(OrganisationFactory(name="Club de pétanque"), 17)
    _with_sdgs(OrganisationFactory(name="Association dissoute", status="dissolved"), 8)
    _with_sdgs(OrganisationFactory(name="Emploi Rhône", commune=None), 8)
    member = _with_sdgs(OrganisationFactory(name="Déjà membre"), 8)
    Membership.objects.create(
        alliance=alliance, user=UserFactory(), role="partenaire", organisation=member, organisation_name=member.name
    )
    names = [s.name for s in integrations.organisations_suggested(alliance)]
    assert names == ["Tremplin Emploi Lozère"]
    client.force_login(pilot)
    url = reverse("partnerships:step", args=[alliance.pk, "mobiliser"])
    html = client.get(url).content.decode()
    assert "Tremplin Emploi Lozère" in html and "ODD en commun : 8" in html
    # One click puts it on the map of actors, linked to the directory; a second click says so.
    add = reverse("partnerships:actor_add", args=[alliance.pk, best.pk])
    assert client.post(add, {"why": "Suggestion"}).status_code == 302
    target = ActorTarget.objects.get(alliance=alliance)
    assert (target.organisation, target.name, target.status) == (best, best.name, "a_contacter")
    response = client.post(add, follow=True)
    assert "déjà sur la carte" in response.content.decode()
    assert integrations.organisations_suggested(alliance) == []


def test_an_observer_cannot_add_to_the_map(client, alliance):
    from tests.partnerships.conftest import add_member

    observer = add_member(alliance, role="observateur")
    organisation = OrganisationFactory()
    client.force_login(observer)
    assert client.post(reverse("partnerships:actor_add", args=[alliance.pk, organisation.pk])).status_code == 403
    assert not ActorTarget.objects.filter(alliance=alliance).exists()


def test_catalysts_nearby_are_suggested_and_invited_as_accompagnateur(
    client, alliance, pilot, django_capture_on_commit_callbacks
):
    alliance.fragilities = ["vieillissement"]
    alliance.save()
    near = CatalystProfileFactory(name="Claire Proche", territories=[("departement", "48")], themes=["emploi"])
    expert = CatalystProfileFactory(
        name="Bruno Expert", territories=[("departement", "48")], themes=["vieillissement"], sdgs=[8]
    )
    CatalystProfileFactory(name="Zoé Lointaine", territories=[("departement", "35")])
    suggestions = integrations.catalysts_suggested(alliance)
    assert [s.profile.name for s in suggestions] == ["Bruno Expert", "Claire Proche"]
    assert "en commun : vieillissement, ODD 8" in suggestions[0].reason
    client.force_login(pilot)
    url = reverse("partnerships:step", args=[alliance.pk, "mobiliser"])
    html = client.get(url).content.decode()
    assert "Bruno Expert" in html and expert.user.email not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partnerships:catalyst_invite", args=[alliance.pk, expert.pk]), follow=True)
    assert "Invitation envoyée à Bruno Expert" in response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == (expert.user.email, "accompagnateur")
    assert mail.outbox[-1].to == [expert.user.email]
    members_page = client.get(reverse("partnerships:members", args=[alliance.pk])).content.decode()
    assert expert.user.email not in members_page
    assert "invitation envoyée" in client.get(url).content.decode()
    again = client.post(reverse("partnerships:catalyst_invite", args=[alliance.pk, expert.pk]), follow=True)
    assert "déjà reçu une invitation" in again.content.decode()
    # Accepted: the member is an accompagnateur whose line links to the catalyst profile.
    invitation_accept(invitation=invitation, user=expert.user)
    members_page = client.get(reverse("partnerships:members", args=[alliance.pk])).content.decode()
    assert expert.get_absolute_url() in members_page
    assert "déjà membre" in client.get(url).content.decode()
    assert near.user.email not in members_page


def test_only_a_pilot_invites_a_catalyst(client, alliance, partner):
    profile = CatalystProfileFactory(territories=[("departement", "48")])
    client.force_login(partner)
    assert client.post(reverse("partnerships:catalyst_invite", args=[alliance.pk, profile.pk])).status_code == 403
    assert not Invitation.objects.exists()


def test_each_step_suggests_practices_sharing_fragilities_or_sdgs(client, alliance, pilot):
    alliance.fragilities = ["jeunesse"]
    alliance.save()
    both = published_practice(title="Jeunes et emploi à Florac", fragilities=["jeunesse"], sdgs=[8])
    sdg_only = published_practice(title="Insertion par le bois", fragilities=["economie-locale"], sdgs=[8])
    published_practice(title="Jardins partagés", fragilities=["alimentation"], sdgs=[2])
    found = integrations.practices_suggested(alliance, "comprendre")
    assert [p.pk for p, _ in found] == [both.pk, sdg_only.pk]
    assert found[0][1] == "En commun : jeunesse, ODD 8"
    # At co-construire, those of the same form of co-construction come first.
    dialogue = published_practice(
        title="Dialogue des jeunes", fragilities=["economie-locale"], sdgs=[8], form="dialogue-territorial"
    )
    alliance.form = "dialogue"
    alliance.save()
    assert integrations.practices_suggested(alliance, "co-construire")[0][0].pk == dialogue.pk
    client.force_login(pilot)
    for step in ("comprendre", "mobiliser", "co-construire", "agir", "evaluer"):
        html = client.get(reverse("partnerships:step", args=[alliance.pk, step])).content.decode()
        assert "Pratiques inspirantes pour l&#x27;étape" in html or "Pratiques inspirantes pour l'étape" in html, step
        assert both.get_absolute_url() in html or step == "co-construire"


def test_no_practice_suggested_without_fragility_nor_sdg(alliance):
    Alliance.objects.filter(pk=alliance.pk).update(fragilities=[])
    alliance.refresh_from_db()
    alliance.sdgs.set([17])
    published_practice(fragilities=["emploi"], sdgs=[17])
    assert integrations.practices_suggested(alliance, "agir") == []


def test_mobiliser_page_query_count_does_not_grow_with_suggestions(
    client, alliance, pilot, django_assert_max_num_queries
):
    alliance.fragilities = ["jeunesse"]
    alliance.save()
    for i in range(12):
        _with_sdgs(OrganisationFactory(name=f"Organisation {i}"), 8)
    for _ in range(6):
        CatalystProfileFactory(territories=[("departement", "48")], sdgs=[8])
    for _ in range(4):
        published_practice(fragilities=["jeunesse"], sdgs=[8])
    client.force_login(pilot)
    # A fixed set: session, alliance, checklist, resources, two practice searches, directory, catalysts,
    # the need search fed by the alliance's problem (with, cache empty, the territory's size and the
    # kinds' shares counted in the search index, both then kept an hour), the verified links of join
    # requests…
    with django_assert_max_num_queries(37):
        html = client.get(reverse("partnerships:step", args=[alliance.pk, "mobiliser"])).content.decode()
    assert html.count("Ajouter à la carte") == 8 and html.count("Inviter comme accompagnateur") == 5
