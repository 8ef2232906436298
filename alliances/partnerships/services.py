"""Writes of the partnerships app: one function per business operation, each in a transaction
that also records the history entry; emails are sent once the transaction commits.

Each operation checks its `by` against perms.py first (`perms.require`): views, the API and commands
share one rule, and a refusal is `Hidden` (404) or `Forbidden` (403) from alliances.core.permissions.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from alliances.core.emails import email_send
from alliances.core.permissions import Forbidden, Hidden
from alliances.partnerships import perms
from alliances.partnerships.checklists import DEFAULT_CHECKLISTS
from alliances.partnerships.enums import MemberRole, RequestStatus, Step
from alliances.partnerships.models import (
    ActorTarget,
    Alliance,
    ChecklistItem,
    DiagnosticItem,
    HistoryEntry,
    Indicator,
    Invitation,
    ItemBase,
    JoinRequest,
    Measurement,
    Membership,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from alliances.accounts.models import User
    from alliances.actors.models import Organisation
    from alliances.catalysts.models import CatalystProfile
    from alliances.territories.models import Territory

_Model = TypeVar("_Model", bound=models.Model)
_Item = TypeVar("_Item", bound=ItemBase)

INVITATION_VALIDITY = timedelta(days=14)
_INVITATION_SALT = "alliances.partnerships.invitation"


class AllianceError(Exception):
    """A business rule was broken; the message is French and shown to the user."""


class ConflictError(AllianceError):
    """Someone saved the same item since the form was opened: nothing was overwritten."""

    def __init__(self, current: models.Model) -> None:
        self.current = current
        super().__init__(
            "Un autre membre a modifié cet élément pendant que vous le modifiiez. "
            "Vos changements n'ont pas été enregistrés : voici la version actuelle, "
            "reportez-y vos modifications puis enregistrez à nouveau."
        )


class InvitationError(AllianceError):
    pass


# --- organisations of the directory ---------------------------------------------------------


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation the user asked to create in the directory (it was not there)."""

    name: str
    kind: str


def organisation_resolve(
    *,
    organisation: Organisation | NewOrganisation | None,
    by: User | AnonymousUser | None,
    territory: Territory | None = None,
    is_demo: bool = False,
) -> Organisation | None:
    """The directory organisation a picker chose; create it when the user asked to (`NewOrganisation`).

    A created organisation is placed in the alliance's commune when the alliance is on a commune.
    Returns None when nothing was picked.
    """
    if organisation is None or not isinstance(organisation, NewOrganisation):
        return organisation
    from alliances.actors.services import ActorsError, organisation_create

    commune = territory if territory is not None and territory.kind == "commune" else None
    try:
        return organisation_create(
            name=organisation.name,
            kind=organisation.kind,
            commune=commune,
            created_by=by if by is not None and by.is_authenticated else None,
            is_demo=is_demo,
        )
    except ActorsError as error:
        raise AllianceError(str(error)) from error


def _named(organisation: Organisation | None, name: str) -> str:
    return organisation.name[:200] if organisation is not None else name


# --- history ------------------------------------------------------------------------------


def _display(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal | date):
        return str(value)
    if isinstance(value, list | tuple | set | models.QuerySet):
        return ", ".join(sorted(str(v) for v in value))
    return value


def history_record(
    *, alliance: Alliance, by: User | AnonymousUser | None, action: str, target: str = "", changes: dict | None = None
) -> HistoryEntry:
    """Record who did what, when (changes: {field label: [before, after]})."""
    return HistoryEntry.objects.create(
        alliance=alliance,
        user=by if by and by.is_authenticated else None,
        action=action,
        target=target[:300],
        changes=changes or {},
    )


def _diff(instance: models.Model, data: dict[str, Any]) -> dict[str, list]:
    changes = {}
    for name, new in data.items():
        # The keys are a form's fields: concrete fields, never a reverse relation.
        field = cast(models.Field, instance._meta.get_field(name))
        if field.many_to_many:
            old = list(getattr(instance, name).all()) if instance.pk else []
            if {o.pk for o in old} != {n.pk for n in new}:
                changes[str(field.verbose_name)] = [_display(old), _display(list(new))]
            continue
        old = getattr(instance, name)
        if old != new:
            changes[str(field.verbose_name)] = [_display(old), _display(new)]
    return changes


