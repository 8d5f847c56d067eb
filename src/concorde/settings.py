"""Project wiring. SQLite by default (a first run needs nothing), PostgreSQL via DATABASE_URL."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("CONCORDE_VAR_DIR", BASE_DIR.parent.parent / "var"))

DEBUG = os.environ.get("CONCORDE_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("CONCORDE_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = [h for h in os.environ.get("CONCORDE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

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
    "concorde.deliberations",
    "concorde.ingest",
    "concorde.dashboard",
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
    "concorde.security.ContentSecurityPolicyMiddleware",
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
            ],
        },
    },
]
WSGI_APPLICATION = "concorde.wsgi.application"


def database_from_url(url: str | None) -> dict:
    """postgres://user:pass@host:port/name or sqlite:///path; SQLite file by default."""
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "concorde.sqlite3"}
    parts = urlparse(url)
    if parts.scheme in ("sqlite", "sqlite3"):
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path[1:]) or ":memory:"}
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path[1:]) or "concorde",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ValueError(f"DATABASE_URL non reconnue : {parts.scheme}")


DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"))}
# A cache shared by every server process and kept across restarts: the materialised dashboards
# (concorde.dashboard.materialise) live there. Its table is made by the migrations.
# "local" keeps, in each process, the entries it read lately (they never go stale: their keys
# carry the data version they were rendered from).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "concorde_cache",
                # past 50,000 rows (five days of a 10,000-convention instance) expired entries are deleted
                "TIMEOUT": 2 * 24 * 3600, "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 10}},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "concorde-local",
              "TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": 2000}},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
CSRF_FAILURE_VIEW = "concorde.errors.csrf_failure"
AUTHENTICATION_BACKENDS = ["concorde.territories.signin.AccountBackend", "concorde.territories.signin.ProConnectBackend"]
# every request reads its session: in one written query (see concorde.territories.sessions)
SESSION_ENGINE = "concorde.territories.sessions"

# ProConnect (OpenID Connect), enabled by its client id. The endpoints default to the issuer's
# (production: https://auth.agentconnect.gouv.fr/api/v2 ; integration: https://fca.integ01.dev-agentconnect.fr/api/v2).
_PROCONNECT = os.environ.get("CONCORDE_PROCONNECT_ISSUER", "https://auth.agentconnect.gouv.fr/api/v2").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("CONCORDE_PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("CONCORDE_PROCONNECT_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email given_name usual_name siret"
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("CONCORDE_PROCONNECT_AUTHORIZATION_URL", _PROCONNECT + "/authorize")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("CONCORDE_PROCONNECT_TOKEN_URL", _PROCONNECT + "/token")
OIDC_OP_USER_ENDPOINT = os.environ.get("CONCORDE_PROCONNECT_USERINFO_URL", _PROCONNECT + "/userinfo")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("CONCORDE_PROCONNECT_JWKS_URL", _PROCONNECT + "/jwks")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("CONCORDE_PROCONNECT_LOGOUT_URL", _PROCONNECT + "/session/end")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
OIDC_STORE_ID_TOKEN = True  # to end the ProConnect session too at sign-out
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/connexion/?echec=proconnect"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
CONCORDE_PROXIES = int(os.environ.get("CONCORDE_PROXIES", "0"))
# API quotas, requests a minute: per address for public reads, per person for members (token
# or session). Past them, 429 with Retry-After.
CONCORDE_API_QUOTA_PUBLIC = int(os.environ.get("CONCORDE_API_QUOTA_PUBLIC", "300"))
CONCORDE_API_QUOTA_MEMBER = int(os.environ.get("CONCORDE_API_QUOTA_MEMBER", "1200"))

# Imports: the largest document accepted (a signed convention is a few MB at most).
CONCORDE_MAX_UPLOAD_BYTES = int(os.environ.get("CONCORDE_MAX_UPLOAD_MB", "20")) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Reminders: Django's mail, printed on the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("CONCORDE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("CONCORDE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CONCORDE_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("CONCORDE_FROM_EMAIL", "concorde@localhost")
# The address of the instance, for the links in e-mails (sent outside any request).
CONCORDE_INVITATION_DAYS = int(os.environ.get("CONCORDE_INVITATION_DAYS", "14"))  # an invitation link's life
CONCORDE_BASE_URL = os.environ.get("CONCORDE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# The collectivité running this instance brands it with its own name and colours.
CONCORDE_BRAND = {
    "name": os.environ.get("CONCORDE_BRAND_NAME", "Concorde"),
    "tagline": os.environ.get("CONCORDE_BRAND_TAGLINE", "Conventions de coopération entre collectivités"),
    "primary": os.environ.get("CONCORDE_BRAND_PRIMARY", "#1d4e89"),
    "primary_contrast": os.environ.get("CONCORDE_BRAND_PRIMARY_CONTRAST", "#ffffff"),
}

# Content security policy (concorde.security): same-origin only; extra sources by environment.
CONCORDE_CSP_EXTRA = os.environ.get("CONCORDE_CSP_EXTRA", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 40:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("CONCORDE_SECRET_KEY : une clé secrète d'au moins 40 caractères est requise en production.")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("CONCORDE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("CONCORDE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("CONCORDE_HSTS_PRELOAD", "0") == "1"
    if not SECURE_HSTS_PRELOAD:  # joining the browsers' preload list is the domain owner's decision
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
