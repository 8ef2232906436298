"""/mon-espace/: what a mayor's agent, an association member, a catalyst and a moderator see."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from alliances.accounts.enums import Role
from alliances.accounts.selectors import fragilities_of_themes
from alliances.actors import services as actors_services
from alliances.actors.models import Organisation, OrganisationClaim
from alliances.partnerships.enums import ActionStatus, MemberRole
from alliances.partnerships.models import ActionItem, JoinRequest
from alliances.partnerships.selectors import calls_open_for
from tests.actors.factories import OrganisationFactory, ThemeFactory, commune
from tests.catalysts.factories import CatalystProfileFactory, ContactRequestFactory
from tests.conftest import make_user
from tests.partnerships.factories import AllianceFactory, MeetingFactory, MembershipFactory
from tests.practices.factories import published_practice
from tests.resources.factories import EventFactory

pytestmark = pytest.mark.django_db
URL = "/mon-espace/"


def _call(title: str, *, territory=None, fragilities=(), deadline_days=30, **fields):
    return AllianceFactory(
        title=title,
        territory=territory or commune(),
        call_open=True,
        call_text="Nous cherchons des partenaires.",
        call_deadline=timezone.localdate() + timedelta(days=deadline_days),
        fragilities=list(fragilities),
        **fields,
    )


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/compte/login/" in response.url


def test_empty_space_says_what_to_do(client):
    client.force_login(make_user("nouvelle@example.org"))
    html = client.get(URL).content.decode()
    assert "rattachez votre compte à votre collectivité" in html
    assert "Vous ne participez encore à aucune alliance" in html
    assert "Votre compte n'est rattaché à aucune organisation" in html
    assert "À modérer" not in html and "Mes demandes de catalyseur" not in html


def test_the_home_page_leads_a_signed_in_person_to_their_space(client):
    assert "votre espace" not in client.get("/").content.decode()
    user = make_user("lea@example.org", display_name="Léa")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Bonjour Léa" in html and f'href="{URL}"' in html
    # Signing in lands there.
    client.logout()
    response = client.post(reverse("account_login"), {"login": "lea@example.org", "password": "motdepasse-solide-42"})
    assert response.status_code == 302 and response.url == URL


def test_mayors_agent_sees_their_territory_alliances_and_requests(client, django_assert_max_num_queries):
    mende = commune("48095")
    agent = make_user("paul@mende.fr", display_name="Paul")
    link = actors_services.collectivite_link_request(user=agent, territory=mende, role="agent")
    moderator = make_user("moderatrice@example.org")
    moderator.groups.add(Group.objects.get_or_create(name=Role.MODERATOR.value)[0])
    actors_services.collectivite_link_decide(link=link, by=moderator, approve=True)

    published_practice(title="Un café des aînés à Florac", territories=[commune("48061")])
    EventFactory(title="Atelier co-construction en Lozère")
    _call("Mobilité des aînés en Lozère")
    _call("Appel breton", territory=commune("35238"))

    alliance = AllianceFactory(title="Premier emploi à Mende", step="agir", visibility="membres")
    MembershipFactory(alliance=alliance, user=agent, role=MemberRole.PILOT, organisation_name="Mairie de Mende")
    MeetingFactory(alliance=alliance, title="Comité", date=timezone.now() + timedelta(days=3))
    ActionItem.objects.create(
        alliance=alliance, title="Relancer", due_date=timezone.localdate() - timedelta(days=2), status=ActionStatus.TODO
    )
    candidate = make_user("asso@example.org")
    JoinRequest.objects.create(alliance=alliance, user=candidate, organisation_name="Association X")

    client.force_login(agent)
    with django_assert_max_num_queries(40):
        html = client.get(URL).content.decode()
    assert "Mon territoire : Mende" in html and "lien vérifié" in html
    assert "Un café des aînés à Florac" in html
    assert "Atelier co-construction en Lozère" in html
    assert "Mobilité des aînés en Lozère" in html and "Appel breton" not in html
    assert "Premier emploi à Mende" in html and "étape : Agir" in html
    assert "Prochaine réunion le" in html and "1 action en retard" in html
    assert "1 demande d'adhésion" in html


def test_association_member_sees_their_organisation_and_matching_calls(client, django_assert_max_num_queries):
    director = make_user("lea@tremplin.example")
    tremplin = OrganisationFactory(
        name="Association Tremplin", themes=[ThemeFactory(code="030000", label="Aide à l'emploi, développement local")]
    )
    tremplin.members.add(director)
    _call("Premier emploi des jeunes", fragilities=["emploi"])
    _call("Jardins partagés", fragilities=["alimentation"])
    _call("Appel breton", territory=commune("35238"), fragilities=["emploi"])
    call = _call("Emploi et mobilité", fragilities=["emploi", "mobilite"], deadline_days=5)
    JoinRequest.objects.create(
        alliance=call, user=director, organisation_name=tremplin.name, organisation=tremplin, answers_call=True
    )

    client.force_login(director)
    with django_assert_max_num_queries(40):
        html = client.get(URL).content.decode()
    organisation_block = html[html.index('id="space-organisation"') :]
    assert "Association Tremplin" in organisation_block and "lien vérifié" in organisation_block
    assert "Premier emploi des jeunes" in organisation_block
    assert "Jardins partagés" not in organisation_block and "Appel breton" not in organisation_block
    # Its pending answer, with the link's status.
    assert "réponse à l'appel au titre de Association Tremplin" in html
    requests_part = html[html.index("Mes demandes en attente") :]
    assert "lien vérifié" in requests_part[: requests_part.index("</ul>")]
    # Its territory is its commune's.
    assert "la commune de votre organisation" in html


def test_the_number_of_queries_does_not_grow_with_history(client, django_assert_max_num_queries):
    user = make_user("lea@tremplin.example")
    for n in range(4):
        organisation = OrganisationFactory(name=f"Association {n}")
        organisation.members.add(user)
        OrganisationClaim.objects.create(organisation=OrganisationFactory(), user=user, message="Moi.")
    for n in range(15):
        alliance = _call(f"Alliance {n}", fragilities=["emploi"])
        MembershipFactory(alliance=alliance, user=user)
    client.force_login(user)
    with django_assert_max_num_queries(45):
        html = client.get(URL).content.decode()
    assert html.count('class="badge badge-verified">lien vérifié') == 3  # three organisations shown
    assert "Toutes mes alliances" in html


def test_catalyst_sees_their_open_requests(client):
    profile = CatalystProfileFactory(name="Claire Catalyseur")
    ContactRequestFactory(catalyst=profile, subject="Un tiers-lieu à Florac")
    client.force_login(profile.user)
    html = client.get(URL).content.decode()
    assert "Mes demandes de catalyseur" in html and "Un tiers-lieu à Florac" in html
    assert reverse("catalysts:space") in html


def test_moderator_sees_the_queue_counts_and_links(client):
    moderator = make_user("moderatrice@example.org")
    moderator.groups.add(Group.objects.get_or_create(name=Role.MODERATOR.value)[0])
    OrganisationClaim.objects.create(
        organisation=OrganisationFactory(), user=make_user("a@example.org"), message="Moi."
    )
    Organisation.objects.create(name="Saisie", kind="association", listing="pending")
    client.force_login(moderator)
    html = client.get(URL).content.decode()
    assert "À modérer" in html
    assert "1 demande pour une organisation, 0 pour une collectivité, 1 organisation saisie" in html
    assert reverse("actors:claims") in html and reverse("practices:moderation") in html


def test_calls_open_for_territory_and_themes():
    _call("Sur Mende", fragilities=["emploi"])
    _call("Sur la Lozère", territory=commune("48095").departement, fragilities=["emploi"])
    _call("Close", fragilities=["emploi"], deadline_days=-1)
    AllianceFactory(title="Pas d'appel", fragilities=["emploi"])
    _call("Privée", fragilities=["emploi"], visibility="membres")
    _call("Rennes", territory=commune("35238"), fragilities=["emploi"])
    titles = {a.title for a in calls_open_for(territory=commune("48095"), themes=["emploi"])}
    assert titles == {"Sur Mende", "Sur la Lozère"}
    assert {a.title for a in calls_open_for(themes=["sante"])} == set()
    assert {a.title for a in calls_open_for(territory=commune("35238"))} == {"Rennes"}


def test_fragilities_of_theme_labels():
    assert fragilities_of_themes(["Aide à l'emploi, développement local", "Santé"]) == ["emploi", "sante"]
    assert fragilities_of_themes(["Chasse, pêche"]) == []
