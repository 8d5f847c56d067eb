"""The settings' reader of the environment. A value it cannot read stops the start with
ImproperlyConfigured naming the variable: a typo must not silently turn a setting off, nor a bad
number end in a stack trace. An unset variable takes its default; a set one, even empty, is read.

The URLs are parsed by django-environ; the plain values are read here, because its own bool()
takes any unknown word for False and its str() expands values starting with "$"."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


def text(name: str, default: str, environ_: Mapping[str, str] = os.environ) -> str:
    return environ_.get(name, default)


def boolean(name: str, default: bool, environ_: Mapping[str, str] = os.environ) -> bool:
    if name not in environ_:
        return default
    value = environ_[name].strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} doit valoir 1 ou 0 (ou true/false, yes/no, on/off), reçu « {environ_[name]} »")


def integer(
    name: str,
    default: int,
    *,
    minimum: int | None = 0,
    maximum: int | None = None,
    environ_: Mapping[str, str] = os.environ,
) -> int:
    if name not in environ_:
        return default
    try:
        value = int(environ_[name].strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} doit être un nombre entier, reçu « {environ_[name]} »") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} doit être au moins {minimum}, reçu « {environ_[name]} »")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} doit être au plus {maximum}, reçu « {environ_[name]} »")
    return value


def items(name: str, default: str, environ_: Mapping[str, str] = os.environ) -> list[str]:
    """A comma-separated list; empty items dropped."""
    return [item for item in text(name, default, environ_).split(",") if item]


DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite", "sqlite3"}


def database(name: str, sqlite_default: Path, environ_: Mapping[str, str] = os.environ) -> dict:
    """postgres://user:pass@host:port/name (name "concorde" if none) or sqlite:///path; unset or
    empty: the embedded SQLite file sqlite_default (its folder made)."""
    url = environ_.get(name, "")
    if not url:
        sqlite_default.parent.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": sqlite_default}
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in DATABASE_SCHEMES:
        raise ImproperlyConfigured(f"{name} non reconnue : « {scheme or url} » (postgres://… ou sqlite:///…)")
    if scheme.startswith("sqlite"):
        # django-environ knows "sqlite" only; "sqlite3" is the same
        parsed = environ.Env.db_url_config("sqlite" + url[len(scheme) :])
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": parsed["NAME"] or ":memory:"}
    try:
        parsed = environ.Env.db_url_config(url)
    except ValueError as error:  # a port that is not a number
        raise ImproperlyConfigured(f"{name} illisible : {error}") from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed["NAME"] or "concorde",
        "USER": parsed["USER"] or "",
        "PASSWORD": parsed["PASSWORD"] or "",
        "HOST": parsed["HOST"] or "",
        "PORT": str(parsed["PORT"] or ""),
        "CONN_MAX_AGE": 60,  # a connection kept a minute: no new one per request
    }


def cache(name: str, default: dict, environ_: Mapping[str, str] = os.environ) -> dict:
    """A cache by URL, as django-environ reads them (filecache:///path, rediscache://host:port/db,
    locmemcache://name, dbcache://table…); unset, default."""
    url = environ_.get(name)
    if url is None:
        return default
    try:
        return environ.Env.cache_url_config(url)
    except Exception as error:  # django-environ raises ImproperlyConfigured or ValueError
        raise ImproperlyConfigured(f"{name} non reconnue : « {url} » ({error})") from None
