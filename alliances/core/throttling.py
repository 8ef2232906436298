"""Rate limits of the JSON API: django-ninja's throttles, counted in the shared cache.

The rates are read from `settings.ALLIANCES_API_RATES` at each request (a deployment or a test
changes them without restarting), and the client is the address seen by the trusted proxy
(`ratelimit.client_ip`), not ninja's default, which trusts a client-written X-Forwarded-For and
would give each forged header a fresh allowance. The counts live in the default cache: shared by
every process and server in production (`CACHE_URL`), as the other rate limits.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle, AuthRateThrottle, SimpleRateThrottle

from alliances.core.ratelimit import client_ip


class _RateFromSettings(SimpleRateThrottle):
    def __init__(self) -> None:
        # Skip ninja's reading of the rate at import time: `allow_request` reads it per request.
        self.rate, self.num_requests, self.duration = None, None, None

    def get_rate(self) -> str | None:
        return settings.ALLIANCES_API_RATES.get(self.scope or "")

    def get_ident(self, request: HttpRequest) -> str:
        return client_ip(request)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = self.get_rate()
        if not self.rate:  # no limit configured for this scope
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class ApiAnonThrottle(_RateFromSettings, AnonRateThrottle):
    """Anonymous requests, per client address (`ALLIANCES_API_RATES["anon"]`)."""

    scope = "anon"


class ApiAuthThrottle(_RateFromSettings, AuthRateThrottle):
    """Requests of an operation that requires an account, per account (`ALLIANCES_API_RATES["auth"]`)."""

    scope = "auth"

    def get_cache_key(self, request: HttpRequest) -> str | None:  # type: ignore[override]
        if getattr(request, "auth", None) is None:
            return None  # anonymous: counted by ApiAnonThrottle, per address
        return super().get_cache_key(request)
