"""Personal data: JSON export and account deletion (contributions stay, as "Utilisateur supprimé")."""

import json

import pytest
from django.contrib.auth import get_user_model

from alliances.catalysts.models import CatalystProfile, ContactRequest
from tests.catalysts.factories import CatalystProfileFactory, ContactRequestFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.catalysts.urls")]


def test_user_downloads_their_data_as_json(client):
    profile = CatalystProfileFactory(name="Nina Export", territories=[("departement", "48")])
    ContactRequestFactory(catalyst=profile, subject="Reçue")
    sender = UserFactory(email="jeanne@mairie.fr")
    ContactRequestFactory(sender=sender, subject="Envoyée")
    client.force_login(profile.user)
    response = client.get("/compte/mes-donnees/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["compte"]["adresse_electronique"] == profile.user.email
    assert data["profil_catalyseur"]["territoires"] == ["departement:48"]
    assert [r["objet"] for r in data["demandes_recues"]] == ["Reçue"]
    assert "password" not in response.content.decode()
    client.force_login(sender)
    data = json.loads(client.get("/compte/mes-donnees/").content)
    assert [r["objet"] for r in data["demandes_envoyees"]] == ["Envoyée"]
    assert "profil_catalyseur" not in data


def test_deletion_needs_the_password_and_anonymises_the_account(client):
    profile = CatalystProfileFactory(name="Nina Partante", territories=[("departement", "48")])
    user = profile.user
    ContactRequestFactory(sender=user)
    client.force_login(user)
    assert client.get("/compte/supprimer/").status_code == 200
    wrong = client.post("/compte/supprimer/", {"password": "faux", "confirm": "on"})
    assert wrong.status_code == 400 and "Mot de passe incorrect" in wrong.content.decode()
    response = client.post("/compte/supprimer/", {"password": "motdepasse-solide-42", "confirm": "on"})
    assert response.status_code == 302
    user = get_user_model().objects.get(pk=user.pk)  # the row stays for contributions
    assert user.public_name == "Utilisateur supprimé"
    assert not user.is_active and not user.has_usable_password()
    assert "@utilisateur-supprime.invalid" in user.email
    assert not CatalystProfile.objects.filter(user=user).exists()
    assert not ContactRequest.objects.filter(sender=user).exists()
    assert "Nina Partante" not in client.get("/catalyseurs/").content.decode()
    assert client.get("/compte/mes-donnees/").status_code == 302  # logged out


def test_a_deleted_sender_shows_as_utilisateur_supprime_in_the_catalyst_space(client):
    from alliances.catalysts.personal_data import user_delete

    request = ContactRequestFactory()
    sender = request.sender
    # Keep the request to check the label: deletion removes it, so rebuild it afterwards.
    user_delete(user=sender)
    kept = ContactRequestFactory(catalyst=request.catalyst, sender=sender)
    assert kept.sender_name == "utilisateur supprimé"
    client.force_login(request.catalyst.user)
    assert "utilisateur supprimé" in client.get("/catalyseurs/mon-espace/").content.decode()


def test_deletion_erases_the_address_copied_into_invitations_and_contact_messages():
    from django.utils import timezone

    from alliances.actors.models import ContactMessage
    from alliances.catalysts.personal_data import user_delete
    from alliances.partnerships.models import Invitation
    from tests.actors.factories import OrganisationFactory
    from tests.partnerships.factories import AllianceFactory

    user = UserFactory(email="Paule.Partante@exemple.fr")
    other = UserFactory(email="reste@exemple.fr")
    alliance = AllianceFactory()
    in_a_month = timezone.now() + timezone.timedelta(days=30)
    accepted = Invitation.objects.create(
        alliance=alliance, email="paule.partante@exemple.fr", organisation_name="Asso", expires_at=in_a_month
    )
    accepted.accepted_by, accepted.accepted_at = user, timezone.now()
    accepted.save()
    pending = Invitation.objects.create(
        alliance=alliance, email="PAULE.PARTANTE@exemple.fr", organisation_name="Asso", expires_at=in_a_month
    )
    kept = Invitation.objects.create(
        alliance=alliance, email=other.email, organisation_name="Asso", expires_at=in_a_month
    )
    sent = ContactMessage.objects.create(
        organisation=OrganisationFactory(),
        sender=user,
        sender_name="Paule",
        sender_email=user.email,
        subject="Bonjour",
        body="Bonjour",
        recipients_count=1,
    )

    user_delete(user=user)

    assert Invitation.objects.get(pk=accepted.pk).email == ""
    assert Invitation.objects.get(pk=pending.pk).email == ""
    assert Invitation.objects.get(pk=kept.pk).email == "reste@exemple.fr"
    assert ContactMessage.objects.get(pk=sent.pk).sender_email == ""
    assert not Invitation.objects.filter(email__icontains="partante").exists()
