"""Reads of the alerts app: a person's alerts and notifications, the header's unread count."""

from __future__ import annotations

from django.db.models import QuerySet

from alliances.alerts.models import Alert, Notification

NOTIFICATIONS_SHOWN = 50


def alerts_of(user) -> QuerySet[Alert]:
    return Alert.objects.filter(user=user).select_related("territory", "alliance").order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """Unread notifications of a signed-in person (one indexed COUNT); 0 for a visitor."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(user, *, limit: int = NOTIFICATIONS_SHOWN) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("-created", "-pk")[:limit])
