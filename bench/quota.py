"""API quotas: what counting a request costs, and whether the count holds when several server
processes count the same client at once (docs/adr/0002-quotas-api.md). SQLite and PostgreSQL in
the same run, each in a child process of its own (its settings are read once).

Counters compared:
- "quota.count": Concorde's (src/concorde/api/quota.py), one INSERT … ON CONFLICT … RETURNING
  on the api_quota table;
- "ninja, cache en base": django-ninja's own AnonRateThrottle over Django's database cache (the
  project's default cache): the client's history read, then written back (get, then set);
- "incr, cache en base": a counter in the same cache, cache.incr (Django's BaseCache.incr: a get
  then a set);
- "ninja, LocMem": the same throttle over each process's memory (Django's default cache).

1. Cost per request, µs p50 / p95, beside `SELECT 1` on the same connection (rounds alternate
   the counters so that a drift of the machine touches them all alike; 100 clients in turn).
2. Concurrency: P processes (default 2 × cores + 1, gunicorn's setting in deploy/) released at
   once, M requests each for ONE client, quota Q a minute. Printed per counter: requests made,
   requests admitted (right answer: Q), what the shared count holds at the end, what it lost
   (requests for the counters that count every request; admitted requests for ninja's history,
   which records only those), errors (a request that would have failed), requests per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concorde_bench_quota \\
        .venv/bin/python bench/quota.py [--requests 2000] [--processes 5] [--per-process 400] [--quota 300]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
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

POSTGRES = "postgres://postgres@127.0.0.1:5432/concorde_bench_quota"
COUNTERS = ["quota.count", "ninja, cache en base", "incr, cache en base", "ninja, LocMem"]
FIXED_NOW = 1_900_000_000.0  # the throttles' clock, frozen: no entry expires during a run


def percentiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100)
    return cuts[49], cuts[94]


def child(url: str, requests: int, processes: int, per_process: int, quota_limit: int) -> dict:
    """Runs in its own process, DATABASE_URL=url: both measures."""
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
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection, connections
    from django.http import HttpRequest
    from ninja.throttling import AnonRateThrottle

    from concorde.api import quota
    from concorde.api.models import ApiQuota

    call_command("migrate", verbosity=0)
    ApiQuota.objects.all().delete()
    caches["default"].clear()
    minute = int(time.time() // quota.WINDOW)

    def request_from(address: str) -> HttpRequest:
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = address
        request.auth = None
        return request

    def throttle(alias: str, rate: str) -> AnonRateThrottle:
        found = AnonRateThrottle(rate)
        found.cache = caches[alias]
        found.timer = lambda: FIXED_NOW
        return found

    def select_one(_client: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    # 1. cost per request
    throttles = {alias: throttle(alias, f"{quota_limit}/m") for alias in ("default", "local")}
    requests_of = {}
    kinds = {
        "SELECT 1 (référence)": select_one,
        "quota.count": lambda client: quota.count(client, minute),
        "ninja, cache en base": lambda client: throttles["default"].allow_request(requests_of[client]),
        "ninja, LocMem": lambda client: throttles["local"].allow_request(requests_of[client]),
    }
    clients = [f"10.1.{i // 250}.{i % 250}" for i in range(100)]
    for client in clients:
        requests_of[client] = request_from(client)
    timings = {kind: [] for kind in kinds}
    for fn in kinds.values():  # warm: connection, statements, cache table
        for i in range(30):
            fn(clients[i % len(clients)])
    rounds, turn = 10, 0
    for _ in range(rounds):
        for kind, fn in kinds.items():
            for _ in range(requests // rounds):
                client = clients[turn % len(clients)]
                turn += 1
                start = time.perf_counter_ns()
                fn(client)
                timings[kind].append((time.perf_counter_ns() - start) / 1000)
    cost = [
        {"kind": kind, "p50": percentiles(t)[0], "p95": percentiles(t)[1], "n": len(t)} for kind, t in timings.items()
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            durability = f"synchronous_commit={cursor.fetchone()[0]}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")  # 2: FULL, each commit waits for the disk
            durability = f"journal_mode={journal}, synchronous={cursor.fetchone()[0]}"

    # 2. concurrency: one client, P processes at once
    def counter(name: str, tag: str):
        """(count one request -> admitted?, what the shared store holds at the end)."""
        address = f"10.2.0.{COUNTERS.index(name) + 1}"
        if name == "quota.count":
            client = f"address:{address}:{tag}"
            return (
                lambda: quota.count(client, minute) <= quota_limit,
                lambda: (
                    ApiQuota.objects.filter(client=client, minute=minute).values_list("used", flat=True).first() or 0
                ),
            )
        if name == "incr, cache en base":
            key = f"bench-quota:{tag}"
            caches["default"].add(key, 0, 600)
            return (lambda: caches["default"].incr(key) <= quota_limit, lambda: caches["default"].get(key, 0))
        alias = "default" if name == "ninja, cache en base" else "local"
        gate, request = throttle(alias, f"{quota_limit}/m"), request_from(address)
        return (
            lambda: gate.allow_request(request),
            lambda: len(caches[alias].get(gate.get_cache_key(request), [])) if alias == "default" else None,
        )

    def worker(name: str, tag: str, ready, go, out) -> None:
        caches["local"].clear()  # this process's memory: its own from here on
        count_one, _ = counter(name, tag)
        select_one("")  # connected before the start
        os.write(ready, b".")
        os.read(go, 1)  # returns when the parent closes its end: every process at once
        admitted = errors = 0
        failures = set()
        for _ in range(per_process):
            try:
                admitted += bool(count_one())
            except Exception as error:
                errors += 1
                failures.add(f"{type(error).__name__}: {error}")
        connections.close_all()
        os.write(out, (json.dumps({"admitted": admitted, "errors": errors, "kinds": sorted(failures)}) + "\n").encode())
        os._exit(0)

    concurrency = []
    for name in COUNTERS:
        tag = f"{name}-{time.time_ns()}"
        _, held = counter(name, tag)  # the parent sets the store up (incr's starting row)
        connections.close_all()  # each process opens its own
        ready_r, ready_w = os.pipe()
        go_r, go_w = os.pipe()
        out_r, out_w = os.pipe()
        pids = []
        for _ in range(processes):
            pid = os.fork()
            if pid == 0:
                os.close(go_w)
                worker(name, tag, ready_w, go_r, out_w)
            pids.append(pid)
        for _ in range(processes):
            os.read(ready_r, 1)
        start = time.perf_counter()
        os.close(go_w)
        for pid in pids:
            os.waitpid(pid, 0)
        seconds = time.perf_counter() - start
        os.close(out_w)
        with os.fdopen(out_r) as stream:
            results = [json.loads(line) for line in stream if line.strip()]
        for fd in (ready_r, ready_w, go_r):
            os.close(fd)
        made = processes * per_process
        admitted = sum(r["admitted"] for r in results)
        errors = sum(r["errors"] for r in results)
        final = held()
        if final is None:  # LocMem: no count shared by the processes
            lost = None
        elif name.startswith("ninja"):
            lost = admitted - final  # the history records admitted requests only
        else:
            lost = made - errors - final
        concurrency.append(
            {
                "counter": name,
                "made": made,
                "admitted": admitted,
                "held": final,
                "lost": lost,
                "errors": errors,
                "rps": made / seconds,
                "kinds": sorted({kind for r in results for kind in r["kinds"]}),
            }
        )
    return {"vendor": connection.vendor, "durability": durability, "cost": cost, "concurrency": concurrency}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=2000, help="mesures de coût par compteur")
    ap.add_argument("--processes", type=int, default=2 * multiprocessing.cpu_count() + 1)
    ap.add_argument("--per-process", type=int, default=400, help="requêtes de chaque processus")
    ap.add_argument("--quota", type=int, default=300, help="requêtes admises par minute (CONCORDE_API_QUOTA_PUBLIC)")
    ap.add_argument("--postgres", default=os.environ.get("DATABASE_URL") or POSTGRES)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.requests, args.processes, args.per_process, args.quota)))
        return 0
    from dashboard import ensure_database

    ensure_database(args.postgres)
    results = []
    with tempfile.TemporaryDirectory(prefix="concorde-bench-quota-") as var:
        for name, url in (("SQLite", f"sqlite:///{var}/bench.sqlite3"), ("PostgreSQL", args.postgres)):
            env = {**os.environ, "CONCORDE_VAR_DIR": var}
            env.pop("DATABASE_URL", None)
            result = run_child(
                __file__,
                [
                    url,
                    "--requests",
                    str(args.requests),
                    "--processes",
                    str(args.processes),
                    "--per-process",
                    str(args.per_process),
                    "--quota",
                    str(args.quota),
                ],
                env,
                ROOT,
            )
            if result is None:
                return 1
            results.append((name, result))

    print(f"1. Coût d'une requête comptée, µs p50 / p95 ({args.requests} mesures par compteur, 100 clients)")
    print(f"{'base':<11} {'compteur':<22} {'p50':>8} {'p95':>8}")
    for name, result in results:
        for row in result["cost"]:
            print(f"{name:<11} {row['kind']:<22} {row['p50']:8.1f} {row['p95']:8.1f}")
        print(f"{'':<11} ({result['durability']})")
    print()
    print(
        f"2. Un client, {args.processes} processus × {args.per_process} requêtes lancés ensemble, "
        f"quota {args.quota} : admises (juste : {args.quota}), compte partagé à la fin, comptes perdus"
    )
    print(
        f"{'base':<11} {'compteur':<22} {'requêtes':>8} {'admises':>8} {'compte':>8} {'perdues':>8} "
        f"{'erreurs':>8} {'req/s':>8}"
    )
    for name, result in results:
        for row in result["concurrency"]:
            held = "—" if row["held"] is None else row["held"]
            lost = "—" if row["lost"] is None else row["lost"]
            print(
                f"{name:<11} {row['counter']:<22} {row['made']:>8} {row['admitted']:>8} {held:>8} {lost:>8} "
                f"{row['errors']:>8} {row['rps']:>8.0f}"
            )
            for kind in row["kinds"]:
                print(f"{'':<11} {'':<22} erreur : {kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
