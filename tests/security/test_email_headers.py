"""Line breaks never reach an email header (issue 24, finding 4).

Typed into a one-line field, a line break is refused at the form (nothing saved, nothing sent).
Already stored (imported data, rows written before the forms refused it), it is folded out of the
subject by `alliances.core.emails`: the email goes out, the request does not fail after saving.
"""

from __future__ import annotations

import pathlib
import re

import pytest
from django.urls import reverse

from alliances.actors.models import ContactMessage
from alliances.catalysts.models import ContactRequest
from alliances.core.emails import email_build, one_line
from alliances.partnerships.models import Alliance, Invitation, JoinRequest
from alliances.practices import services as practice_services
from alliances.practices.models import Practice
from tests.actors.factories import OrganisationFactory
from tests.catalysts.factories import CatalystProfileFactory, ContactRequestFactory
from tests.partnerships.factories import AllianceFactory, MembershipFactory
from tests.practices.factories import UserFactory, moderator, published_practice

pytestmark = pytest.mark.django_db

BROKEN = "Jardins partagés\r\nBcc: victime@example.org\n\x0bsuite"


def _assert_clean(message, *words: str) -> None:
    assert "\n" not in message.subject and "\r" not in message.subject and "\x0b" not in message.subject
    for word in words:
        assert word in message.subject
    # The whole message serialises (no BadHeaderError) and no header was injected.
    assert message.message().get_all("Bcc") is None


# --- one place builds every email -----------------------------------------------------------


def test_no_module_but_core_emails_sends_mail_itself():
    root = pathlib.Path(__file__).resolve().parents[2] / "alliances"
    senders = re.compile(
        r"\b(send_mail|send_mass_mail|EmailMessage|EmailMultiAlternatives|mail_admins|mail_managers)\b"
    )
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "emails.py" and senders.search(path.read_text(encoding="utf-8"))
    ]
    # allauth's adapter hook is named send_mail; it hands the rendered message to core.emails.
    offenders.remove("accounts/adapter.py")
    assert offenders == []


@pytest.mark.parametrize("subject", [BROKEN, "a\u2028b\u2029c\x85d", "\t titre \x00"])
def test_every_subject_is_built_on_one_line(subject):
    message = email_build(subject=subject, body="Corps\nsur deux lignes", to=["a@example.org"])
    _assert_clean(message)
    assert message.body == "Corps\nsur deux lignes"
    assert one_line(BROKEN) == "Jardins partagés Bcc: victime@example.org suite"


# --- forms refuse the line break: nothing saved, nothing sent --------------------------------


def test_alliance_title_with_a_line_break_is_refused_at_the_form(client, mailoutbox):
    client.force_login(UserFactory())
    response = client.post(
        reverse("partnerships:create"),
        {"title": "Emploi\ndes jeunes", "problem": "Les jeunes partent.", "territory_ref": "48095"},
    )
    assert response.status_code in (200, 400)
    assert "une seule ligne" in response.content.decode()
    assert not Alliance.objects.exists() and mailoutbox == []


def test_practice_title_with_a_line_break_is_refused_at_the_form(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("practices:start"),
        {"title": "Navette\nsolidaire", "summary": "Une navette pour les aînés.", "territories": "48095"},
    )
    assert "une seule ligne" in response.content.decode()
    assert not Practice.objects.exists()


def test_catalyst_contact_subject_with_a_line_break_is_refused_at_the_form(client, mailoutbox):
    catalyst = CatalystProfileFactory(territories=[("departement", "48")])
    client.force_login(UserFactory())
    response = client.post(
        f"/catalyseurs/{catalyst.pk}/contacter/",
        {"subject": BROKEN, "territory": "", "message": "Bonjour.", "consent_share": "on"},
    )
    assert "une seule ligne" in response.content.decode()
    assert not ContactRequest.objects.exists() and mailoutbox == []


