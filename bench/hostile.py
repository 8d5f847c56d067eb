"""Hostile files by the thousand (tests/hostile.py) through the readers and the parser, each in a
process of its own: prints the crashes (any exception but a French refusal), the cases over 30 s
and the peak memory. Goal: 0 crashes, 0 over 30 s, nothing over 2 GB.

    .venv/bin/python bench/hostile.py [--cases 3000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def one(case: tuple[str, bytes]) -> tuple[str, str, float, int]:
    from concorde.ingest.parser import ExtractionError, extract
    from concorde.ingest.readers import ReadError, read_bytes

    name, data = case
    start = time.perf_counter()
    try:
        extract(read_bytes(data, name).text, name)
        outcome = "lu"
    except (ReadError, ExtractionError):
        outcome = "refusé"
    except Exception as exc:
        outcome = f"PLANTAGE {type(exc).__name__}: {exc}"[:200]
    return name, outcome, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=3000)
    args = ap.parse_args()
    from tests.hostile import cases

    started = time.perf_counter()
    all_cases = cases(args.cases)
    crashes, slow, peak, counts = [], [], (0, ""), {"lu": 0, "refusé": 0}
    # one process a case (memory is measured per case), as many at a time as there are cores
    with multiprocessing.get_context("fork").Pool(maxtasksperchild=1) as pool:
        for name, outcome, seconds, rss_mb in pool.imap_unordered(one, all_cases):
            if outcome.startswith("PLANTAGE"):
                crashes.append(f"{name} : {outcome}")
            else:
                counts[outcome] += 1
            if seconds > 30:
                slow.append(f"{name} : {seconds:.0f} s")
            if rss_mb > peak[0]:
                peak = (rss_mb, name)
    print(
        f"{len(all_cases)} cas en {time.perf_counter() - started:.0f} s : {counts['lu']} lus, {counts['refusé']} refusés, "
        f"{len(crashes)} plantages, {len(slow)} au-delà de 30 s, mémoire maximale {peak[0]} Mo ({peak[1]})"
    )
    for line in crashes[:20] + slow[:20]:
        print("  " + line)
    return 1 if crashes or slow or peak[0] > 2048 else 0


if __name__ == "__main__":
    sys.exit(main())
