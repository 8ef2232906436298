"""Settings of the portrait benchmark: the project's settings plus a bare "hello" view and a
Server-Timing header (time spent in Django) on every response."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "indicators_urls"
MIDDLEWARE = ["indicators_urls.ServerTimingMiddleware", *MIDDLEWARE]  # noqa: F405
