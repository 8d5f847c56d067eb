"""concorde extract FILE --format json|text : what the importer understood of a document."""
import json

from django.core.management.base import BaseCommand, CommandError

from concorde.ingest.gazetteer import files_gazetteer
from concorde.ingest.parser import ExtractionError, extract
from concorde.ingest.parser.outline import render
from concorde.ingest.readers import ReadError, read_path


class Command(BaseCommand):
    help = "Affiche ce que l'importeur comprend d'un document (JSON du contrat d'extraction, ou plan lisible)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--max-mb", type=int, default=50, help="taille maximale acceptée (Mo)")

    def handle(self, *args, **opts):
        try:
            read = read_path(opts["file"], max_bytes=opts["max_mb"] * 1024 * 1024)
            result = extract(read.text, read_path_name(opts["file"]), files_gazetteer())
        except (ReadError, ExtractionError) as exc:
            raise CommandError(str(exc)) from None
        for w in read.warnings:
            result["warnings"].insert(0, f"Lecture du fichier — {w}")
        if opts["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(render(result), ending="")


def read_path_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
