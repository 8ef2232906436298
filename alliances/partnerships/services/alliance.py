"""Writes on the alliance itself: create, update, step, delete, restore, purge."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from alliances.core.permissions import Forbidden, Hidden
from alliances.partnerships import perms
from alliances.partnerships.checklists import DEFAULT_CHECKLISTS
from alliances.partnerships.enums import MemberRole
from alliances.partnerships.models import (
    Alliance,
    ChecklistItem,
    Membership,
)
from alliances.partnerships.services.common import (
    AllianceError,
    NewOrganisation,
    _diff,
    _guarded_update,
    _named,
    history_record,
    organisation_resolve,
)

if TYPE_CHECKING:
    from alliances.accounts.models import User
    from alliances.actors.models import Organisation


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
    was_listed = alliance.call_is_listed
    alliance = _guarded_update(alliance, data, expected_version)
    if alliance.call_is_listed and not was_listed:
        call_mark_opened(alliance)
    if changes:
        history_record(alliance=alliance, by=by, action="a modifié l'alliance", target=alliance.title, changes=changes)
    return alliance


def call_mark_opened(alliance: Alliance, *, now: datetime | None = None) -> None:
    """Date the call's appearance on /appels/: the alerts saved on that list announce it from then.

    Called when the call becomes listed (opened, reopened after its deadline, its alliance made
    public), not when an open call is edited: an alert tells of a new call once, not of each change.
    """
    alliance.call_opened_at = now or timezone.now()
    Alliance.objects.filter(pk=alliance.pk).update(call_opened_at=alliance.call_opened_at)


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
