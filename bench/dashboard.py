"""Dashboard and portfolio latency on a large instance, under concurrent clients.

Generates (once) 10,000 synthetic conventions of about 40 actions each in a PostgreSQL
database, serves the project with gunicorn on 127.0.0.1, and has 20 concurrent clients
request convention dashboards, then portfolio pages, for a fixed time each. Prints p50 and
p95 per page, and the same figures for the login page as a baseline of the server itself.
Goal: p95 <= 100 ms. Before serving, every dashboard is rendered for the day as the nightly
job does (`concorde dashboards`; each write renders its convention's again on commit), and the
time it takes is printed. "Froid": every request a convention drawn among all 10,000, read for
the first time by the server; "chaud": 200 conventions read over and over, as a team reads its
own dashboards; "filtré": a random convention with a random status filter, made from its
materialised dashboard (its rendered rows filtered). Rendering one dashboard from the database,
as after a write, costs what the "rendus à l'avance" line prints for each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concorde_bench \\
        .venv/bin/python bench/dashboard.py [--conventions 10000] [--clients 20] [--seconds 20]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/concorde_bench"
STATUSES = ["planned", "in_progress", "done", "late", "paused", "abandoned", "blocked"]


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            conn.execute(f'create database "{name}"')


SECRET = "bench-only-secret-key-long-enough-for-the-production-check"


def setup_django(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ["CONCORDE_SECRET_KEY"] = SECRET  # the sessions made here must be valid for the server
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concorde.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(count: int, actions_per: int = 40) -> None:
    """Synthetic conventions between the Ville de Paris and 200 communes (once)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from concorde.conventions.models import Action, ActionPilot, Axis, Convention, Indicator, Measurement, Party
    from concorde.territories.models import Membership, Organisation

    have = Convention.objects.count()
    if have >= count:
        print(f"données déjà présentes : {have} conventions")
        return
    start = time.perf_counter()
    paris, _ = Organisation.objects.get_or_create(name="Ville de Paris", defaults={"kind": "ville"})
    communes = [
        Organisation.objects.get_or_create(name=f"Commune de Banc-d'Essai-{i:03d}", defaults={"kind": "commune"})[0]
        for i in range(200)
    ]
    User = get_user_model()
    for username, org in (("bench.paris", paris), ("bench.commune", communes[0])):
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password("bench-concorde")
            user.save()
        Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": "coordination"})
    rng = random.Random(42)
    statuses = [s for s, _ in Action.Status.choices]
    batch = 250
    for first in range(have, count, batch):
        with transaction.atomic():
            conventions = Convention.objects.bulk_create(
                [
                    Convention(
                        title=f"Convention de coopération synthétique n°{i}",
                        owner=paris,
                        status="validated",
                        period_start_year=2024,
                        period_end_year=2029,
                        duration=5,
                        progress=rng.random() * 100,
                    )
                    for i in range(first, min(first + batch, count))
                ]
            )
            parties = Party.objects.bulk_create(
                [
                    p
                    for c in conventions
                    for p in (
                        Party(convention=c, organisation=paris, label="Ville de Paris", order=0),
                        Party(
                            convention=c,
                            organisation=communes[c.pk % len(communes)],
                            label=communes[c.pk % len(communes)].name,
                            order=1,
                        ),
                    )
                ]
            )
            by_conv = {}
            for p in parties:
                by_conv.setdefault(p.convention_id, []).append(p)
            axes = Axis.objects.bulk_create(
                [
                    Axis(convention=c, number=str(n + 1), title=f"Axe synthétique {n + 1}", order=n)
                    for c in conventions
                    for n in range(4)
                ]
            )
            actions = Action.objects.bulk_create(
                [
                    Action(
                        convention_id=ax.convention_id,
                        axis=ax,
                        number=f"n°{ax.order * 10 + k + 1}",
                        title=f"Action synthétique {k}",
                        order=ax.order * 10 + k,
                        status=rng.choice(statuses),
                        progress=rng.randrange(0, 101),
                        deadline_text="2027",
                        budget_text="Mobilisation des ressources courantes",
                    )
                    for ax in axes
                    for k in range(actions_per // 4)
                ]
            )
            ActionPilot.objects.bulk_create(
                [
                    ActionPilot(action=a, party=p, party_label=p.label, service="DASES" if p.order == 0 else "DGS")
                    for a in actions
                    for p in by_conv[a.convention_id]
                ]
            )
            indicators = Indicator.objects.bulk_create(
                [
                    Indicator(action=a, label="Nombre de bénéficiaires", target_value=100)
                    for a in actions
                    if a.order % 2 == 0
                ]
            )
            Measurement.objects.bulk_create(
                [
                    Measurement(
                        indicator=i,
                        party=by_conv[i.action.convention_id][0],
                        value=rng.randrange(0, 120),
                        date="2026-06-01",
                        status="validated",
                    )
                    for i in indicators
                ]
            )
        if (first // batch) % 8 == 0:
            print(f"  {first + batch} conventions générées ({time.perf_counter() - start:.0f} s)", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:  # statistics for the planner, as a live database has them
        cursor.execute("analyze")
    print(f"génération : {count - have} conventions en {time.perf_counter() - start:.0f} s")


def session_cookie(username: str) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def serve(url: str, port: int, workers: int, threads: int, extra: tuple[str, ...] = ()) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CONCORDE_DEBUG": "0",
        "CONCORDE_SECRET_KEY": SECRET,
        "CONCORDE_ALLOWED_HOSTS": "127.0.0.1",
        "CONCORDE_SSL_REDIRECT": "0",
    }  # plain HTTP on the loopback
    log = open(ROOT / "var" / "bench-server.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            *extra,
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    for _ in range(100):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/connexion/")
            c.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("le serveur gunicorn n'a pas démarré")


def load(port: int, cookie: str, paths, clients: int, seconds: float) -> list[float]:
    """`clients` threads request the paths in turn for `seconds`; returns latencies in ms."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    errors = []

    def worker(seed: int):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            path = paths(rng)
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - t0) * 1000)
            if response.status != 200:
                errors.append((path, response.status))
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print(f"  {len(errors)} réponses en erreur, par exemple {errors[0]}")
    return latencies


def report(name: str, latencies: list[float], seconds: float, goal: float = 100) -> None:
    q = statistics.quantiles(latencies, n=100)
    print(
        f"{name:<22} {len(latencies):>7} req  {len(latencies) / seconds:>7.1f} req/s  p50 {q[49]:>7.1f} ms  "
        f"p95 {q[94]:>7.1f} ms  {'objectif atteint' if q[94] <= goal else 'objectif NON atteint'}"
    )


def timed_phases(url: str, port: int, workers: int, cookie: str, phases, clients: int, seconds: float, goal: float):
    """Serve the project, warm it, then run each phase (name, paths): what the clients wait
    (queueing on 2 cores included) beside the server's own time of each request, read from
    gunicorn's access log (%(M)s, in ms) — the goal is on the server's time."""
    access = ROOT / "var" / "bench-access.log"
    access.unlink(missing_ok=True)
    server = serve(url, port, workers, 1, ("--access-logfile", str(access), "--access-logformat", "%(M)s"))
    try:
        load(port, cookie, lambda r: "/connexion/", 4, 2)  # warm-up
        for name, paths in phases:
            already = access.stat().st_size if access.exists() else 0
            latencies = load(port, cookie, paths, clients, seconds)
            time.sleep(0.5)  # the workers' last log lines
            with access.open() as log:
                log.seek(already)
                server_times = [float(line) for line in log if line.strip()]
            q = statistics.quantiles(latencies, n=100)
            s = statistics.quantiles(server_times, n=100) if len(server_times) > 1 else [0.0] * 99
            print(
                f"{name:<26} {len(latencies):>6} req {len(latencies) / seconds:>6.1f} req/s  client p50 "
                f"{q[49]:>6.1f} p95 {q[94]:>6.1f} ms  serveur p50 {s[49]:>5.1f} p95 {s[94]:>5.1f} ms  "
                f"{'objectif atteint' if s[94] <= goal else 'objectif NON atteint'}"
            )
    finally:
        server.terminate()
        server.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conventions", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument(
        "--workers", type=int, default=2 * os.cpu_count() + 1, help="processus gunicorn (par défaut ceux de deploy/)"
    )
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--only", default="", help="ne mesurer que les pages dont le nom contient ce texte")
    args = ap.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        raise SystemExit("ce banc d'essai tourne sur PostgreSQL (DATABASE_URL=postgres://…)")
    ensure_database(url)
    setup_django(url)
    generate(args.conventions)
    from concorde.conventions.models import Action, Convention

    ids = list(Convention.objects.values_list("pk", flat=True))
    print(
        f"{len(ids)} conventions, {Action.objects.count()} actions ; {args.clients} clients, {args.seconds:.0f} s par page, "
        f"gunicorn {args.workers} processus × {args.threads} fils"
    )
    cookie = session_cookie("bench.paris")
    from concorde.dashboard import materialise

    rendered, ready, seconds = materialise.warm_all()
    print(
        f"tableaux de bord du jour rendus à l'avance : {rendered} en {seconds:.0f} s"
        + (f" ({seconds / rendered * 1000:.1f} ms chacun)" if rendered else "")
        + f", {ready} déjà prêts"
    )
    server = serve(url, args.port, args.workers, args.threads)
    try:
        load(args.port, cookie, lambda r: "/connexion/", 4, 2)  # warm-up
        hot = random.Random(7).sample(ids, min(200, len(ids)))
        phases = (
            ("connexion (référence)", lambda r: "/connexion/"),
            ("tableau de bord (froid)", lambda r: f"/conventions/{r.choice(ids)}/tableau-de-bord/"),
            ("tableau de bord (chaud)", lambda r: f"/conventions/{r.choice(hot)}/tableau-de-bord/"),
            (
                "tableau de bord (filtré)",
                lambda r: f"/conventions/{r.choice(ids)}/tableau-de-bord/?status={r.choice(STATUSES)}",
            ),
            ("portefeuille", lambda r: f"/portefeuille/?page={r.randrange(1, len(ids) // 50 + 1)}"),
        )
        for name, paths in phases:
            if args.only not in name:
                continue
            if "chaud" in name:  # each server process reads the 200 hot dashboards once
                load(args.port, cookie, paths, args.clients, 12)
            report(name, load(args.port, cookie, paths, args.clients, args.seconds), args.seconds)
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
