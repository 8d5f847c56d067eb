"""The settings' reader of the environment (concorde.lib.environment): good values read as before,
a bad one stops the start naming its variable, DATABASE_URL for PostgreSQL and SQLite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from concorde.lib import environment as env
from tests.conftest import ROOT


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1", True),
        ("0", False),
        ("true", True),
        ("False", False),
        ("yes", True),
        ("no", False),
        ("on", True),
        ("off", False),
        (" 1 ", True),
    ],
)
def test_booleans(value, expected):
    assert env.boolean("CONCORDE_X", not expected, {"CONCORDE_X": value}) is expected


def test_an_unset_variable_takes_its_default():
    assert env.boolean("CONCORDE_X", True, {}) is True
    assert env.integer("CONCORDE_X", 14, environ_={}) == 14
    assert env.text("CONCORDE_X", "Concorde", {}) == "Concorde"
    assert env.items("CONCORDE_X", "127.0.0.1,localhost", {}) == ["127.0.0.1", "localhost"]


@pytest.mark.parametrize("value", ["oui", "ture", "2", ""])
def test_a_boolean_typo_names_its_variable(value):
    with pytest.raises(ImproperlyConfigured, match=f"CONCORDE_X doit valoir 1 ou 0 .*reçu « {value} »"):
        env.boolean("CONCORDE_X", False, {"CONCORDE_X": value})


def test_integers():
    assert env.integer("CONCORDE_X", 0, environ_={"CONCORDE_X": "300"}) == 300
    assert env.integer("CONCORDE_X", 0, environ_={"CONCORDE_X": " 2 "}) == 2


@pytest.mark.parametrize("value", ["abc", "1.5", "20MB", ""])
def test_a_bad_number_names_its_variable(value):
    with pytest.raises(ImproperlyConfigured, match=f"CONCORDE_X doit être un nombre entier, reçu « {value} »"):
        env.integer("CONCORDE_X", 0, environ_={"CONCORDE_X": value})


def test_a_number_out_of_range_names_its_variable():
    with pytest.raises(ImproperlyConfigured, match="CONCORDE_X doit être au moins 1, reçu « 0 »"):
        env.integer("CONCORDE_X", 20, minimum=1, environ_={"CONCORDE_X": "0"})
    with pytest.raises(ImproperlyConfigured, match="CONCORDE_X doit être au moins 0, reçu « -1 »"):
        env.integer("CONCORDE_X", 0, environ_={"CONCORDE_X": "-1"})
    with pytest.raises(ImproperlyConfigured, match="CONCORDE_X doit être au plus 65535"):
        env.integer("CONCORDE_X", 25, minimum=1, maximum=65535, environ_={"CONCORDE_X": "70000"})


def test_a_comma_separated_list_drops_empty_items():
    assert env.items("CONCORDE_X", "", {"CONCORDE_X": "a.example,,b.example,"}) == ["a.example", "b.example"]


def test_database_url_postgres():
    url = "postgres://concorde:p%40ss@db.example:5433/concorde_prod"
    assert env.database("DATABASE_URL", Path("/unused"), {"DATABASE_URL": url}) == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "concorde_prod",
        "USER": "concorde",
        "PASSWORD": "p@ss",
        "HOST": "db.example",
        "PORT": "5433",
        "CONN_MAX_AGE": 60,
    }
    for scheme in ("postgresql", "pgsql"):
        assert env.database("DATABASE_URL", Path("/unused"), {"DATABASE_URL": f"{scheme}://postgres@127.0.0.1/"}) == {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "concorde",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": "",
            "CONN_MAX_AGE": 60,
        }


def test_database_url_sqlite(tmp_path):
    for url, name in [
        ("sqlite:////srv/concorde/base.sqlite3", "/srv/concorde/base.sqlite3"),
        ("sqlite:///var/base.sqlite3", "var/base.sqlite3"),
        ("sqlite3:///base.sqlite3", "base.sqlite3"),
        ("sqlite://", ":memory:"),
    ]:
        assert env.database("DATABASE_URL", tmp_path / "unused", {"DATABASE_URL": url}) == {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
        }


def test_without_database_url_the_embedded_sqlite_file(tmp_path):
    default = tmp_path / "var" / "concorde.sqlite3"
    for environ_ in ({}, {"DATABASE_URL": ""}):
        assert env.database("DATABASE_URL", default, environ_) == {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": default,
        }
    assert default.parent.is_dir()


@pytest.mark.parametrize("url", ["mysql://u@h/x", "concorde.sqlite3", "postgres://h:port/x"])
def test_an_unknown_database_url_names_its_variable(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.database("DATABASE_URL", Path("/unused"), {"DATABASE_URL": url})


def test_cache_url():
    default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    assert env.cache("CONCORDE_SESSION_CACHE_URL", default, {}) is default
    assert env.cache(
        "CONCORDE_SESSION_CACHE_URL", default, {"CONCORDE_SESSION_CACHE_URL": "rediscache://127.0.0.1:6379/1"}
    ) == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"}
    with pytest.raises(ImproperlyConfigured, match="CONCORDE_SESSION_CACHE_URL"):
        env.cache("CONCORDE_SESSION_CACHE_URL", default, {"CONCORDE_SESSION_CACHE_URL": "nimporte://quoi"})


def _settings(tmp_path, **variables):
    """The project's settings read in a fresh interpreter with these variables."""
    environ_ = {**os.environ, "CONCORDE_VAR_DIR": str(tmp_path), **variables}
    environ_.pop("DATABASE_URL", None)
    code = (
        "from concorde import settings as s; print(s.DEBUG, s.CONCORDE_PROXIES, s.CONCORDE_MAX_UPLOAD_BYTES, "
        "s.EMAIL_PORT, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run([sys.executable, "-c", code], env=environ_, capture_output=True, text=True, cwd=ROOT)


def test_the_project_settings_keep_their_defaults(tmp_path):
    run = _settings(tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [
        "True",
        "0",
        str(20 * 1024 * 1024),
        "25",
        "['127.0.0.1',",
        "'localhost']",
        "django.db.backends.sqlite3",
    ]
    run = _settings(tmp_path, CONCORDE_PROXIES="1", CONCORDE_MAX_UPLOAD_MB="5", CONCORDE_DEBUG="1")
    assert run.stdout.split()[:3] == ["True", "1", str(5 * 1024 * 1024)]


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("CONCORDE_DEBUG", "oui", "CONCORDE_DEBUG doit valoir 1 ou 0"),
        ("CONCORDE_PROXIES", "abc", "CONCORDE_PROXIES doit être un nombre entier, reçu « abc »"),
        ("CONCORDE_MAX_UPLOAD_MB", "20MB", "CONCORDE_MAX_UPLOAD_MB doit être un nombre entier, reçu « 20MB »"),
    ],
)
def test_the_project_settings_refuse_a_bad_value_naming_it(tmp_path, variable, value, message):
    run = _settings(tmp_path, **{variable: value})
    assert run.returncode != 0 and "ImproperlyConfigured" in run.stderr and message in run.stderr
