"""Shared by the partnerships services: errors, organisations named in forms, history, versioned updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db import models
from django.db.models import F
from django.utils import timezone

from alliances.partnerships.models import (
    Alliance,
    HistoryEntry,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from alliances.accounts.models import User
    from alliances.actors.models import Organisation
    from alliances.territories.models import Territory

_Model = TypeVar("_Model", bound=models.Model)


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

    A created organisation is placed in the alliance's commune when the alliance is on a commune; it
    stays out of the public directory until a moderator lists it (a demo one is listed at once).
    Returns None when nothing was picked.
    """
    if organisation is None or not isinstance(organisation, NewOrganisation):
        return organisation
    from alliances.actors.enums import ListingStatus
    from alliances.actors.services import ActorsError, organisation_create

    commune = territory if territory is not None and territory.kind == "commune" else None
    try:
        return organisation_create(
            name=organisation.name,
            kind=organisation.kind,
            commune=commune,
            created_by=by if by is not None and by.is_authenticated else None,
            is_demo=is_demo,
            listing=ListingStatus.LISTED if is_demo else ListingStatus.PENDING,
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
