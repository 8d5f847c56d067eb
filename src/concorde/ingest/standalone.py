"""`concorde extract FILE`: what the importer understands of a document, without the web stack.

Parsing needs the readers, the parser and the reference territories' files, not Django: the
command starts in a fraction of the time the whole project takes to load."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from concorde.lib.territory_files import package_data_dir

from .parser import ExtractionError, extract
from .parser.gazetteer import Gazetteer
from .parser.outline import render
from .readers import ReadError, read_path


def understood(path: str, max_mb: int = 50) -> dict:
    """The extraction contract's JSON of a file, its reading's warnings first."""
    read = read_path(path, max_bytes=max_mb * 1024 * 1024)
    result = extract(read.text, Path(path).name, Gazetteer.from_decoupage(package_data_dir()))
    for w in reversed(read.warnings):
        result["warnings"].insert(0, f"Lecture du fichier — {w}")
    return result


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="concorde extract",
        description="Affiche ce que l'importeur comprend d'un document (JSON du contrat d'extraction, ou plan lisible).",
    )
    ap.add_argument("file")
    ap.add_argument("--format", choices=["json", "text"], default="json")
    ap.add_argument("--max-mb", type=int, default=50, help="taille maximale acceptée (Mo)")
    args = ap.parse_args(argv)
    try:
        result = understood(args.file, args.max_mb)
    except (ReadError, ExtractionError) as exc:
        print(f"CommandError: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(
        json.dumps(result, ensure_ascii=False, indent=1) + "\n" if args.format == "json" else render(result)
    )
    return 0
