"""Extraction speed on the corpus: median time per document, MB/s, ms per 100 KB.

Goal: <= 10 ms per 100 KB on one core. The baseline line, measured in the same run, is
one regex pass that only splits the same text into words: it tells how fast this
machine is, so figures from different machines can be compared.

    .venv/bin/python bench/extract.py [--runs 30] [files…]
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from concorde.ingest.parser import extract  # noqa: E402

WORDS = re.compile(r"\w+")


def median_seconds(fn, text: str, runs: int) -> float:
    fn(text)  # warm-up: compiled regexes, caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(text)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()
    files = args.files or sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))
    if not files:
        print("aucun document : donner des fichiers ou placer ../shared/corpus")
        return 1
    print(f"{'document':<28} {'Ko':>6} {'médiane ms':>11} {'Mo/s':>7} {'ms/100 Ko':>10} {'base ms/100 Ko':>15}")
    per_100k = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        size = len(text.encode("utf-8"))
        seconds = median_seconds(lambda t: extract(t, path.name), text, args.runs)
        base = median_seconds(lambda t: WORDS.findall(t), text, args.runs)
        ms100 = seconds * 1000 * 100_000 / size
        per_100k.append(ms100)
        print(f"{path.name[:28]:<28} {size / 1024:>6.0f} {seconds * 1000:>11.2f} {size / seconds / 1e6:>7.2f} {ms100:>10.2f} "
              f"{base * 1000 * 100_000 / size:>15.2f}")
    worst = max(per_100k)
    print(f"pire document : {worst:.2f} ms par 100 Ko (objectif <= 10) — {'atteint' if worst <= 10 else 'non atteint'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
