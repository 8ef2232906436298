"""Writes on accounts: roles."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from alliances.accounts.enums import Role
from alliances.accounts.models import User
from alliances.core.audit import audit_log


def administrators_group_sync() -> Group:
    """Give the administrators' group every permission (new models included)."""
    group, _ = Group.objects.get_or_create(name=Role.ADMINISTRATOR.value)
    group.permissions.set(Permission.objects.all())
    return group


@transaction.atomic
def role_grant(*, user: User, role: Role, by: User | None = None) -> None:
    """Give a role; administrators also get access to the Django admin."""
    group = (
        administrators_group_sync() if role == Role.ADMINISTRATOR else Group.objects.get_or_create(name=role.value)[0]
    )
    user.groups.add(group)
    if role == Role.ADMINISTRATOR and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_log(action="droits.role_accorde", actor=by, target=user, details={"role": role.value})


@transaction.atomic
def role_revoke(*, user: User, role: Role, by: User | None = None) -> None:
    user.groups.remove(*Group.objects.filter(name=role.value))
    if role == Role.ADMINISTRATOR and user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    audit_log(action="droits.role_retire", actor=by, target=user, details={"role": role.value})
