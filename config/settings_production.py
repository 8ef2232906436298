"""Production settings: the common settings, hardened; demo content never loads."""

from email.utils import parseaddr

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403
from config.settings import SECRET_KEY, env

DEBUG = False
ALLIANCES_DEMO = False
# Django's own rule (check --deploy, security.W009): 50 characters at least, 5 of them different,
# not a key generated for development.
if (
    SECRET_KEY.startswith(("dev-only", SECRET_KEY_INSECURE_PREFIX))
    or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
):
    raise ImproperlyConfigured(
        f"SECRET_KEY doit être défini en production : {SECRET_KEY_MIN_LENGTH} caractères au moins, dont "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} différents (par exemple la sortie de "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405
# Joining the browsers' HSTS preload list is the operator's decision (hard to undo), not ours.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Rate limits (sign-in, sign-up, contact, invitations) are counted in the cache: it must be shared
# by every process and server, or each would count on its own. The database cache's table is
# created by `migrate` (alliances.core.signals.create_cache_tables); CACHE_URL may point to Redis.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://alliances_cache")}
# Behind the reverse proxy that terminates TLS (see SECURE_PROXY_SSL_HEADER), the client's address
# is the one that proxy appends to X-Forwarded-For; without this every visitor would share the
# proxy's address (one visitor's failed sign-ins would lock everyone out).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)

# --- Errors and logs -------------------------------------------------------------------------
# One line per event on stderr (key=value, or JSON with LOG_FORMAT=json): the service manager or
# the container runtime keeps them, a log shipper reads them as they are.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "()": "alliances.core.logs.StructuredFormatter",
            "json_lines": env("LOG_FORMAT", default="logfmt") == "json",
        }
    },
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "not_about_emails": {"()": "alliances.core.logs.NotAboutEmails"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "structured"},
        # Errors of requests and of background tasks, by email to ADMINS (nothing without ADMINS).
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "not_about_emails"],
        },
    },
    "root": {"handlers": ["stderr"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"handlers": ["stderr", "mail_admins"], "level": "ERROR", "propagate": False},
        "django_tasks": {"handlers": ["stderr", "mail_admins"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["stderr", "mail_admins"], "level": "INFO", "propagate": False},
        # Failed emails (docs/exploitation.md): logged, never mailed (the mail server may be the cause).
        "alliances.emails": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}

# ADMINS="Nom <adresse>,autre@exemple.fr": who receives the server errors by email.
ADMINS = [parseaddr(item.strip()) for item in env.list("ADMINS", default=[]) if item.strip()]

# Error reports to Sentry (or a compatible service) only when SENTRY_DSN is set: nothing is loaded otherwise.
if SENTRY_DSN := env("SENTRY_DSN", default=""):
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,  # no email address nor IP address leaves the instance
    )
