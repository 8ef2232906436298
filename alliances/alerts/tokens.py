"""Signed unsubscribe links: one click stops exactly the alerts the link names, without signing in."""

from __future__ import annotations

from collections.abc import Sequence

from django.core import signing

_SALT = "alliances.alerts.unsubscribe"


class BadToken(Exception):
    """The link was altered or is not one of ours."""


def unsubscribe_token(*, user_id: int, alert_ids: Sequence[int]) -> str:
    # No expiry: RFC 8058 links must keep working from an old email.
    return signing.dumps({"u": user_id, "a": sorted(alert_ids)}, salt=_SALT, compress=True)


def read_token(token: str) -> tuple[int, list[int]]:
    """The user and alert ids a token names; raise BadToken."""
    try:
        payload = signing.loads(token, salt=_SALT)
        user_id, alert_ids = int(payload["u"]), [int(pk) for pk in payload["a"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadToken from error
    return user_id, alert_ids
