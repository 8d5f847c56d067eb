"""What a signed-in request pays for its session and its user, per session engine, on SQLite and
on PostgreSQL, in the same run (docs/adr/0005-sessions.md).

Engines: "ancien" — the raw-SQL store Concorde had (its session and its user each read by a
written query), kept here as the baseline; Django's `db`; Django's `cached_db` over the sessions'
cache of the settings (files by default) and over the shared database cache ("default").
Per engine, in ms (p50 / p95), with the SQL queries of one request:
- "lecture": what SessionMiddleware and AuthenticationMiddleware do for a request whose view
  reads request.user (the session loaded from its cookie's key, the user read);
- "écriture": the same, the view then changing the session (saved at the response);
- "page": the home page, signed in, through Django's test Client (the whole stack).
Rounds alternate the engines so that a drift of the machine touches them all alike. Each
database runs in a child process of its own (its settings are read once).

    .venv/bin/python bench/sessions.py [--requests 1000] [--sessions 10000] \\
        [--postgres postgres://postgres@127.0.0.1:5432/concorde_bench_sessions]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from children import run_child  # noqa: E402 (bench/ is on the path)

POSTGRES = "postgres://postgres@127.0.0.1:5432/concorde_bench_sessions"
LEGACY = "bench_sessions_legacy"  # the module name under which this script serves the former store
ENGINES = {  # label: (SESSION_ENGINE, SESSION_CACHE_ALIAS)
    "ancien (SQL écrit)": (LEGACY, None),
    "db": ("django.contrib.sessions.backends.db", None),
    "cached_db (fichiers)": ("django.contrib.sessions.backends.cached_db", "sessions"),
    "cached_db (cache en base)": ("django.contrib.sessions.backends.cached_db", "default"),
}


def legacy_classes():
    """The former concorde.territories.sessions, as it was (defined once Django is set up)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.sessions.backends import db
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    class SessionStore(db.SessionStore):
        def _get_session_from_db(self):
            model = self.model
            found = next(
                iter(
                    model.objects.raw(
                        f"SELECT * FROM {model._meta.db_table} WHERE session_key = %s AND expire_date > %s",
                        [self.session_key, timezone.now()],
                    )
                ),
                None,
            )
            if found is None:
                self._session_key = None
            return found

    class Backend(ModelBackend):
        def get_user(self, user_id):
            model = get_user_model()
            try:
                user_id = model._meta.pk.to_python(user_id)
            except ValidationError:
                return None
            user = next(
                iter(
                    model._default_manager.raw(
                        f"SELECT * FROM {model._meta.db_table} WHERE {model._meta.pk.column} = %s", [user_id]
                    )
                ),
                None,
            )
            return user if user is not None and getattr(user, "is_active", True) else None

    return SessionStore, Backend


def pages(requests: int) -> int:
    return max(requests // 40, 10) * 10  # a page costs tens of times a session cycle


def percentiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100)
    return cuts[49], cuts[94]


