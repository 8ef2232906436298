"""Who may do what on an alliance: the single place where the app's permissions are decided.

Rules (documented in docs/partnerships.md):
- reading: a public alliance is readable by everyone, a "signed-in" one by any signed-in user,
  a private one by its members only (others get a 404, never a 403: its existence is private);
  administrators read everything (support);
- pilotes (and administrators) manage everything: the alliance, its members, its deletion;
- the accompagnateur (catalyst) and partners contribute to the workspaces; a partner edits only
  the items of its own organisation, the accompagnateur edits every item;
- observers read; moderators have no special right here (they moderate practices).
"""

from __future__ import annotations

from collections.abc import Callable

from alliances.accounts.perms import is_administrator
from alliances.core.permissions import Forbidden, Hidden, is_anonymous
from alliances.partnerships.enums import MemberRole, Visibility
from alliances.partnerships.models import Alliance, Membership

_CACHE = "_membership_cache"

Check = Callable[..., bool]

__all__ = ["is_administrator"]


def membership_of(user, alliance: Alliance) -> Membership | None:
    """The user's membership of the alliance (memoised on the alliance for the request)."""
    if is_anonymous(user):
        return None
    cache = alliance.__dict__.setdefault(_CACHE, {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(alliance=alliance, user=user).first()
    return cache[user.pk]


def role_of(user, alliance: Alliance) -> str | None:
    membership = membership_of(user, alliance)
    return membership.role if membership else None


def can_view(user, alliance: Alliance) -> bool:
    if alliance.is_deleted:
        return False
    if alliance.visibility == Visibility.PUBLIC:
        return True
    if is_anonymous(user):
        return False
    if alliance.visibility == Visibility.SIGNED_IN:
        return True
    return membership_of(user, alliance) is not None or is_administrator(user)


def is_pilot(user, alliance: Alliance) -> bool:
    return role_of(user, alliance) == MemberRole.PILOT


def is_member(user, alliance: Alliance) -> bool:
    return membership_of(user, alliance) is not None


def can_view_internals(user, alliance: Alliance) -> bool:
    """Workspaces, history, members' list: members (and administrators), whatever the visibility."""
    return not alliance.is_deleted and (is_member(user, alliance) or is_administrator(user))


def can_manage(user, alliance: Alliance) -> bool:
    """Edit the alliance itself, its members, invitations, requests; delete it."""
    if alliance.is_deleted:
        return False
    return role_of(user, alliance) == MemberRole.PILOT or is_administrator(user)


def can_contribute(user, alliance: Alliance) -> bool:
    """Add items to the workspaces."""
    if alliance.is_deleted:
        return False
    return role_of(user, alliance) in (
        MemberRole.PILOT,
        MemberRole.PARTNER,
        MemberRole.FACILITATOR,
    ) or is_administrator(user)


def can_edit_item(user, alliance: Alliance, item) -> bool:
    """Pilotes and the accompagnateur edit every item; a partner only its organisation's items."""
    if not can_contribute(user, alliance):
        return False
    membership = membership_of(user, alliance)
    if membership is None or membership.role in (MemberRole.PILOT, MemberRole.FACILITATOR):
        return True  # pilote, accompagnateur or administrator
    return bool(item.organisation_name) and item.organisation_name == membership.organisation_name


def can_restore(user, alliance: Alliance) -> bool:
    return alliance.can_be_restored and (is_pilot(user, alliance) or is_administrator(user))


def can_request_to_join(user, alliance: Alliance) -> bool:
    return not is_anonymous(user) and can_view(user, alliance) and not is_member(user, alliance)


def require(user, alliance: Alliance, check: Check | None = None, *, message: str = "") -> Alliance:
    """The alliance if `user` may read it and pass `check`; else `Hidden` (404) or `Forbidden` (403).

    The one gate of the app: views, the API, services (through their `by`) and every other app
    that receives an alliance id call it, so that a private alliance answers like a missing one.
    """
    if not can_view(user, alliance):
        raise Hidden("Alliance introuvable.")
    if check is not None and not check(user, alliance):
        raise Forbidden(message or "Cette action est réservée à certains membres de l'alliance.")
    return alliance


def require_item(user, alliance: Alliance, item) -> None:
    """Contribute to the workspaces and edit this item (a partner edits its organisation's only)."""
    require(user, alliance, can_contribute)
    if not can_edit_item(user, alliance, item):
        raise Forbidden("Seuls les pilotes et l'organisation concernée peuvent modifier cet élément.")