def _guarded_update(instance: _Model, data: dict[str, Any], expected_version: int) -> _Model:
    """Write `data` only if nobody saved the row since `expected_version` was read.

    The check and the write are one UPDATE … WHERE version = n, atomic on SQLite and PostgreSQL.
    """
    model = type(instance)
    plain = {k: v for k, v in data.items() if not model._meta.get_field(k).many_to_many}
    extra = {"updated_at": timezone.now()} if any(f.name == "updated_at" for f in model._meta.fields) else {}
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **plain, **extra, version=F("version") + 1
    )
    if not updated:
        raise ConflictError(model._default_manager.get(pk=instance.pk))
    for name, value in data.items():
        if model._meta.get_field(name).many_to_many:
            getattr(instance, name).set(value)
    instance.refresh_from_db()
    return instance


# --- alliance -----------------------------------------------------------------------------


@transaction.atomic
def alliance_create(
    *,
    by: User,
    data: dict[str, Any],
    organisation_name: str = "",
    organisation: Organisation | NewOrganisation | None = None,
    is_demo: bool = False,
) -> Alliance:
    """Create an alliance; its creator becomes its first pilote; seed the method's checklists.

    `data["lead_organisation"]` and `organisation` (the creator's) may be directory organisations
    or `NewOrganisation` to create; without `organisation` the creator represents the lead one.
    """
    if by is None or not by.is_authenticated:
        raise Forbidden("Connectez-vous pour créer une alliance.")
    data = dict(data)
    sdgs = data.pop("sdgs", [])
    territory = data["territory"]
    lead = organisation_resolve(
        organisation=data.pop("lead_organisation", None), by=by, territory=territory, is_demo=is_demo
    )
    data["lead_organisation_name"] = _named(lead, data.get("lead_organisation_name", ""))
    alliance = Alliance.objects.create(created_by=by, is_demo=is_demo, lead_organisation=lead, **data)
    alliance.sdgs.set(sdgs)
    if organisation is None and organisation_name in ("", alliance.lead_organisation_name):
        mine = lead
    else:
        mine = organisation_resolve(organisation=organisation, by=by, territory=territory, is_demo=is_demo)
    Membership.objects.create(
        alliance=alliance,
        user=by,
        role=MemberRole.PILOT,
        organisation=mine,
        organisation_name=_named(mine, organisation_name or alliance.lead_organisation_name),
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(alliance=alliance, step=step, label=label, position=i, created_by=by)
        for step, labels in DEFAULT_CHECKLISTS.items()
        for i, label in enumerate(labels)
    )
    history_record(alliance=alliance, by=by, action="a créé l'alliance", target=alliance.title)
    return alliance


@transaction.atomic
def alliance_update(*, alliance: Alliance, by: User, data: dict[str, Any], expected_version: int) -> Alliance:
    perms.require(by, alliance, perms.can_manage)
    # Compare with the stored row: a bound ModelForm has already copied the new values onto its instance.
    alliance = Alliance.objects.get(pk=alliance.pk)
    if "lead_organisation" in data:
        data = dict(data)
        data["lead_organisation"] = organisation_resolve(
            organisation=data["lead_organisation"],
            by=by,
            territory=data.get("territory", alliance.territory),
            is_demo=alliance.is_demo,
        )
        data["lead_organisation_name"] = _named(data["lead_organisation"], data.get("lead_organisation_name", ""))
    changes = _diff(alliance, data)
    alliance = _guarded_update(alliance, data, expected_version)
    if changes:
        history_record(alliance=alliance, by=by, action="a modifié l'alliance", target=alliance.title, changes=changes)
    return alliance


@transaction.atomic
def alliance_set_step(*, alliance: Alliance, by: User, step: str) -> Alliance:
    perms.require(by, alliance, perms.can_manage)
    before = alliance.get_step_display()
    Alliance.objects.filter(pk=alliance.pk).update(step=step, version=F("version") + 1, updated_at=timezone.now())
    alliance.refresh_from_db()
    history_record(
        alliance=alliance,
        by=by,
        action="a changé d'étape",
        target=alliance.title,
        changes={"étape": [before, alliance.get_step_display()]},
    )
    return alliance


@transaction.atomic
def alliance_delete(*, alliance: Alliance, by: User) -> Alliance:
    """Soft delete: hidden everywhere, restorable by a pilote for 30 days."""
    if alliance.is_deleted:
        raise AllianceError("Cette alliance est déjà supprimée.")
    perms.require(by, alliance, perms.can_manage)
    alliance.deleted_at = timezone.now()
    alliance.deleted_by = by
    alliance.save(update_fields=["deleted_at", "deleted_by"])
    history_record(alliance=alliance, by=by, action="a supprimé l'alliance", target=alliance.title)
    return alliance