def child(url: str, requests: int, sessions: int) -> dict:
    """Runs in its own process, DATABASE_URL=url: every engine, every measure."""
    import types

    os.environ.update(
        {
            "DATABASE_URL": url,
            "CONCORDE_DEBUG": "0",
            "CONCORDE_SSL_REDIRECT": "0",
            "CONCORDE_SECRET_KEY": "bench-only-secret-key-long-enough-for-the-production-check",
            "CONCORDE_ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "concorde.settings",
        }
    )
    os.environ.setdefault("CONCORDE_VAR_DIR", tempfile.mkdtemp(prefix="concorde-bench-sessions-"))
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from concorde.territories.models import Membership, Organisation

    call_command("migrate", verbosity=0)
    store, backend = legacy_classes()
    sys.modules[LEGACY] = types.SimpleNamespace(SessionStore=store, Backend=backend)

    # an instance with some life: other people's sessions in the table
    Session.objects.all().delete()
    for alias in ("default", "sessions"):
        caches[alias].clear()
    later = timezone.now() + timezone.timedelta(days=14)
    Session.objects.bulk_create(
        [Session(session_key=f"autre{i:027d}", session_data="e30:x:y", expire_date=later) for i in range(sessions)],
        batch_size=2000,
    )
    User = get_user_model()
    user, created = User.objects.get_or_create(username="banc.sessions", defaults={"first_name": "Banc"})
    if created:
        user.set_password("banc-sessions-motdepasse")
        user.save()
        paris, _ = Organisation.objects.get_or_create(name="Ville de Paris", defaults={"kind": "ville"})
        Membership.objects.create(user=user, organisation=paris, role=Membership.Role.COORDINATION)

    project = list(settings.AUTHENTICATION_BACKENDS)
    backends = [f"{LEGACY}.Backend", *project]

    def signed_in(engine: str, backend_path: str) -> str:
        session = import_module(engine).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend_path
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    def reads(request):
        assert request.user.is_authenticated
        return HttpResponse("ok")

    def writes(request):
        assert request.user.is_authenticated
        request.session["vu"] = time.perf_counter()  # as a view keeping a choice does
        return HttpResponse("ok")

    factory = RequestFactory()
    runs = {}
    for label, (engine, alias) in ENGINES.items():
        with override_settings(
            SESSION_ENGINE=engine, SESSION_CACHE_ALIAS=alias or "sessions", AUTHENTICATION_BACKENDS=backends
        ):
            key = signed_in(engine, backends[0] if engine == LEGACY else project[0])
            chains = {
                kind: SessionMiddleware(AuthenticationMiddleware(view))
                for kind, view in (("lecture", reads), ("écriture", writes))
            }
            client = Client()
            client.cookies[settings.SESSION_COOKIE_NAME] = key
        runs[label] = (engine, alias, key, chains, client)

    def one(label: str, kind: str) -> float:
        engine, alias, key, chains, client = runs[label]
        with override_settings(
            SESSION_ENGINE=engine, SESSION_CACHE_ALIAS=alias or "sessions", AUTHENTICATION_BACKENDS=backends
        ):
            start = time.perf_counter()
            if kind == "page":
                response = client.get("/")
            else:
                request = factory.get("/")
                request.COOKIES[settings.SESSION_COOKIE_NAME] = key
                response = chains[kind](request)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (label, kind, response.status_code)
        return elapsed

    kinds = ("lecture", "écriture", "page")
    figures = {}
    for label in ENGINES:
        for kind in kinds:
            for _ in range(30):  # warm: connections, caches, templates
                one(label, kind)
            with CaptureQueriesContext(connection) as queries:
                one(label, kind)
            figures[(label, kind)] = {"queries": len(queries.captured_queries), "ms": []}
    rounds = 10
    for _ in range(rounds):
        for label in ENGINES:
            for kind in kinds:
                per_round = requests // rounds if kind != "page" else pages(requests) // rounds
                figures[(label, kind)]["ms"].extend(one(label, kind) for _ in range(per_round))
    return {
        "vendor": connection.vendor,
        "rows": [
            {
                "engine": label,
                "kind": kind,
                "queries": f["queries"],
                "p50": percentiles(f["ms"])[0],
                "p95": percentiles(f["ms"])[1],
                "n": len(f["ms"]),
            }
            for (label, kind), f in figures.items()
        ],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--requests", type=int, default=1000, help="mesures par moteur pour lecture et écriture (page : le quart)"
    )
    ap.add_argument("--sessions", type=int, default=10_000, help="sessions d'autres personnes dans la table")
    ap.add_argument("--postgres", default=os.environ.get("DATABASE_URL") or POSTGRES)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.requests, args.sessions)))
        return 0
    from dashboard import ensure_database

    ensure_database(args.postgres)
    with tempfile.TemporaryDirectory(prefix="concorde-bench-sessions-") as var:
        targets = [("SQLite", f"sqlite:///{var}/bench.sqlite3"), ("PostgreSQL", args.postgres)]
        results = []
        for name, url in targets:
            env = {**os.environ, "CONCORDE_VAR_DIR": var}
            env.pop("DATABASE_URL", None)
            result = run_child(
                __file__, [url, "--requests", str(args.requests), "--sessions", str(args.sessions)], env, ROOT
            )
            if result is None:
                return 1
            results.append((name, result))
    print(
        f"{args.requests} lectures et écritures, {pages(args.requests)} pages par moteur ; "
        f"{args.sessions} autres sessions en table ; ms p50 / p95, requêtes SQL par requête"
    )
    print(f"{'base':<11} {'moteur':<27} {'lecture':>17} {'écriture':>17} {'page':>17}")
    for name, result in results:
        by = {(r["engine"], r["kind"]): r for r in result["rows"]}
        for label in ENGINES:
            cells = [
                f"{by[label, k]['p50']:5.2f} / {by[label, k]['p95']:5.2f} ({by[label, k]['queries']:>2})"
                for k in ("lecture", "écriture", "page")
            ]
            print(f"{name:<11} {label:<27} " + " ".join(f"{c:>17}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
