"""The header's unread notifications count, computed only if a template reads it, once per request."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from alliances.alerts.selectors import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: a page that does not show the header (a partial, a file) costs no query; read twice, one query.
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
