"""Bulk import: documents per second for 1,000 documents into PostgreSQL, with workers in
parallel, beside a parse-only baseline of the same run.

The documents are made at run time from the corpus texts (../shared/corpus/*.txt and
../shared/corpus-wide/*.txt), each one a variation no process has seen: its title marked with
its number and its years moved on by a multiple of four (so that dates stay valid), hence a
checksum of its own. They are written to a temporary directory, then read by N worker processes
(default: one per core), each warmed up first (Django loaded, reference territories in memory, as
a `concorde db_worker` that has been running):

- « lecture + analyse » reads and extracts every document, without a database;
- « import complet » runs `import_document` on each (read, extract, load, one transaction per
  document, its file written on commit) into a PostgreSQL database of its own, created with the
  reference territories and dropped at the end (--keep to keep it), and counts the SQL statements
  of each document (CaptureQueriesContext).

Each line also gives the workers' processor time per document (PostgreSQL's own excluded): on a
machine that is doing something else at the same time, that figure and the ratio of the two
lines compare across runs; the wall-clock ones do not.

Measured by the issue before the loader wrote in bulk: 74-82 s for 1,000 documents (about 107 SQL
statements per document, one row at a time). Goal: <= 60 s on 2 cores.

    .venv/bin/python bench/import.py [--documents 1000] [--workers 2] \\
        [--database postgres://postgres@127.0.0.1:5432/concorde_bench_import] [--keep]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/concorde_bench_import"
SECRET = "bench-only-secret-key-long-enough-for-the-production-check"
ORGANISATION = "Ville de Paris"
# The importing organisation's services, so that pilot cells match some (acronyms only).
SERVICES = ["DASES", "DVD", "DAC", "DAE", "DJS", "DPE", "DEVE", "DU", "DFPE", "DASCO", "DDCT", "DLH", "DEF", "DSOL"]
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def environment(url: str, var: Path) -> None:
    os.environ.update(
        DATABASE_URL=url,
        CONCORDE_VAR_DIR=str(var),
        CONCORDE_DEBUG="0",
        CONCORDE_SECRET_KEY=SECRET,
        DJANGO_SETTINGS_MODULE="concorde.settings",
    )


def variations(sources: list[Path], count: int, into: Path) -> list[Path]:
    """`count` documents made from the sources: numbered title, years moved on."""
    texts = [p.read_text(encoding="utf-8") for p in sources]
    out = []
    for i in range(count):
        k = i % len(texts)
        shift = 4 * (1 + i // len(texts) % 6)
        text = YEAR.sub(lambda m, shift=shift: str(int(m[1]) + shift), texts[k])
        lines = text.split("\n")
        first = next(n for n, line in enumerate(lines) if line.strip())
        lines[first] = f"{lines[first].rstrip()} (exemplaire {i + 1:04d})"
        path = into / f"{i + 1:04d}-{sources[k].stem}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        out.append(path)
    return out


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'drop database if exists "{url.rsplit("/", 1)[1]}" with (force)')


def prepare() -> None:
    """Schema, reference territories, the importing organisation with a coordinator and services."""
    import io

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections

    from concorde.ingest.loader import organisation_for
    from concorde.territories.models import Membership, Service

    call_command("migrate", verbosity=0)
    call_command("territories", stdout=io.StringIO())
    org = organisation_for(ORGANISATION, "ville")
    user = get_user_model().objects.create_user("bench.import", password="banc-d-essai")
    Membership.objects.create(user=user, organisation=org, role="coordination")
    for acronym in SERVICES:
        Service.objects.create(organisation=org, name=acronym, acronym=acronym)
    connections.close_all()


def worker(mode: str, url: str, var: str, inbox, outbox, barrier) -> None:
    """Warm up, wait for the others, then take documents from `inbox` until None."""
    environment(url, Path(var))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from concorde.ingest.gazetteer import files_gazetteer, reference_gazetteer
    from concorde.ingest.loader import ImportRefused, import_document
    from concorde.ingest.parser import extract
    from concorde.ingest.readers import read_bytes
    from concorde.territories.models import Organisation

    if mode == "parse":
        gazetteer = files_gazetteer()
    else:
        reference_gazetteer()
        user = get_user_model().objects.get(username="bench.import")
        org = Organisation.objects.get(name=ORGANISATION)
    barrier.wait()
    cpu = time.process_time()
    while (path := inbox.get()) is not None:
        data = Path(path).read_bytes()
        if mode == "parse":
            extract(read_bytes(data, Path(path).name).text, Path(path).name, gazetteer)
            outbox.put(("document", 0, None))
            continue
        connection.queries_log.clear()  # a full log (9,000 statements) would count nothing
        with CaptureQueriesContext(connection) as queries:
            try:
                import_document(data, Path(path).name, user=user, organisation=org, max_bytes=20 * 1024 * 1024)
                refused = None
            except ImportRefused as exc:
                refused = str(exc)
        outbox.put(("document", len(queries), refused))
    outbox.put(("cpu", time.process_time() - cpu, None))


def run(mode: str, paths: list[Path], workers: int, url: str, var: Path) -> tuple[float, float, list]:
    """Seconds from the moment every worker is ready to the last document done, the workers'
    processor seconds meanwhile, and each document's (statements, reason refused)."""
    ctx = multiprocessing.get_context("spawn")
    inbox, outbox, barrier = ctx.Queue(), ctx.Queue(), ctx.Barrier(workers + 1)
    for p in paths:
        inbox.put(str(p))
    for _ in range(workers):
        inbox.put(None)
    procs = [ctx.Process(target=worker, args=(mode, url, str(var), inbox, outbox, barrier)) for _ in range(workers)]
    for p in procs:
        p.start()
    barrier.wait(timeout=300)
    start = time.perf_counter()
    results, cpu, done = [], 0.0, 0
    while len(results) < len(paths) or done < workers:
        kind, value, refused = outbox.get(timeout=600)
        if kind == "cpu":
            cpu, done = cpu + value, done + 1
            continue
        results.append((value, refused))
        if len(results) == len(paths):
            seconds = time.perf_counter() - start
    for p in procs:
        p.join(timeout=60)
    if any(p.exitcode for p in procs):
        raise SystemExit(f"un processus de travail a échoué ({mode})")
    return seconds, cpu, results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="processus en parallèle (un par cœur)")
    ap.add_argument("--database", default=DEFAULT_URL, help="base PostgreSQL du banc, recréée à chaque exécution")
    ap.add_argument("--keep", action="store_true", help="garder la base à la fin")
    args = ap.parse_args()
    sources = sorted([*(SHARED / "corpus").glob("*.txt"), *(SHARED / "corpus-wide").glob("*.txt")])
    if not sources:
        print("aucun texte : placer ../shared/corpus et ../shared/corpus-wide")
        return 1
    with tempfile.TemporaryDirectory(prefix="concorde-bench-import-") as tmp:
        var = Path(tmp) / "var"
        environment(args.database, var)
        paths = variations(sources, args.documents, Path(tmp))
        size = sum(p.stat().st_size for p in paths)
        print(
            f"{len(paths)} documents tirés de {len(sources)} textes du corpus ({size / 1024 / 1024:.1f} Mo), "
            f"{args.workers} processus ; charge de la machine avant : {os.getloadavg()[0]:.1f} (un autre travail "
            "en cours fausse les chiffres)"
        )
        recreate_database(args.database)
        try:
            prepare()
            parse_s, parse_cpu, _ = run("parse", paths, args.workers, args.database, var)
            print(
                f"lecture + analyse seules : {len(paths) / parse_s:6.1f} documents/s ({parse_s:.1f} s ; "
                f"processeur {parse_cpu * 1000 / len(paths):.1f} ms par document)",
                flush=True,
            )
            import_s, import_cpu, results = run("import", paths, args.workers, args.database, var)
            from concorde.conventions.models import Convention

            stored = Convention.objects.count()
        finally:
            if not args.keep:
                from django.db import connections

                connections.close_all()
                drop_database(args.database)
    statements = [n for n, refused in results if refused is None]
    refused = [r for _, r in results if r is not None]
    per_1000 = import_s * 1000 / len(paths)
    print(
        f"import complet (PostgreSQL) : {len(paths) / import_s:6.1f} documents/s, {import_s:.1f} s "
        f"({per_1000:.1f} s pour 1 000 ; objectif <= 60 s — {'atteint' if per_1000 <= 60 else 'non atteint'} ; "
        f"processeur des processus de travail {import_cpu * 1000 / len(paths):.1f} ms par document, hors PostgreSQL)"
    )
    if statements:
        print(
            f"requêtes SQL par document : moyenne {statistics.mean(statements):.1f}, médiane "
            f"{statistics.median(statements):.0f}, maximum {max(statements)}"
        )
    print(f"conventions en base : {stored} ; refusés : {len(refused)}")
    for reason in sorted(set(refused))[:5]:
        print("  " + reason)
    return 1 if refused or stored != len(paths) else 0


if __name__ == "__main__":
    sys.exit(main())
