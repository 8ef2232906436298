"""Invitations by email (signed, expiring, single use), join requests, roles."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliances.partnerships.models import Invitation, JoinRequest, Membership
from tests.partnerships.factories import UserFactory

pytestmark = pytest.mark.django_db


def _invite(client, alliance, email="asso@exemple.fr", role="partenaire"):
    return client.post(
        reverse("partnerships:members", args=[alliance.pk]),
        {
            "email": email,
            "organisation_name": "Association Lozère Solidaire",
            "role": role,
            "message": "Bienvenue !",
            "organisation_name_type": "association",
        },
    )


def _link(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_invitation_email_link_makes_a_member_once(client, alliance, pilot, django_capture_on_commit_callbacks):
    client.force_login(pilot)
    with django_capture_on_commit_callbacks(execute=True):
        assert _invite(client, alliance).status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asso@exemple.fr"]
    assert "Emploi des jeunes à Mende" in message.subject
    link = _link(message)
    invited = UserFactory(email="asso@exemple.fr")
    client.force_login(invited)
    page = client.get(link).content.decode()
    assert "Association Lozère Solidaire" in page
    assert client.post(link).status_code == 302
    membership = Membership.objects.get(alliance=alliance, user=invited)
    assert (membership.role, membership.organisation_name) == ("partenaire", "Association Lozère Solidaire")
    # Single use: the same link cannot be used again, by anyone.
    client.force_login(UserFactory())
    response = client.get(link)
    assert response.status_code == 410 and "déjà été utilisée" in response.content.decode()


def test_invitation_link_expires(client, alliance, pilot, django_capture_on_commit_callbacks):
    client.force_login(pilot)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, alliance)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(UserFactory())
    response = client.get(_link(mail.outbox[0]))
    assert response.status_code == 410 and "expiré" in response.content.decode()


def test_tampered_invitation_link_is_refused(client):
    response = client.get(reverse("partnerships:invitation", args=["abc:def"]))
    assert response.status_code == 410 and "pas valide" in response.content.decode()


def test_anonymous_must_sign_in_to_accept(client, alliance, pilot, django_capture_on_commit_callbacks):
    client.force_login(pilot)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, alliance)
    client.logout()
    link = _link(mail.outbox[0])
    assert "connectez-vous" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302 and "/compte/login/" in response.url


def test_invitation_form_errors_in_french(client, alliance, pilot):
    client.force_login(pilot)
    response = _invite(client, alliance, email="pas-une-adresse")
    assert response.status_code == 200
    assert "Saisissez une adresse" in response.content.decode()
    assert not Invitation.objects.exists()


def test_join_request_accepted_by_a_pilot(client, alliance, pilot, django_capture_on_commit_callbacks):
    alliance.visibility = "inscrits"
    alliance.save()
    asker = UserFactory(display_name="Jeanne Entreprise")
    client.force_login(asker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnerships:join", args=[alliance.pk]),
            {
                "organisation_name": "SARL Bois de Lozère",
                "organisation_name_type": "entreprise",
                "message": "Nous pouvons prêter un local.",
            },
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == [pilot.email]
    # A second request while the first is pending is refused with a clear message.
    # (the organisation created by the first request waits for a moderator before the directory
    # lists it: its type is asked again)
    again = client.post(
        reverse("partnerships:join", args=[alliance.pk]),
        {"organisation_name": "SARL Bois de Lozère", "organisation_name_type": "entreprise"},
    )
    assert "déjà en attente" in again.content.decode()
    request = JoinRequest.objects.get()
    client.force_login(pilot)
    # The pilotes see that the asker's link with the organisation is not verified.
    members = client.get(reverse("partnerships:members", args=[alliance.pk])).content.decode()
    assert ">non vérifié</span>" in members and ">lien vérifié</span>" not in members
    client.post(reverse("partnerships:join_request_decide", args=[alliance.pk, request.pk]), {"accept": "1"})
    assert Membership.objects.get(alliance=alliance, user=asker).organisation_name == "SARL Bois de Lozère"


def test_answer_the_call_for_partners(client, alliance):
    alliance.visibility = "public"
    alliance.call_open = True
    alliance.call_text = "Nous cherchons une entreprise du bâtiment."
    alliance.save()
    asker = UserFactory()
    client.force_login(asker)
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Répondre à l'appel" in page
    client.post(
        reverse("partnerships:join", args=[alliance.pk]) + "?appel=1",
        {"organisation_name": "BTP Causses", "organisation_name_type": "entreprise", "appel": "1"},
    )
    assert JoinRequest.objects.get().answers_call


def test_the_last_pilot_cannot_be_removed(client, alliance, pilot):
    client.force_login(pilot)
    membership = Membership.objects.get(alliance=alliance, user=pilot)
    response = client.post(
        reverse("partnerships:membership_change", args=[alliance.pk, membership.pk]), {"action": "retirer"}, follow=True
    )
    assert "au moins un pilote" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_members_page_never_shows_email_addresses(client, alliance, partner):
    client.force_login(partner)
    html = client.get(reverse("partnerships:members", args=[alliance.pk])).content.decode()
    assert "Pierre Partenaire" in html
    assert "@" not in re.sub(r"<[^>]+>", "", html.split("<main", 1)[1])
