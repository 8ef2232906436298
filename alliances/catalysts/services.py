"""Writes of the catalysts' network: profiles, moderation, contact requests, personal data.

Each business operation is one keyword-only function run in a transaction; emails leave
only once the transaction has committed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alliances.accounts.enums import Role
from alliances.catalysts import perms
from alliances.catalysts.enums import ProfileStatus, RequestStatus
from alliances.catalysts.models import CatalystProfile, ContactRequest
from alliances.core.emails import email_send
from alliances.core.search import delete_document, index_document
from alliances.core.uploads import reencode_image
from alliances.territories.models import Territory

if TYPE_CHECKING:
    from alliances.accounts.models import User
    from alliances.sdg.models import Sdg

DAILY_REQUEST_LIMIT = 5
PHOTO_SIZE = (480, 480)


class CatalystError(Exception):
    """A business rule refused the operation; the message is French and shown to the user."""


class RequestLimitReached(CatalystError):
    pass


class NotAllowed(CatalystError):
    pass


def _absolute(site_url: str, path: str) -> str:
    """Links in emails need the site's address, which the view knows (request host)."""
    return (site_url or getattr(settings, "ALLIANCES_SITE_URL", "")).rstrip("/") + path


# --- Profiles ------------------------------------------------------------------------------

SEARCH_KIND = "catalyst"


def catalyst_index(profile: CatalystProfile) -> None:
    """Put a visible profile in the global search, or take a hidden one out of it."""
    if not CatalystProfile.objects.visible().filter(pk=profile.pk).exists():
        delete_document(kind=SEARCH_KIND, object_id=profile.pk)
        return
    territories = list(profile.territories.all())
    index_document(
        kind=SEARCH_KIND,
        object_id=profile.pk,
        title=profile.name,
        body="\n".join(
            [
                profile.organisation_name,
                profile.bio,
                profile.experience,
                *profile.metier_labels(),
                *profile.theme_labels(),
                *(t.name for t in territories),
            ]
        ),
        tags=[
            *(f"metier:{m}" for m in profile.metiers),
            *(f"theme:{t}" for t in profile.themes),
            *(f"odd:{s.number}" for s in profile.sdgs.all()),
        ],
    )


def reencode_photo(upload: IO[bytes]) -> ContentFile:
    """Return the photo as a new JPEG at most PHOTO_SIZE: what was uploaded is never served,
    so neither its metadata (GPS position…) nor a payload hidden in it reaches visitors."""
    return ContentFile(reencode_image(upload, image_format="JPEG", max_size=PHOTO_SIZE), name=f"{uuid.uuid4().hex}.jpg")


@transaction.atomic
def catalyst_profile_save(
    *,
    profile: CatalystProfile,
    by: User,
    photo_upload: IO[bytes] | None = None,
    remove_photo: bool = False,
    territories: Iterable[Territory] | None = None,
    sdgs: Iterable[Sdg] | None = None,
) -> CatalystProfile:
    """Save a catalyst's own profile. A new profile waits for a moderator's validation."""
    if profile.user_id != by.pk:
        raise NotAllowed("Vous ne pouvez modifier que votre propre profil.")
    if not perms.can_edit_profile(by, profile):
        raise NotAllowed("Seuls les comptes ayant le rôle de catalyseur territorial ont un profil.")
    if profile.pk is None:
        profile.status = ProfileStatus.PENDING
    if remove_photo and profile.photo:
        profile.photo.delete(save=False)
        profile.photo = ""
    if photo_upload is not None:
        if profile.photo:
            profile.photo.delete(save=False)
        profile.photo = reencode_photo(photo_upload)
    profile.save()
    if territories is not None:
        profile.territories.set(territories)
    if sdgs is not None:
        profile.sdgs.set(sdgs)
    catalyst_index(profile)
    return profile


@transaction.atomic
def catalyst_profile_moderate(*, profile: CatalystProfile, by: User, approve: bool) -> CatalystProfile:
    """A moderator validates a profile (it becomes visible if public) or refuses it."""
    perms.require_moderator(by)
    profile.status = ProfileStatus.VALIDATED if approve else ProfileStatus.REJECTED
    profile.moderated_by = by
    profile.moderated_at = timezone.now()
    profile.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
    catalyst_index(profile)
    return profile


def catalyst_role_grant(*, user: User) -> None:
    """Give a user the catalyst role (done by an administrator, or by the demo)."""
    group, _ = Group.objects.get_or_create(name=Role.CATALYST.value)
    user.groups.add(group)


# --- Contact requests ----------------------------------------------------------------------


def requests_sent_today(sender: User) -> int:
    """Requests sent in the last 24 hours: the limit slides, so it cannot be doubled at midnight."""
    since = timezone.now() - timedelta(days=1)
    return ContactRequest.objects.filter(sender=sender, created_at__gte=since).count()


