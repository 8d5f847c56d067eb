"""concorde extract FILE --format json|text : what the importer understood of a document (the
`concorde` command runs it without Django, concorde.ingest.standalone; this is the same through
manage.py)."""

import json

from django.core.management.base import BaseCommand, CommandError

from concorde.ingest.parser import ExtractionError
from concorde.ingest.parser.outline import render
from concorde.ingest.readers import ReadError
from concorde.ingest.standalone import understood


class Command(BaseCommand):
    help = "Affiche ce que l'importeur comprend d'un document (JSON du contrat d'extraction, ou plan lisible)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--max-mb", type=int, default=50, help="taille maximale acceptée (Mo)")

    def handle(self, *args, **opts):
        try:
            result = understood(opts["file"], opts["max_mb"])
        except (ReadError, ExtractionError) as exc:
            raise CommandError(str(exc)) from None
        if opts["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(render(result), ending="")
