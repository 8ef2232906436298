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

from alliances.accounts.enums import Role
from alliances.partnerships.enums import MemberRole, Visibility
from alliances.partnerships.models import Alliance, Membership

_CACHE = "_membership_cache"


def is_administrator(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_is_alliance_admin", None)
    if cached is None:
        cached = user.has_role(Role.ADMINISTRATOR)
        user._is_alliance_admin = cached
    return cached


def membership_of(user, alliance: Alliance) -> Membership | None:
    """The user's membership of the alliance (memoised on the alliance for the request)."""
    if not user.is_authenticated:
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
    if not user.is_authenticated:
        return False
    if alliance.visibility == Visibility.SIGNED_IN:
        return True
    return membership_of(user, alliance) is not None or is_administrator(user)


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
    if not alliance.can_be_restored or not user.is_authenticated:
        return False
    return role_of(user, alliance) == MemberRole.PILOT or is_administrator(user)


def can_request_to_join(user, alliance: Alliance) -> bool:
    return user.is_authenticated and can_view(user, alliance) and not is_member(user, alliance)
