"""Who I am, verified: an account linked to an organisation (its domain or a moderator) or to a
collectivité (a moderator, or a domain a moderator recorded); organisations typed in a form stay
out of the directory until a moderator lists them."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from alliances.accounts.enums import Role
from alliances.actors import domains, services
from alliances.actors.enums import ClaimMethod, ClaimStatus, ListingStatus
from alliances.actors.models import CollectiviteDomain, CollectiviteLink, Organisation, OrganisationClaim
from alliances.core.permissions import Forbidden
from tests.actors.factories import OrganisationFactory, UserFactory, commune
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    user = UserFactory(email="moderatrice@example.org", display_name="Modératrice")
    user.groups.add(Group.objects.get_or_create(name=Role.MODERATOR.value)[0])
    return user


@pytest.fixture
def tremplin():
    return OrganisationFactory(name="Association Tremplin", website="https://www.asso-tremplin.fr/accueil")


# --- pure parsing ---------------------------------------------------------------------------


def test_domains_of_websites_and_addresses():
    assert domains.domain_of_url("https://www.Asso-Tremplin.fr/contact") == "asso-tremplin.fr"
    assert domains.domain_of_url("asso-tremplin.fr") == "asso-tremplin.fr"
    assert domains.domain_of_url("") == ""
    assert domains.domain_of_email("Lea@Mairie-Mende.FR") == "mairie-mende.fr"
    assert domains.email_on_domain("lea@paris.asso-tremplin.fr", "asso-tremplin.fr")
    assert not domains.email_on_domain("lea@asso-tremplin.fr.pirate.net", "asso-tremplin.fr")
    # Webmail and website builders prove nothing.
    assert domains.proves_nothing("gmail.com") and domains.proves_nothing("monasso.wixsite.com")
    assert not domains.email_on_domain("lea@gmail.com", "gmail.com")


# --- organisations: one flow for every entry ---------------------------------------------------


def test_claim_by_an_address_on_the_domain_is_verified_by_its_confirmation_link(
    client, tremplin, moderator, django_capture_on_commit_callbacks
):
    director = make_user("lea.martin@gmail.com", display_name="Léa Martin")
    client.force_login(director)
    page = client.get(reverse("actors:claim", args=[tremplin.pk])).content.decode()
    assert "@asso-tremplin.fr" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("actors:claim", args=[tremplin.pk]), {"proof_email": "lea@asso-tremplin.fr"})
    assert response.status_code == 302
    claim = OrganisationClaim.objects.get()
    assert claim.status == ClaimStatus.PENDING and not tremplin.members.exists()
    # The link goes to the address on the domain, not to the moderators.
    assert [m.to for m in mail.outbox] == [["lea@asso-tremplin.fr"]]
    path = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)

    # Another account cannot use the link; a GET changes nothing.
    intruder = make_user("intrus@example.org")
    client.force_login(intruder)
    assert client.post(path).status_code == 403
    client.force_login(director)
    assert "Confirmer mon lien avec Association Tremplin" in client.get(path).content.decode()
    assert not tremplin.members.exists()

    response = client.post(path)
    assert response.status_code == 302 and response.url == reverse("space:home")
    claim.refresh_from_db()
    assert (claim.status, claim.method, claim.decided_by) == (ClaimStatus.APPROVED, ClaimMethod.DOMAIN, None)
    assert list(tremplin.members.all()) == [director]
    # Used once.
    assert client.post(path).status_code == 400


def test_an_address_off_the_domain_is_refused_and_nothing_is_created(client, tremplin):
    client.force_login(make_user("lea@example.org"))
    response = client.post(reverse("actors:claim", args=[tremplin.pk]), {"proof_email": "lea@autre-asso.fr"})
    assert "doit se terminer par « @asso-tremplin.fr »" in response.content.decode()
    assert not OrganisationClaim.objects.exists() and not mail.outbox


def test_a_confirmed_account_address_on_the_domain_is_verified_at_once(tremplin):
    user = make_user("lea@asso-tremplin.fr")
    claim = services.organisation_claim(organisation=tremplin, user=user)
    assert (claim.status, claim.method) == (ClaimStatus.APPROVED, ClaimMethod.DOMAIN)
    assert tremplin.members.filter(pk=user.pk).exists()


def test_an_unconfirmed_account_address_proves_nothing(tremplin):
    user = UserFactory(email="lea@asso-tremplin.fr")  # no confirmed EmailAddress
    with pytest.raises(services.ActorsError, match="Expliquez"):
        services.organisation_claim(organisation=tremplin, user=user)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    claim = services.organisation_claim(organisation=tremplin, user=user, message="Je suis la trésorière.")
    assert claim.status == ClaimStatus.PENDING and not tremplin.members.exists()


def test_moderator_validation_and_refusal_changes_nothing(moderator, tremplin, django_capture_on_commit_callbacks):
    first, second = make_user("a@example.org"), make_user("b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.organisation_claim(organisation=tremplin, user=first, message="Je préside.")
        refused = services.organisation_claim(organisation=tremplin, user=second, message="Je suis là.")
    assert {tuple(m.to) for m in mail.outbox} == {("moderatrice@example.org",)}

    with pytest.raises(Forbidden):
        services.claim_decide(claim=approved, by=first, approve=True)
    assert not tremplin.members.exists()

    services.claim_decide(claim=approved, by=moderator, approve=True)
    services.claim_decide(claim=refused, by=moderator, approve=False, note="Aucune preuve.")
    approved.refresh_from_db()
    refused.refresh_from_db()
    assert (approved.status, approved.method, approved.decided_by) == (
        ClaimStatus.APPROVED,
        ClaimMethod.MODERATOR,
        moderator,
    )
    assert (refused.status, refused.method, refused.decision_note) == (ClaimStatus.REJECTED, "", "Aucune preuve.")
    assert list(tremplin.members.all()) == [first]  # the refused account gained nothing


def test_a_demo_entry_follows_the_same_flow(client, moderator):
    demo = OrganisationFactory(name="Association fictive du Causse", is_demo=True, source="demo")
    user = make_user("lea@example.org")
    client.force_login(user)
    assert "Demander à gérer sa fiche" in client.get(demo.get_absolute_url()).content.decode()
    client.post(reverse("actors:claim", args=[demo.pk]), {"message": "Je teste la démonstration."})
    claim = OrganisationClaim.objects.get(organisation=demo)
    services.claim_decide(claim=claim, by=moderator, approve=True)
    assert demo.members.filter(pk=user.pk).exists()


# --- collectivités ------------------------------------------------------------------------------


def test_collectivite_link_by_moderator_then_by_the_recorded_domain(client, moderator):
    mende = commune("48095")
    agent = make_user("paul@mende.fr", display_name="Paul")
    client.force_login(agent)
    response = client.post(reverse("actors:collectivite_link"), {"territoire": "Mende (48095)", "role": "agent"})
    assert response.status_code == 302
    link = CollectiviteLink.objects.get()
    assert (link.territory, link.status) == (mende, ClaimStatus.PENDING)

    client.force_login(moderator)
    queue = client.get(reverse("actors:claims")).content.decode()
    assert "Mende" in queue and "« mende.fr »" in queue
    client.post(reverse("actors:collectivite_link_decide", args=[link.pk]), {"decision": "accepter", "domaine": "1"})
    link.refresh_from_db()
    assert (link.status, link.method) == (ClaimStatus.APPROVED, ClaimMethod.MODERATOR)
    assert list(CollectiviteDomain.objects.values_list("territory", "domain")) == [(mende.pk, "mende.fr")]

    # The next agent with a confirmed address on that domain is verified at once; another domain waits.
    colleague = make_user("jeanne@mende.fr")
    assert (
        services.collectivite_link_request(user=colleague, territory=mende, role="elu").status == ClaimStatus.APPROVED
    )
    outsider = make_user("jeanne@gmail.com")
    assert services.collectivite_link_request(user=outsider, territory=mende, role="elu").status == ClaimStatus.PENDING


def test_collectivite_refusal_and_webmail_domain_change_nothing(moderator):
    mende = commune("48095")
    user = make_user("paul@gmail.com")
    link = services.collectivite_link_request(user=user, territory=mende, role="agent")
    with pytest.raises(services.ActorsError, match="messagerie ouverte"):
        services.collectivite_link_decide(link=link, by=moderator, approve=True, trust_domain=True)
    link.refresh_from_db()
    assert link.status == ClaimStatus.PENDING and not CollectiviteDomain.objects.exists()
    with pytest.raises(Forbidden):
        services.collectivite_link_decide(link=link, by=user, approve=True)
    services.collectivite_link_decide(link=link, by=moderator, approve=False)
    link.refresh_from_db()
    assert link.status == ClaimStatus.REJECTED and not CollectiviteDomain.objects.exists()


def test_a_collectivite_is_a_commune_epci_departement_or_region():
    user = make_user("paul@example.org")
    with pytest.raises(services.ActorsError):
        services.collectivite_link_request(user=user, territory=commune(), role="maire")
    lozere = commune().departement
    assert services.collectivite_link_request(user=user, territory=lozere, role="elu").territory == lozere


# --- organisations typed in a form --------------------------------------------------------------


def test_a_typed_organisation_stays_out_of_the_directory_until_listed(client, moderator):
    from alliances.partnerships.services import NewOrganisation, organisation_resolve

    OrganisationFactory(name="Épicerie solidaire de Mende")
    user = make_user("lea@example.org")
    typed = organisation_resolve(
        organisation=NewOrganisation(name="Épicerie des Causses", kind="association"), by=user, territory=commune()
    )
    assert typed.listing == ListingStatus.PENDING

    def visible() -> dict[str, bool]:
        listed = client.get(reverse("actors:list"), {"territoire": "commune:48095"}).content.decode()
        searched = client.get(reverse("actors:list"), {"q": "épicerie"}).content.decode()
        api = client.get("/api/v1/acteurs", {"q": "épicerie"}).json()
        need = client.get(reverse("actors:need"), {"besoin": "épicerie", "territoire": "commune:48095"})
        return {
            "list": "Épicerie des Causses" in listed,
            "search": "Épicerie des Causses" in searched,
            "api": any(item["nom"] == "Épicerie des Causses" for item in api["items"]),
            "api_detail": client.get(f"/api/v1/acteurs/{typed.pk}").status_code == 200,
            "need": "Épicerie des Causses" in need.content.decode(),
            "global_search": "Épicerie des Causses" in client.get("/recherche/", {"q": "épicerie"}).content.decode(),
        }

    assert visible() == dict.fromkeys(["list", "search", "api", "api_detail", "need", "global_search"], False)
    # The listed one beside it is found (the searches work).
    assert "Épicerie solidaire de Mende" in client.get(reverse("actors:list"), {"q": "épicerie"}).content.decode()
    # Its page says why it is not in the directory.
    assert "un modérateur l'aura vérifiée" in client.get(typed.get_absolute_url()).content.decode()

    client.force_login(moderator)
    assert "Épicerie des Causses" in client.get(reverse("actors:claims")).content.decode()
    client.post(reverse("actors:listing_decide", args=[typed.pk]), {"decision": "publier"})
    client.logout()
    typed.refresh_from_db()
    assert typed.listing == ListingStatus.LISTED
    assert visible() == dict.fromkeys(["list", "search", "api", "api_detail", "need", "global_search"], True)


def test_a_refused_typed_organisation_stays_out(moderator):
    typed = Organisation.objects.create(name="Faux nom", kind="association", listing=ListingStatus.PENDING)
    with pytest.raises(Forbidden):
        services.organisation_listing_decide(organisation=typed, by=make_user("x@example.org"), approve=True)
    services.organisation_listing_decide(organisation=typed, by=moderator, approve=False)
    typed.refresh_from_db()
    assert typed.listing == ListingStatus.REFUSED
    assert not Organisation.objects.listed().filter(pk=typed.pk).exists()
    with pytest.raises(services.ActorsError):
        services.organisation_listing_decide(organisation=typed, by=moderator, approve=True)
