"""Refused access as domain errors, raised by every app's perms and services, mapped once to HTTP.

Two answers only (docs/securite.md § 4): an object the user may not know of is *hidden* (404, as if it
did not exist, so that ids cannot be probed), an object they see but may not act on is *forbidden*
(403, or the sign-in page for an anonymous visitor). They subclass Django's `Http404` and
`PermissionDenied` so that pages answer them without glue; the API maps them in `alliances/api.py`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404


class Hidden(Http404):
    """The user may not learn that the object exists: answered exactly like a missing one (404)."""


class Forbidden(PermissionDenied):
    """The user sees the object but may not do this (403)."""


def is_anonymous(user) -> bool:
    return user is None or not user.is_authenticated
