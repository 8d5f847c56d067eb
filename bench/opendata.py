"""Open-data downloads on a large instance: the actions file of 10,000 published conventions
(400,000 actions), written once per state of what is published and then read from disk. Uses
the database of bench/dashboard.py (generated if missing), whose conventions it publishes.

Prints, per dataset and format: the first download of a state (the file is written), the next
ones (read from disk), and, as the baseline of the same run, the former way — every row and the
whole file built in memory at each download. Each way runs in a child process of its own, whose
peak resident memory is printed (the process before it starts: the "base" line).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concorde_bench \\
        .venv/bin/python bench/opendata.py [--conventions 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dashboard import DEFAULT_URL, ensure_database, generate, setup_django


def in_child(fn) -> tuple[float, float]:
    """Seconds and peak resident MB of fn run in a forked child (its own database connection)."""
    from django.db import connections

    connections.close_all()  # the child opens its own; the parent's reopens when needed
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        start = time.perf_counter()
        fn()
        seconds = time.perf_counter() - start
        os.write(write, f"{seconds} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}".encode())
        os._exit(0)
    os.waitpid(pid, 0)
    seconds, peak = os.read(read, 100).decode().split()
    return float(seconds), float(peak)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conventions", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5, help="lectures depuis le disque mesurées")
    ap.add_argument("--datasets", default="actions,conventions", help="jeux mesurés, séparés par des virgules")
    args = ap.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    os.environ["CONCORDE_VAR_DIR"] = tempfile.mkdtemp(prefix="concorde-bench-")
    setup_django(url)
    generate(args.conventions)

    from concorde.conventions.models import Convention, Party
    from concorde.publication import files, opendata

    Party.objects.update(publish=True, publish_budgets=True)
    Convention.objects.update(is_public=True, public_budgets=True)
    print(f"base : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mo résidents avant les mesures")
    print(
        f"{'jeu':<12} {'format':<6} {'Mo':>6} {'écrit (s)':>10} {'pic Mo':>7} {'lu (ms)':>8} "
        f"{'ancien (s)':>11} {'pic Mo':>7}"
    )
    for name in args.datasets.split(","):
        for fmt in ("csv", "json"):
            for old in Path(os.environ["CONCORDE_VAR_DIR"], "opendata").glob(f"{name}-*.{fmt}"):
                old.unlink()

            def write():
                files.open_dataset(name, fmt).close()

            def download():  # what a download of a written state costs: the state, then the file
                with files.open_dataset(name, fmt) as f:
                    while f.read(1 << 16):
                        pass

            written, written_peak = in_child(write)
            size = (
                sum(p.stat().st_size for p in Path(os.environ["CONCORDE_VAR_DIR"], "opendata").glob(f"{name}-*.{fmt}"))
                / 1e6
            )
            reads = []
            for _ in range(args.runs):
                start = time.perf_counter()
                download()
                reads.append(time.perf_counter() - start)

            def former():  # what each download did before: all rows, then the whole file, in memory
                out = io.BytesIO()
                writer = opendata.write_csv if fmt == "csv" else opendata.write_json
                writer(name, list(opendata.DATASETS[name].rows()), out)
                return out.getvalue()

            before, before_peak = in_child(former)
            print(
                f"{name:<12} {fmt:<6} {size:>6.1f} {written:>10.2f} {written_peak:>7.0f} "
                f"{statistics.median(reads) * 1000:>8.1f} {before:>11.2f} {before_peak:>7.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
