"""Writes on the members of an alliance: invitations, join requests, roles, organisations."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from alliances.alerts.services import notify
from alliances.core.emails import email_send
from alliances.core.permissions import Forbidden
from alliances.partnerships import perms
from alliances.partnerships.enums import MemberRole, RequestStatus
from alliances.partnerships.models import (
    ActorTarget,
    Alliance,
    DiagnosticItem,
    Invitation,
    JoinRequest,
    Membership,
)
from alliances.partnerships.services.common import (
    AllianceError,
    InvitationError,
    NewOrganisation,
    _named,
    history_record,
    organisation_resolve,
)

if TYPE_CHECKING:
    from alliances.accounts.models import User
    from alliances.actors.models import Organisation
    from alliances.catalysts.models import CatalystProfile


from alliances.partnerships.services.items import item_create

INVITATION_VALIDITY = timedelta(days=14)
_INVITATION_SALT = "alliances.partnerships.invitation"


# --- members --------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=_INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """Return the invitation of a link; raise InvitationError (French) when it cannot be used."""
    try:
        payload = signing.loads(token, salt=_INVITATION_SALT, max_age=INVITATION_VALIDITY)
    except signing.SignatureExpired as error:
        raise InvitationError("Ce lien d'invitation a expiré. Demandez une nouvelle invitation au pilote.") from error
    except signing.BadSignature as error:
        raise InvitationError("Ce lien d'invitation n'est pas valide.") from error
    invitation = (
        Invitation.objects.select_related("alliance").filter(pk=payload.get("i"), nonce=payload.get("n")).first()
    )
    if invitation is None or invitation.alliance.is_deleted:
        raise InvitationError("Cette invitation n'existe plus.")
    if invitation.accepted_at is not None:
        raise InvitationError("Cette invitation a déjà été utilisée.")
    if timezone.now() >= invitation.expires_at:
        raise InvitationError("Ce lien d'invitation a expiré. Demandez une nouvelle invitation au pilote.")
    return invitation


@transaction.atomic
def invitation_send(
    *,
    alliance: Alliance,
    by: User,
    email: str,
    role: str,
    organisation_name: str = "",
    organisation: Organisation | NewOrganisation | None = None,
    message: str = "",
    base_url: str,
) -> Invitation:
    """Invite someone by email; the link expires after 14 days and works once.

    `organisation`: the directory organisation the person will represent (or `NewOrganisation`).
    """
    perms.require(by, alliance, perms.can_manage)
    organisation = organisation_resolve(
        organisation=organisation, by=by, territory=alliance.territory, is_demo=alliance.is_demo
    )
    organisation_name = _named(organisation, organisation_name)
    invitation = Invitation.objects.create(
        alliance=alliance,
        email=email.strip().lower(),
        role=role,
        organisation_name=organisation_name,
        organisation=organisation,
        message=message,
        nonce=secrets.token_hex(16),
        invited_by=by,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    from django.urls import reverse

    link = base_url.rstrip("/") + reverse("partnerships:invitation", kwargs={"token": invitation_token(invitation)})
    context = {
        "invitation": invitation,
        "alliance": alliance,
        "by": by,
        "link": link,
        "operator": settings.ALLIANCES_OPERATOR,
        "validity_days": INVITATION_VALIDITY.days,
    }
    subject = f"Invitation à rejoindre l'alliance « {alliance.title} »"
    body = render_to_string("partnerships/emails/invitation.txt", context)
    transaction.on_commit(lambda: email_send(subject=subject, body=body, to=[invitation.email]))
    history_record(
        alliance=alliance,
        by=by,
        action="a invité un membre",
        target=f"{organisation_name} ({invitation.get_role_display()})",
    )
    return invitation


@transaction.atomic
def catalyst_invite(
    *, alliance: Alliance, by: User, profile: CatalystProfile, base_url: str, message: str = ""
) -> Invitation:
    """Invite a catalyst of the network as accompagnateur: the invitation goes to their account's
    address, which the pilote never sees; once accepted, the member links to their catalyst profile."""
    perms.require(by, alliance, perms.can_manage)
    if not profile.is_visible:
        raise AllianceError("Ce profil de catalyseur n'est pas visible dans le réseau.")
    if profile.unreachable_reason:
        raise AllianceError(profile.unreachable_reason)
    if Membership.objects.filter(alliance=alliance, user_id=profile.user_id).exists():
        raise AllianceError(f"{profile.name} est déjà membre de l'alliance.")
    email = profile.user.email.strip().lower()
    if Invitation.objects.filter(
        alliance=alliance, email=email, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).exists():
        raise AllianceError(f"{profile.name} a déjà reçu une invitation qui n'a pas expiré.")
    return invitation_send(
        alliance=alliance,
        by=by,
        email=email,
        role=MemberRole.FACILITATOR,
        organisation_name=(profile.organisation_name or profile.name)[:200],
        message=message or "Nous aimerions que vous accompagniez notre alliance comme catalyseur territorial.",
        base_url=base_url,
    )


@transaction.atomic
def actor_target_from_directory(
    *, alliance: Alliance, by: User, organisation: Organisation, why: str = "", organisation_name: str = ""
) -> ActorTarget:
    """Put an organisation of the directory on the alliance's map of actors to involve (once)."""
    perms.require(by, alliance, perms.can_contribute)
    existing = ActorTarget.objects.filter(alliance=alliance, organisation=organisation).first()
    if existing is not None:
        raise AllianceError(f"{organisation.name} est déjà sur la carte des acteurs.")
    return item_create(
        alliance=alliance,
        model=ActorTarget,
        data={"name": organisation.name[:200], "organisation": organisation, "why": why[:300]},
        by=by,
        organisation_name=organisation_name,
    )


