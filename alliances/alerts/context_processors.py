"""The header's unread notifications count, computed only if a template reads it, once per request."""

from __future__ import annotations

import functools

from alliances.alerts.selectors import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A callable, which templates call when they read it: a page that does not show the header (a
    # partial) costs no query; read three times, one query (cached for the request).
    return {"unread_notifications": functools.cache(lambda: unread_count(user))}