def test_organisation_contact_subject_with_a_line_break_is_refused_at_the_form(client, mailoutbox):
    organisation = OrganisationFactory(name="Foyer rural")
    organisation.members.add(UserFactory())
    client.force_login(UserFactory())
    response = client.post(
        reverse("actors:contact", args=[organisation.pk]),
        {"sender_name": "Jean", "sender_email": "jean@example.org", "subject": BROKEN, "body": "Bonjour"},
    )
    assert "une seule ligne" in response.content.decode()
    assert not ContactMessage.objects.exists()
    assert mailoutbox == []


# --- stored titles with a line break: the email goes out with a clean subject ---------------


def test_invitation_to_an_alliance_whose_title_has_a_line_break(client, django_capture_on_commit_callbacks, mailoutbox):
    alliance = AllianceFactory(title=BROKEN)
    pilot = MembershipFactory(alliance=alliance, role="pilote").user
    client.force_login(pilot)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnerships:members", args=[alliance.pk]),
            {
                "email": "asso@example.org",
                "organisation_name": "Association Lozère Solidaire",
                "organisation_name_type": "association",
                "role": "partenaire",
            },
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(alliance=alliance).count() == 1
    assert [m.to for m in mailoutbox] == [["asso@example.org"]]
    _assert_clean(mailoutbox[0], "Jardins partagés")


def test_join_request_to_an_alliance_whose_title_has_a_line_break(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    alliance = AllianceFactory(title=BROKEN, visibility="inscrits")
    pilot = MembershipFactory(alliance=alliance, role="pilote").user
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnerships:join", args=[alliance.pk]),
            {"organisation_name": "SARL Bois de Lozère", "organisation_name_type": "entreprise"},
        )
    assert response.status_code == 302
    assert JoinRequest.objects.filter(alliance=alliance).count() == 1
    assert [m.to for m in mailoutbox] == [[pilot.email]]
    _assert_clean(mailoutbox[0], "Jardins partagés")


def test_catalyst_contact_and_its_acceptance_with_a_stored_subject_on_two_lines(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    request = ContactRequestFactory(subject=BROKEN)
    client.force_login(request.catalyst.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/catalyseurs/demandes/{request.pk}/accepter/")
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        _assert_clean(message, "Mise en relation acceptée", "Jardins partagés")


def test_practice_contact_about_a_practice_whose_title_has_a_line_break(client, mailoutbox):
    practice = published_practice(title=BROKEN)
    response = client.post(
        reverse("practices:contact", kwargs={"pk": practice.pk}),
        {"name": "Jeanne", "email": "jeanne@example.org", "message": "Bonjour"},
    )
    assert response.status_code == 302
    assert mailoutbox[-1].to == [practice.contributor.email]
    _assert_clean(mailoutbox[-1], "Jardins partagés")


def test_moderators_are_told_of_a_practice_whose_title_has_a_line_break(django_capture_on_commit_callbacks, mailoutbox):
    moderator(email="moderation@example.org")
    practice = published_practice(title=BROKEN)
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.correction_propose(practice=practice, author=UserFactory(), text="La date est 2021.")
    assert "moderation@example.org" in next(m for m in mailoutbox if "Correction" in m.subject).to
    _assert_clean(next(m for m in mailoutbox if "Correction" in m.subject), "Jardins partagés")


def test_organisation_contact_reaches_members_of_an_organisation_named_on_two_lines(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    organisation = OrganisationFactory(name="Foyer\nrural")
    organisation.members.add(UserFactory(email="secretariat@example.org"))
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("actors:contact", args=[organisation.pk]),
            {"sender_name": "Jean", "sender_email": "jean@example.org", "subject": "Fête", "body": "Bonjour"},
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["secretariat@example.org"]]
    _assert_clean(mailoutbox[0], "Foyer rural", "Fête")
    assert mailoutbox[0].reply_to == ["jean@example.org"]