@transaction.atomic
def alliance_restore(*, alliance: Alliance, by: User) -> Alliance:
    if not alliance.is_deleted or not (perms.is_pilot(by, alliance) or perms.is_administrator(by)):
        raise Hidden("Alliance introuvable.")
    if not alliance.can_be_restored:
        raise AllianceError("Le délai de 30 jours pour restaurer cette alliance est dépassé.")
    alliance.deleted_at = None
    alliance.deleted_by = None
    alliance.save(update_fields=["deleted_at", "deleted_by"])
    history_record(alliance=alliance, by=by, action="a restauré l'alliance", target=alliance.title)
    return alliance


@transaction.atomic
def alliances_purge_deleted(*, now: datetime | None = None) -> int:
    """Delete for good the alliances deleted more than 30 days ago."""
    from alliances.partnerships.models import RESTORE_DELAY

    limit = (now or timezone.now()) - RESTORE_DELAY
    # delete() counts every cascaded row too: report the alliances only.
    _, per_model = Alliance.objects.filter(deleted_at__lt=limit).delete()
    return per_model.get(Alliance._meta.label, 0)


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
    if answers_call and not alliance.call_open:
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


# --- workspace items ----------------------------------------------------------------------


@transaction.atomic
def item_create(
    *, alliance: Alliance, model: type[_Item], data: dict[str, Any], by: User, organisation_name: str = ""
) -> _Item:
    """Add a workspace item of the alliance (checklist point, commitment, meeting…) from its fields.

    `organisation_name` (the author's organisation) applies when `data` names none.
    """
    # Checklist points frame the method's steps: pilotes (and administrators) only.
    perms.require(by, alliance, perms.can_manage if model is ChecklistItem else perms.can_contribute)
    item = model(**data, alliance=alliance, created_by=by)
    if not item.organisation_name:
        item.organisation_name = organisation_name
    item.full_clean(exclude=["alliance"])
    item.save()
    history_record(alliance=alliance, by=by, action=f"a ajouté : {item._meta.verbose_name}", target=str(item))
    return item


@transaction.atomic
def item_update(*, item: _Item, by: User, data: dict[str, Any], expected_version: int) -> _Item:
    perms.require_item(by, item.alliance, item)
    item = type(item)._default_manager.get(pk=item.pk)
    changes = _diff(item, data)
    item = _guarded_update(item, data, expected_version)
    if changes:
        history_record(
            alliance=item.alliance,
            by=by,
            action=f"a modifié : {item._meta.verbose_name}",
            target=str(item),
            changes=changes,
        )
    return item


@transaction.atomic
def item_delete(*, item: ItemBase, by: User) -> None:
    perms.require_item(by, item.alliance, item)
    history_record(alliance=item.alliance, by=by, action=f"a supprimé : {item._meta.verbose_name}", target=str(item))
    item.delete()


@transaction.atomic
def checklist_toggle(*, item: ChecklistItem, by: User, done: bool) -> ChecklistItem:
    perms.require(by, item.alliance, perms.can_contribute)
    ChecklistItem.objects.filter(pk=item.pk).update(done=done, version=F("version") + 1, updated_at=timezone.now())
    item.refresh_from_db()
    history_record(
        alliance=item.alliance, by=by, action="a coché un point" if done else "a décoché un point", target=item.label
    )
    return item


@transaction.atomic
def measurement_add(*, indicator: Indicator, by: User, date: date, value: Decimal, source: str) -> Measurement:
    perms.require_item(by, indicator.alliance, indicator)
    measurement = Measurement.objects.create(indicator=indicator, date=date, value=value, source=source, created_by=by)
    history_record(
        alliance=indicator.alliance,
        by=by,
        action="a ajouté une mesure",
        target=f"{indicator.name} : {value} au {date:%d/%m/%Y}",
    )
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement, by: User) -> None:
    indicator = measurement.indicator
    perms.require_item(by, indicator.alliance, indicator)
    history_record(
        alliance=indicator.alliance,
        by=by,
        action="a supprimé une mesure",
        target=f"{indicator.name} : {measurement.value} au {measurement.date:%d/%m/%Y}",
    )
    measurement.delete()


__all__ = ["Step"]
