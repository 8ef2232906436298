"""Settings for every environment, driven by environment variables (see README)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("ALLIANCES_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "[::1]"]),
)

DEBUG = env("DEBUG")
# A fixed key is acceptable only for local development; production settings refuse it.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "alliances.core",
    "alliances.accounts",
    "alliances.territories",
    "alliances.sdg",
    "alliances.indicators",
    "alliances.actors",
    "alliances.practices",
    "alliances.catalysts",
    "alliances.partnerships",
    "alliances.assessment",
    "alliances.resources",
    "alliances.observatory",
    "alliances.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alliances.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "alliances.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alliances.core.context_processors.operator",
                "alliances.alerts.context_processors.notifications",
            ],
            # French in every template without {% load %}: `{{ territory|of_name }}` → « de la Lozère ».
            "builtins": ["alliances.core.templatetags.french"],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'alliances.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work at the same time; the busy timeout
    # makes a second writer wait instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"].setdefault("TEST", {})
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("ALLIANCES_MEDIA_ROOT", default=str(VAR_DIR / "media")))

# Email: console by default; EMAIL_URL=smtp+tls://user:password@host:587 for real delivery.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Alliances en territoire <ne-pas-repondre@alliances.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: a queue in the database, worked by `alliances run_worker` (emails, periodic jobs).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# Absolute links in the emails that no request triggers (reminders, digests).
ALLIANCES_SITE_URL = env("ALLIANCES_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Accounts (django-allauth): sign-in by email, confirmed before first sign-in.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Emails and their subject carry the operator's site name (alliances.accounts.adapter).
ACCOUNT_ADAPTER = "alliances.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "3/5m/key",
}
# Rate limits of the JSON API (alliances.core.throttling): per client address for anonymous
# requests, per account for "my" operations; counted in the cache, shared in production
# (CACHE_URL). An empty value turns a limit off (load benchmarks from one address).
ALLIANCES_API_RATES = {
    "anon": env("ALLIANCES_API_RATE_ANON", default="120/min") or None,
    "auth": env("ALLIANCES_API_RATE_AUTH", default="600/min") or None,
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "space:home"
LOGOUT_REDIRECT_URL = "core:home"

# The public address of the site, for links in emails sent outside a request (digests):
# https in production, so that List-Unsubscribe is a one-click (RFC 8058) link.
ALLIANCES_SITE_URL = env("ALLIANCES_SITE_URL", default="http://127.0.0.1:8000")

# Where official files are downloaded to and read from.
ALLIANCES_DATA_DIR = Path(env("ALLIANCES_DATA_DIR", default=str(VAR_DIR / "data")))
# Demo content is for discovery and development; production settings turn it off.
ALLIANCES_DEMO = env.bool("ALLIANCES_DEMO", default=True)

# Operator branding (the organisation that hosts this instance).
ALLIANCES_OPERATOR = {
    "name": env("ALLIANCES_SITE_NAME", default="Alliances en territoire"),
    "tagline": env(
        "ALLIANCES_SITE_TAGLINE",
        default="Collectivités, associations et entreprises, ensemble pour leur territoire",
    ),
    "operator": env("ALLIANCES_OPERATOR_NAME", default="Instance de démonstration"),
    "logo_url": env("ALLIANCES_LOGO_URL", default=""),
    "primary_color": env("ALLIANCES_PRIMARY_COLOR", default="#1d4e89"),
    "contact_email": env("ALLIANCES_CONTACT_EMAIL", default="contact@alliances.invalid"),
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
