"""Who may do what on alerts and notifications: each person their own, nobody else's."""

from __future__ import annotations

from alliances.alerts.models import Alert, Notification
from alliances.core.permissions import Hidden


def can_edit(user, alert: Alert | Notification) -> bool:
    return user is not None and user.is_authenticated and alert.user_id == user.pk


def require_edit(user, alert: Alert | Notification) -> None:
    """Another person's alert is answered as missing (404): its existence is private."""
    if not can_edit(user, alert):
        raise Hidden("Alerte introuvable")
