"""Platform-wide roles as predicates, the one definition every app's perms.py builds on."""

from __future__ import annotations

from alliances.accounts.enums import Role


def is_moderator(user) -> bool:
    """Moderators and administrators (a superuser counts as an administrator) moderate contents."""
    return bool(user and user.is_authenticated and (user.has_role(Role.MODERATOR) or user.has_role(Role.ADMINISTRATOR)))


def is_administrator(user) -> bool:
    """Administrators of the platform (memoised on the user for the request: pages ask it often)."""
    if not (user and user.is_authenticated):
        return False
    cached = getattr(user, "_is_administrator", None)
    if cached is None:
        cached = user.has_role(Role.ADMINISTRATOR)
        user._is_administrator = cached
    return cached
