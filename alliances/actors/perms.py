"""Who may do what in the directory: predicates shared by the app's services and views.

Organisation pages are public: refusals here are `Forbidden` (403), never hidden.
"""

from __future__ import annotations

from alliances.accounts.perms import is_moderator
from alliances.actors.models import Organisation
from alliances.core.permissions import Forbidden

__all__ = ["can_edit", "has_verified_link", "is_moderator", "require_edit", "require_moderator"]


def can_edit(user, organisation: Organisation) -> bool:
    """Moderators, and the members of the organisation (their claim was approved)."""
    if not (user and user.is_authenticated):
        return False
    return is_moderator(user) or organisation.members.filter(pk=user.pk).exists()


def require_edit(user, organisation: Organisation) -> None:
    if not can_edit(user, organisation):
        raise Forbidden("Seuls les membres de l'organisation peuvent modifier sa présentation.")


def require_moderator(user) -> None:
    if not is_moderator(user):
        raise Forbidden("Seuls les modérateurs valident les demandes de rattachement.")


def has_verified_link(user, organisation_id: int | None) -> bool:
    """The account's link to the organisation is verified: it is one of its members (claim approved)."""
    if organisation_id is None or not (user and user.is_authenticated):
        return False
    return Organisation.members.through.objects.filter(user_id=user.pk, organisation_id=organisation_id).exists()