@transaction.atomic
def diagnostic_from_portrait(
    *, alliance: Alliance, by: User, kind: str, text: str, label: str, organisation_name: str = ""
) -> DiagnosticItem:
    """Copy a fragility or an asset the territory's portrait detects into the shared diagnostic (once)."""
    perms.require(by, alliance, perms.can_contribute)
    from alliances.partnerships.models import DiagnosticItem

    if DiagnosticItem.objects.filter(alliance=alliance, text=text).exists():
        raise AllianceError("Ce constat du portrait est déjà dans le diagnostic partagé.")
    return item_create(
        alliance=alliance,
        model=DiagnosticItem,
        data={"kind": kind, "text": text, "source": f"Portrait du territoire : {label}"[:200]},
        by=by,
        organisation_name=organisation_name,
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    # Lock the row so that two clicks on the link cannot both succeed.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise InvitationError("Cette invitation a déjà été utilisée ou a expiré.")
    alliance = invitation.alliance
    membership = Membership.objects.filter(alliance=alliance, user=user).first()
    if membership is None:
        membership = Membership.objects.create(
            alliance=alliance,
            user=user,
            role=invitation.role,
            organisation_name=invitation.organisation_name,
            organisation=invitation.organisation,
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    history_record(
        alliance=alliance,
        by=user,
        action="a rejoint l'alliance",
        target=f"{membership.organisation_name} ({membership.get_role_display()})",
    )
    return membership


@transaction.atomic
def join_request_create(
    *,
    alliance: Alliance,
    user: User,
    organisation_name: str = "",
    organisation: Organisation | NewOrganisation | None = None,
    message: str = "",
    answers_call: bool = False,
) -> JoinRequest:
    if user is None or not user.is_authenticated:
        raise Forbidden("Connectez-vous pour demander à rejoindre une alliance.")
    perms.require(user, alliance)
    if Membership.objects.filter(alliance=alliance, user=user).exists():
        raise AllianceError("Vous êtes déjà membre de cette alliance.")
    if JoinRequest.objects.filter(alliance=alliance, user=user, status=RequestStatus.PENDING).exists():
        raise AllianceError("Votre demande est déjà en attente d'une réponse des pilotes.")
    if answers_call and not alliance.call_is_open:
        raise AllianceError("L'appel à partenaires de cette alliance est clos.")
    organisation = organisation_resolve(
        organisation=organisation, by=user, territory=alliance.territory, is_demo=alliance.is_demo
    )
    organisation_name = _named(organisation, organisation_name)
    request = JoinRequest.objects.create(
        alliance=alliance,
        user=user,
        organisation_name=organisation_name,
        organisation=organisation,
        message=message,
        answers_call=answers_call,
    )
    history_record(
        alliance=alliance,
        by=user,
        action="a répondu à l'appel à partenaires" if answers_call else "a demandé à rejoindre l'alliance",
        target=organisation_name,
    )
    pilots = list(
        Membership.objects.filter(alliance=alliance, role=MemberRole.PILOT).values_list("user__email", flat=True)
    )
    if pilots:
        subject = f"Nouvelle demande pour l'alliance « {alliance.title} »"
        body = render_to_string("partnerships/emails/join_request.txt", {"request": request, "alliance": alliance})
        transaction.on_commit(lambda: email_send(subject=subject, body=body, to=pilots))
    return request


@transaction.atomic
def join_request_decide(
    *, join_request: JoinRequest, by: User, accept: bool, role: str = MemberRole.PARTNER
) -> JoinRequest:
    perms.require(by, join_request.alliance, perms.can_manage)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != RequestStatus.PENDING:
        raise AllianceError("Cette demande a déjà reçu une réponse.")
    join_request.status = RequestStatus.ACCEPTED if accept else RequestStatus.REFUSED
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    if accept:
        Membership.objects.get_or_create(
            alliance=join_request.alliance,
            user=join_request.user,
            defaults={
                "role": role,
                "organisation_name": join_request.organisation_name,
                "organisation": join_request.organisation,
            },
        )
    history_record(
        alliance=join_request.alliance,
        by=by,
        action="a accepté une demande" if accept else "a refusé une demande",
        target=join_request.organisation_name,
    )
    # The person waiting for the answer is told now: on the site and by email.
    alliance = join_request.alliance
    what = "réponse à l'appel à partenaires de" if join_request.answers_call else "demande pour rejoindre"
    verdict = "est acceptée : vous êtes membre" if accept else "n'a pas été retenue par les pilotes"
    notify(
        user=join_request.user,
        text=f"Votre {what} l'alliance « {alliance.title} » {verdict}.",
        url=alliance.get_absolute_url(),
    )
    return join_request


@transaction.atomic
def membership_update(*, membership: Membership, by: User, role: str) -> Membership:
    alliance = membership.alliance
    perms.require(by, alliance, perms.can_manage)
    if membership.role == MemberRole.PILOT and role != MemberRole.PILOT and _last_pilot(membership):
        raise AllianceError("L'alliance doit garder au moins un pilote.")
    before = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    history_record(
        alliance=alliance,
        by=by,
        action="a changé le rôle d'un membre",
        target=membership.organisation_name,
        changes={"rôle": [before, membership.get_role_display()]},
    )
    return membership


@transaction.atomic
def membership_set_organisation(
    *, membership: Membership, by: User, organisation: Organisation | NewOrganisation | None
) -> Membership:
    """Link a member to an organisation of the directory (or create it there).

    The name as written stays: the items the partner wrote carry it, and a partner edits its own items.
    """
    alliance = membership.alliance
    perms.require(
        by,
        alliance,
        lambda user, a: perms.can_manage(user, a) or (perms.is_member(user, a) and membership.user_id == user.pk),
    )
    organisation = organisation_resolve(
        organisation=organisation, by=by, territory=alliance.territory, is_demo=alliance.is_demo
    )
    membership.organisation = organisation
    membership.save(update_fields=["organisation"])
    history_record(
        alliance=alliance,
        by=by,
        action="a relié un membre à l'annuaire",
        target=f"{membership.organisation_name} → {organisation.name if organisation else '—'}",
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    perms.require(by, membership.alliance, perms.can_manage)
    if membership.role == MemberRole.PILOT and _last_pilot(membership):
        raise AllianceError("L'alliance doit garder au moins un pilote.")
    history_record(
        alliance=membership.alliance,
        by=by,
        action="a retiré un membre",
        target=f"{membership.organisation_name} ({membership.get_role_display()})",
    )
    membership.delete()


def _last_pilot(membership: Membership) -> bool:
    return (
        not Membership.objects.filter(alliance=membership.alliance, role=MemberRole.PILOT)
        .exclude(pk=membership.pk)
        .exists()
    )
