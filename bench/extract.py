"""Extraction speed on both corpora, each document read as the import worker meets it: unseen.

Goal: <= 10 ms per 100 KB on every document. Each sample is a fresh process that loads the
reference territories and reads the *other* documents first (as a worker that has been running
for a while: patterns compiled, territories in memory), then times the document once — nothing
of it can have been kept from an earlier read. The figure is the median of the samples.

The baseline, measured in the same worker on the same text, is one regex pass that only splits
it into words: it tells how fast this machine is, so figures from different machines compare.

    .venv/bin/python bench/extract.py [--samples 3] [files…]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Run in the fresh process: argv = the document to time, then the documents to read first.
WORKER = r"""
import json, os, re, sys, time
from pathlib import Path
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concorde.settings")
import django
django.setup()
from concorde.ingest.gazetteer import files_gazetteer
from concorde.ingest.parser import extract

gazetteer = files_gazetteer()
target, others = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
for path in others:
    extract(path.read_text(encoding="utf-8"), path.name, gazetteer)
text = target.read_text(encoding="utf-8")
start = time.perf_counter()
extract(text, target.name, gazetteer)
seconds = time.perf_counter() - start
start = time.perf_counter()
re.findall(r"\w+", text)
base = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "base": base, "gazetteer": gazetteer is not None}))
"""


def sample(target: Path, others: list[Path]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", WORKER, str(target), *map(str, others)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=3, help="processus neufs par document (médiane)")
    ap.add_argument("--warm", type=int, default=100, help="autres documents lus avant celui qui est mesuré (au plus)")
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()
    files = args.files or sorted([*(SHARED / "corpus").glob("*.txt"), *(SHARED / "corpus-wide").glob("*.txt")])
    if not files:
        print("aucun document : donner des fichiers ou placer ../shared/corpus et ../shared/corpus-wide")
        return 1
    print(f"{'document':<42} {'Ko':>6} {'médiane ms':>11} {'ms/100 Ko':>10} {'base ms/100 Ko':>15}")
    rows = []
    for path in files:
        size = len(path.read_bytes())
        others = [f for f in files if f != path][: args.warm]
        runs = [sample(path, others) for _ in range(args.samples)]
        seconds = statistics.median(r["seconds"] for r in runs)
        base = statistics.median(r["base"] for r in runs)
        ms100 = seconds * 1000 * 100_000 / size
        rows.append((path.name, ms100))
        print(
            f"{path.name[:42]:<42} {size / 1024:>6.0f} {seconds * 1000:>11.1f} {ms100:>10.1f} "
            f"{base * 1000 * 100_000 / size:>15.2f}",
            flush=True,
        )
    if not runs[-1]["gazetteer"]:
        print("attention : référentiel des collectivités absent (npm install), parties lues sans lui")
    worst_name, worst = max(rows, key=lambda r: r[1])
    print(f"médiane des documents : {statistics.median(r[1] for r in rows):.1f} ms par 100 Ko")
    print(
        f"pire document : {worst_name}, {worst:.1f} ms par 100 Ko (objectif <= 10) — "
        f"{'atteint' if worst <= 10 else 'non atteint'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
