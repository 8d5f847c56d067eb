"""Project wiring. SQLite by default (a first run needs nothing), PostgreSQL via DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from concorde.lib import environment as env

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env.text("CONCORDE_VAR_DIR", str(BASE_DIR.parent.parent / "var")))

DEBUG = env.boolean("CONCORDE_DEBUG", True)
SECRET_KEY = env.text("CONCORDE_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env.items("CONCORDE_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "concorde",
    "concorde.territories",
    "concorde.conventions",
    "concorde.governance",
    "concorde.discussion",
    "concorde.deliberations",
    "concorde.ingest",
    "concorde.dashboard",
    "concorde.search",
    "concorde.reports",
    "concorde.publication",
    "concorde.api",
    "django.contrib.sitemaps",
    "mozilla_django_oidc",
    "ninja",  # serves the API documentation's own scripts (no CDN, same-origin CSP)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "concorde.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "concorde.territories.context.branding",
                "concorde.discussion.context.unread",
            ],
        },
    },
]
WSGI_APPLICATION = "concorde.wsgi.application"

# postgres://… or sqlite:///…; unset, the embedded SQLite file
DATABASES = {"default": env.database("DATABASE_URL", VAR_DIR / "concorde.sqlite3")}
# A cache shared by every server process and kept across restarts: the materialised dashboards
# (concorde.dashboard.materialise) live there. Its table is made by the migrations.
# "local" keeps, in each process, the entries it read lately (they never go stale: their keys
# carry the data version they were rendered from).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "concorde_cache",
        # past 50,000 rows (five days of a 10,000-convention instance) expired entries are deleted
        "TIMEOUT": 2 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 10},
    },
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "concorde-local",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # The sessions' (docs/adr/0005-sessions.md). It must be shared by every process that serves
    # requests, or a signed-out session would stay open in the others: by default files, shared
    # by the processes of this machine; with several machines, a cache they all reach
    # (CONCORDE_SESSION_CACHE_URL=rediscache://host:6379/1).
    "sessions": env.cache(
        "CONCORDE_SESSION_CACHE_URL",
        {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "sessions",
            # each write lists the folder to cull it: bounded so that stays cheap
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
CSRF_FAILURE_VIEW = "concorde.errors.csrf_failure"
AUTHENTICATION_BACKENDS = [
    "concorde.territories.signin.AccountBackend",
    "concorde.territories.signin.ProConnectBackend",
]
# every request reads its session: from the cache, the database when the cache lacks it
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"

# ProConnect (OpenID Connect), enabled by its client id. The endpoints default to the issuer's
# (production: https://auth.agentconnect.gouv.fr/api/v2 ; integration: https://fca.integ01.dev-agentconnect.fr/api/v2).
_PROCONNECT = env.text("CONCORDE_PROCONNECT_ISSUER", "https://auth.agentconnect.gouv.fr/api/v2").rstrip("/")
OIDC_RP_CLIENT_ID = env.text("CONCORDE_PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env.text("CONCORDE_PROCONNECT_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email given_name usual_name siret"
OIDC_OP_AUTHORIZATION_ENDPOINT = env.text("CONCORDE_PROCONNECT_AUTHORIZATION_URL", _PROCONNECT + "/authorize")
OIDC_OP_TOKEN_ENDPOINT = env.text("CONCORDE_PROCONNECT_TOKEN_URL", _PROCONNECT + "/token")
OIDC_OP_USER_ENDPOINT = env.text("CONCORDE_PROCONNECT_USERINFO_URL", _PROCONNECT + "/userinfo")
OIDC_OP_JWKS_ENDPOINT = env.text("CONCORDE_PROCONNECT_JWKS_URL", _PROCONNECT + "/jwks")
OIDC_OP_LOGOUT_ENDPOINT = env.text("CONCORDE_PROCONNECT_LOGOUT_URL", _PROCONNECT + "/session/end")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
OIDC_STORE_ID_TOKEN = True  # to end the ProConnect session too at sign-out
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/connexion/?echec=proconnect"
LOGIN_URL = "territories:login"
LOGIN_REDIRECT_URL = "conventions:home"
LOGOUT_REDIRECT_URL = "territories:login"

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Imports run in the background: tasks stored in the database (SQLite or PostgreSQL), run by
# `concorde db_worker` (bin/demo starts one; deploy/concorde-worker@.service in production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
# Open-data files, written once per state of what is published (publication/files.py); not
# served as such: every download goes through the view, which checks the state.
CONCORDE_OPENDATA_DIR = VAR_DIR / "opendata"

# Reverse proxies in front of the server (each appends to X-Forwarded-For): how many to trust
# when telling clients apart (failed-login throttling, API quotas). 0: REMOTE_ADDR is the client.
CONCORDE_PROXIES = env.integer("CONCORDE_PROXIES", 0)
# API quotas, requests a minute: per address for public reads, per person for members (token
# or session). Past them, 429 with Retry-After.
CONCORDE_API_QUOTA_PUBLIC = env.integer("CONCORDE_API_QUOTA_PUBLIC", 300, minimum=1)
CONCORDE_API_QUOTA_MEMBER = env.integer("CONCORDE_API_QUOTA_MEMBER", 1200, minimum=1)

# Imports: the largest document accepted (a signed convention is a few MB at most).
CONCORDE_MAX_UPLOAD_BYTES = env.integer("CONCORDE_MAX_UPLOAD_MB", 20, minimum=1) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Reminders: Django's mail, printed on the console unless an SMTP server is configured.
EMAIL_BACKEND = env.text("CONCORDE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.text("CONCORDE_EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("CONCORDE_EMAIL_PORT", 25, minimum=1, maximum=65535)
DEFAULT_FROM_EMAIL = env.text("CONCORDE_FROM_EMAIL", "concorde@localhost")
# The address of the instance, for the links in e-mails (sent outside any request).
CONCORDE_INVITATION_DAYS = env.integer("CONCORDE_INVITATION_DAYS", 14, minimum=1)  # an invitation link's life
# how long a notification waits before anyone is told: a slip undone meanwhile is never announced
CONCORDE_NOTIFICATION_DELAY_MINUTES = env.integer("CONCORDE_NOTIFICATION_DELAY_MINUTES", 10, minimum=0)
CONCORDE_BASE_URL = env.text("CONCORDE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# The collectivité running this instance brands it with its own name and colours.
CONCORDE_BRAND = {
    "name": env.text("CONCORDE_BRAND_NAME", "Concorde"),
    "tagline": env.text("CONCORDE_BRAND_TAGLINE", "Conventions de coopération entre collectivités"),
    "primary": env.text("CONCORDE_BRAND_PRIMARY", "#1d4e89"),
    "primary_contrast": env.text("CONCORDE_BRAND_PRIMARY_CONTRAST", "#ffffff"),
}

# Content security policy (django-csp): scripts, styles, images and forms from this site only;
# extra default sources by environment. The one inline <style> (the collectivité's colours) carries
# the request's nonce; style attributes (progress bars) stay allowed, they cannot run code.
CONCORDE_CSP_EXTRA = env.text("CONCORDE_CSP_EXTRA", "")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF, *CONCORDE_CSP_EXTRA.split()],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured(
            "CONCORDE_SECRET_KEY : une clé secrète d'au moins 40 caractères est requise en production."
        )
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.boolean("CONCORDE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.integer("CONCORDE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.boolean("CONCORDE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:  # joining the browsers' preload list is the domain owner's decision
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
