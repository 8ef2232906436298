"""Rate limits on actions that send email to someone else or write for others (contact forms,
invitations): a fixed-window counter in the shared cache, with a French message when exceeded.

The cache must be shared by every application server (production settings use the database
cache), or each process would count on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass
class RateLimited(Exception):
    """Too many attempts: `message` says when to try again."""

    message: str

    def __str__(self) -> str:
        return self.message


def client_ip(request: HttpRequest) -> str:
    """The client's address: behind N trusted proxies (ALLAUTH_TRUSTED_PROXY_COUNT, the same
    setting as the sign-in throttling), the N-th address from the end of X-Forwarded-For;
    otherwise REMOTE_ADDR, because a client can write anything in X-Forwarded-For."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "inconnue"


def _describe(period: int) -> str:
    if period >= 86400 and period % 86400 == 0:
        days = period // 86400
        return "24 heures" if days == 1 else f"{days} jours"
    if period >= 3600 and period % 3600 == 0:
        hours = period // 3600
        return "une heure" if hours == 1 else f"{hours} heures"
    minutes = max(1, period // 60)
    return "une minute" if minutes == 1 else f"{minutes} minutes"


def rate_limit(scope: str, key: str | int, *, limit: int, period: int, what: str = "demandes") -> None:
    """Count one attempt of `scope` by `key` (a user id, an address); raise `RateLimited` beyond
    `limit` attempts in `period` seconds."""
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, timeout=period)  # starts the window, unless it is already open
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(cache_key, 1, timeout=period)
        count = 1
    if count > limit:
        of = "d'" if what[:1].lower() in "aeiouyéèêh" else "de "
        raise RateLimited(f"Trop {of}{what} : {limit} au plus en {_describe(period)}. Réessayez plus tard.")
