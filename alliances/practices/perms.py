"""Who may do what on practices: the app's predicates, and the checks its services and views share.

A practice that is not published (draft, submitted, returned, refused) is its contributor's and
the moderators' only: to anyone else it is `Hidden`, answered like a missing one (404), whatever
they try on it (read, edit, submit, attach). Published practices are read by everyone; editing
them is the moderators' (`Forbidden`, 403, for the others: the practice itself is public).
"""

from __future__ import annotations

from alliances.accounts.perms import is_moderator
from alliances.core.permissions import Forbidden, Hidden
from alliances.practices.enums import Status
from alliances.practices.models import Practice

__all__ = ["can_edit", "can_view", "is_moderator", "require_edit", "require_moderator", "require_submit"]


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def can_view(user, practice: Practice) -> bool:
    if practice.is_published:
        return True
    return _signed_in(user) and (practice.contributor_id == user.pk or is_moderator(user))


def can_edit(user, practice: Practice) -> bool:
    if not _signed_in(user):
        return False
    if is_moderator(user):
        return practice.status != Status.REJECTED
    return practice.contributor_id == user.pk and practice.status in (Status.DRAFT, Status.RETURNED)


def can_submit(user, practice: Practice) -> bool:
    return _signed_in(user) and (practice.contributor_id == user.pk or is_moderator(user))


def require_view(user, practice: Practice) -> Practice:
    if not can_view(user, practice):
        raise Hidden("Pratique introuvable.")
    return practice


def require_edit(user, practice: Practice) -> Practice:
    require_view(user, practice)
    if not can_edit(user, practice):
        raise Forbidden("Vous ne pouvez pas modifier cette pratique.")
    return practice


def require_submit(user, practice: Practice) -> Practice:
    require_view(user, practice)
    if not can_submit(user, practice):
        raise Forbidden("Seul le contributeur peut soumettre cette pratique.")
    return practice


def require_moderator(user) -> None:
    if not is_moderator(user):
        raise Forbidden("Seuls les modérateurs peuvent faire cela.")
