"""Claiming an organisation, moderating the claim, editing declared fields, contacting it."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from alliances.accounts.enums import Role
from alliances.actors.enums import ClaimStatus
from alliances.actors.models import ContactMessage, OrganisationClaim
from tests.actors.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    user = UserFactory(email="moderatrice@example.org", display_name="Modératrice")
    user.groups.add(Group.objects.get_or_create(name=Role.MODERATOR.value)[0])
    return user


def test_claim_approve_then_edit_declared_fields(client, moderator, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="Les Amis du Causse")
    member = UserFactory(email="paule@example.org", display_name="Paule")
    client.force_login(member)
    detail = client.get(organisation.get_absolute_url()).content.decode()
    assert "Demander à gérer sa fiche" in detail
    # Not yet a member: no edit page.
    assert client.get(reverse("actors:edit", args=[organisation.pk])).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("actors:claim", args=[organisation.pk]), {"message": "Je suis la présidente."})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["moderatrice@example.org"] and "Les Amis du Causse" in mail.outbox[-1].subject
    # A second claim is refused with a French message.
    again = client.post(reverse("actors:claim", args=[organisation.pk]), {"message": "Encore moi."})
    assert "déjà en attente" in again.content.decode()

    # Only moderators see and decide claims.
    assert client.get(reverse("actors:claims")).status_code == 403
    claim = OrganisationClaim.objects.get()
    client.force_login(moderator)
    assert "Je suis la présidente." in client.get(reverse("actors:claims")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("actors:claim_decide", args=[claim.pk]), {"decision": "accepter"})
    assert organisation.members.filter(pk=member.pk).exists()
    assert mail.outbox[-1].to == ["paule@example.org"]

    client.force_login(member)
    response = client.post(
        reverse("actors:edit", args=[organisation.pk]),
        {
            "description": "Nous entretenons les chemins du causse.",
            "declared_website": "https://amis-causse.example.org",
            "offers_volunteers": "on",
            "offers_details": "Vingt bénévoles le samedi.",
            "accepts_contact": "on",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description.startswith("Nous entretenons") and organisation.offers == ["bénévoles"]
    assert organisation.declared_by == member and organisation.declared_updated_at
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Vingt bénévoles le samedi." in page and "Déclaré par l'organisation" in page
    # The declared text is searchable.
    found = client.get(reverse("actors:list"), {"q": "chemins"}).content.decode()
    assert "Les Amis du Causse" in found


def test_contact_form_sends_to_members_without_publishing_addresses(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="Foyer rural")
    secretary = UserFactory(email="secretariat@foyer.example.org")
    organisation.members.add(secretary)
    visitor = UserFactory(email="elu@mairie.example.org", display_name="Jean Élu")
    client.force_login(visitor)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "secretariat@foyer.example.org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("actors:contact", args=[organisation.pk]),
            {
                "sender_name": "Jean Élu",
                "sender_email": "elu@mairie.example.org",
                "subject": "Fête de la commune",
                "body": "Pourriez-vous tenir un stand ?",
            },
        )
    assert response.status_code == 302
    sent = mail.outbox[-1]
    assert sent.to == ["secretariat@foyer.example.org"] and sent.reply_to == ["elu@mairie.example.org"]
    assert ContactMessage.objects.get().recipients_count == 1


def test_contact_without_members_explains_why(client):
    organisation = OrganisationFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("actors:contact", args=[organisation.pk]),
        {
            "sender_name": "A",
            "sender_email": "a@example.org",
            "subject": "Bonjour",
            "body": "Bonjour",
        },
    )
    assert response.status_code == 200
    assert "Aucun membre de cette organisation" in response.content.decode()
    assert not mail.outbox


def test_anonymous_is_sent_to_login(client):
    organisation = OrganisationFactory()
    response = client.get(reverse("actors:claim", args=[organisation.pk]))
    assert response.status_code == 302 and "/compte/" in response["Location"]


def test_a_refusal_motif_over_the_limit_is_cut_at_the_limit_not_a_server_error(client, moderator):
    organisation = OrganisationFactory()
    claim = OrganisationClaim.objects.create(organisation=organisation, user=UserFactory(), message="Moi.")
    client.force_login(moderator)
    response = client.post(
        reverse("actors:claim_decide", args=[claim.pk]), {"decision": "refuser", "motif": "m" * 6000}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED and claim.decision_note == "m" * 5000