@transaction.atomic
def contact_request_create(
    *,
    sender: User,
    catalyst: CatalystProfile,
    subject: str,
    message: str,
    territory: Territory | None,
    consent_share: bool,
    site_url: str = "",
) -> ContactRequest:
    """Record a contact request and email the catalyst; refuse beyond DAILY_REQUEST_LIMIT a day."""
    if not consent_share:
        raise CatalystError(
            "Cochez la case d'accord : le catalyseur doit pouvoir recevoir vos coordonnées si cette personne accepte."
        )
    if not catalyst.is_visible:
        raise NotAllowed("Ce profil n'est pas ouvert aux demandes de mise en relation.")
    if catalyst.unreachable_reason:
        raise NotAllowed(catalyst.unreachable_reason)
    if catalyst.user_id == sender.pk:
        raise NotAllowed("Vous ne pouvez pas vous adresser une demande à vous-même.")
    # Lock the sender's row so that two simultaneous submissions cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=sender.pk).first()
    if requests_sent_today(sender) >= DAILY_REQUEST_LIMIT:
        raise RequestLimitReached(
            f"Vous avez déjà envoyé {DAILY_REQUEST_LIMIT} demandes de mise en relation au cours des "
            "dernières 24 heures, le maximum autorisé. Votre message n'a pas été envoyé : "
            "vous pourrez réessayer demain."
        )
    request = ContactRequest.objects.create(
        catalyst=catalyst,
        sender=sender,
        subject=subject.strip(),
        message=message.strip(),
        territory=territory,
        consent_share=True,
    )
    transaction.on_commit(lambda: _email_new_request(request, site_url))
    return request


def _email_new_request(request: ContactRequest, site_url: str) -> None:
    context = {"request": request, "space_url": _absolute(site_url, reverse("catalysts:space"))}
    email_send(
        subject=f"[Alliances en territoire] Nouvelle demande de mise en relation : {request.subject}",
        body=render_to_string("catalysts/emails/new_request.txt", context),
        to=[request.catalyst.user.email],
    )


def _check_catalyst(request: ContactRequest, by: User) -> None:
    if not perms.can_answer(by, request):
        raise NotAllowed("Seul le catalyseur destinataire peut répondre à cette demande.")


@transaction.atomic
def contact_request_accept(*, request: ContactRequest, by: User) -> ContactRequest:
    """Accept: each side receives the other's details by email (never on a page)."""
    _check_catalyst(request, by)
    if request.status != RequestStatus.NEW:
        raise CatalystError("Cette demande a déjà reçu une réponse.")
    if request.sender is None or not request.sender.is_active:
        raise CatalystError("L'auteur de cette demande a supprimé son compte : elle ne peut plus être acceptée.")
    request.status = RequestStatus.ACCEPTED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    transaction.on_commit(lambda: _email_accepted(request))
    return request


def _email_accepted(request: ContactRequest) -> None:
    catalyst_user, sender = request.catalyst.user, request.sender
    assert sender is not None
    for recipient, other_name, other_organisation, other_email in (
        (sender, request.catalyst.name, request.catalyst.organisation_name, catalyst_user.email),
        (catalyst_user, sender.public_name, sender.organisation_name, sender.email),
    ):
        email_send(
            subject=f"[Alliances en territoire] Mise en relation acceptée : {request.subject}",
            body=render_to_string(
                "catalysts/emails/accepted.txt",
                {
                    "request": request,
                    "other_name": other_name,
                    "other_organisation": other_organisation,
                    "other_email": other_email,
                },
            ),
            to=[recipient.email],
        )


@transaction.atomic
def contact_request_decline(*, request: ContactRequest, by: User, message: str) -> ContactRequest:
    _check_catalyst(request, by)
    if request.status != RequestStatus.NEW:
        raise CatalystError("Cette demande a déjà reçu une réponse.")
    if not message.strip():
        raise CatalystError("Écrivez quelques mots à l'auteur de la demande pour expliquer votre refus.")
    request.status = RequestStatus.DECLINED
    request.response_message = message.strip()
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "response_message", "answered_at"])
    sender = request.sender
    if sender is not None and sender.is_active:
        transaction.on_commit(
            lambda: email_send(
                subject=f"[Alliances en territoire] Réponse à votre demande : {request.subject}",
                body=render_to_string("catalysts/emails/declined.txt", {"request": request}),
                to=[sender.email],
            )
        )
    return request


@transaction.atomic
def contact_request_close(*, request: ContactRequest, by: User) -> ContactRequest:
    _check_catalyst(request, by)
    if request.status == RequestStatus.CLOSED:
        return request
    request.status = RequestStatus.CLOSED
    request.answered_at = request.answered_at or timezone.now()
    request.save(update_fields=["status", "answered_at"])
    return request
