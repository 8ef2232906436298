"""Writes on the workspace items of an alliance (checklist, commitments, meetings, indicators…)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from alliances.partnerships import perms, valuation
from alliances.partnerships.enums import Step
from alliances.partnerships.models import (
    Alliance,
    ChecklistItem,
    Commitment,
    Indicator,
    ItemBase,
    Measurement,
    Meeting,
)
from alliances.partnerships.services.common import (
    _diff,
    _guarded_update,
    history_record,
)
from alliances.partnerships.services.life import meeting_after_write

if TYPE_CHECKING:
    from alliances.accounts.models import User

_Item = TypeVar("_Item", bound=ItemBase)


# --- workspace items ----------------------------------------------------------------------


def _valued(model: type[ItemBase], data: dict[str, Any], *, instance: ItemBase | None = None) -> dict[str, Any]:
    """`data` with a commitment's value computed from its kind, hours and rate (other items: unchanged)."""
    if model is not Commitment:
        return data

    def current(name: str) -> Any:
        return data[name] if name in data else getattr(instance, name, None)

    recorded = timezone.localtime(instance.created_at).date() if instance is not None else timezone.localdate()
    return {
        **data,
        **valuation.valued(
            kind=current("kind"),
            amount_eur=current("amount_eur"),
            hours=current("hours"),
            hourly_rate_eur=current("hourly_rate_eur"),
            on=current("start_date") or recorded,
        ),
    }


@transaction.atomic
def item_create(
    *, alliance: Alliance, model: type[_Item], data: dict[str, Any], by: User, organisation_name: str = ""
) -> _Item:
    """Add a workspace item of the alliance (checklist point, commitment, meeting…) from its fields.

    `organisation_name` (the author's organisation) applies when `data` names none.
    """
    # Checklist points frame the method's steps: pilotes (and administrators) only.
    perms.require(by, alliance, perms.can_manage if model is ChecklistItem else perms.can_contribute)
    item = model(**_valued(model, data), alliance=alliance, created_by=by)
    if not item.organisation_name:
        item.organisation_name = organisation_name
    item.full_clean(exclude=["alliance"])
    item.save()
    history_record(alliance=alliance, by=by, action=f"a ajouté : {item._meta.verbose_name}", target=str(item))
    if isinstance(item, Meeting):
        meeting_after_write(meeting=item, created=True)
    return item


@transaction.atomic
def item_update(*, item: _Item, by: User, data: dict[str, Any], expected_version: int) -> _Item:
    perms.require_item(by, item.alliance, item)
    item = type(item)._default_manager.get(pk=item.pk)
    data = _valued(type(item), data, instance=item)
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
    if isinstance(item, Meeting):
        meeting_after_write(meeting=item, created=False, changed=changes)
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
