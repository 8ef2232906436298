"""Who may do what in the catalysts' network: predicates shared by the app's services and views.

A profile that is not visible (waiting for validation, refused, hidden by its owner) is its owner's
and the moderators' only; a contact request is its two parties' only: to anyone else they are
`Hidden` (404), like missing ones.
"""

from __future__ import annotations

from alliances.accounts.enums import Role
from alliances.accounts.perms import is_moderator
from alliances.catalysts.models import CatalystProfile, ContactRequest
from alliances.core.permissions import Forbidden

__all__ = ["can_answer", "can_edit_profile", "can_view_profile", "is_catalyst", "is_moderator", "require_moderator"]


def is_catalyst(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.CATALYST))


def can_view_profile(user, profile: CatalystProfile) -> bool:
    if profile.is_visible:
        return True
    return bool(user and user.is_authenticated and (profile.user_id == user.pk or is_moderator(user)))


def can_edit_profile(user, profile: CatalystProfile) -> bool:
    """A catalyst edits their own profile only."""
    return is_catalyst(user) and profile.user_id == user.pk


def can_answer(user, request: ContactRequest) -> bool:
    """Accept, decline or close a contact request: the catalyst it was sent to."""
    return bool(user and user.is_authenticated and request.catalyst.user_id == user.pk)


def require_moderator(user) -> None:
    if not is_moderator(user):
        raise Forbidden("La validation des profils est réservée aux modérateurs.")
