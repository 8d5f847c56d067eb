"""Each corpus document's score in every format a collectivité sends it in, beside its text's:
the PDF (WeasyPrint, running header and page numbers), the DOCX (Word's numbering) and the scan
of that PDF, made by tests/formats.py and read by the importer's readers. Also the time each
format takes to read. tests/test_formats.py holds the same to its tolerances (0.03, scan 0.05).

    .venv/bin/python bench/formats.py [--no-scan]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(SHARED / "tools")]

import score_extraction  # noqa: E402

from concorde.ingest.parser import extract  # noqa: E402
from concorde.ingest.parser.gazetteer import Gazetteer  # noqa: E402
from concorde.ingest.readers import read_bytes  # noqa: E402
from concorde.lib.territory_files import package_data_dir  # noqa: E402
from tests.formats import as_docx, as_pdf, as_scan, corpus_documents  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-scan", action="store_true", help="sans la version scannée (l'OCR prend quelques minutes)")
    args = ap.parse_args()
    gazetteer = Gazetteer.from_decoupage(package_data_dir())
    formats = ["txt", "pdf", "docx"] + ([] if args.no_scan else ["scan"])
    totals = {f: [] for f in formats}
    print(f"{'document':<34}" + "".join(f"{f:>16}" for f in formats))
    for gold, path in corpus_documents(SHARED):
        text = path.read_text(encoding="utf-8")
        pdf = as_pdf(text, slides=gold.get("kind") == "seminar")
        files = {
            "txt": (text.encode(), path.name),
            "pdf": (pdf, path.name + ".pdf"),
            "docx": (as_docx(text), path.name + ".docx"),
        }
        if not args.no_scan:
            files["scan"] = (as_scan(pdf), path.name + ".pdf")
        cells = []
        for fmt in formats:
            data, name = files[fmt]
            start = time.perf_counter()
            read = read_bytes(data, name, max_bytes=50 * 1024 * 1024)
            seconds = time.perf_counter() - start
            score = score_extraction.summarize(
                {name: score_extraction.score_document(gold, extract(read.text, name, gazetteer))}
            )["score"]
            totals[fmt].append(score)
            pages = f"{read.pages}p " if read.pages else ""
            cells.append(f"{score:.3f} {pages}{seconds:.1f}s")
        print(f"{path.name[:33]:<34}" + "".join(f"{c:>16}" for c in cells), flush=True)
    print(f"{'moyenne':<34}" + "".join(f"{sum(v) / len(v):>16.3f}" for v in totals.values()))


if __name__ == "__main__":
    main()
