"""Request types for annotating views: what the middleware adds to every request."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through `HtmxMiddleware` (all of them): `request.htmx` says whether htmx sent it."""

    htmx: HtmxDetails
