"""concorde search reindex : rebuild the search index from the records."""

from django.core.management.base import BaseCommand
from django.db import transaction
from rich.progress import Progress

from concorde.conventions.models import Convention
from concorde.search import index


class Command(BaseCommand):
    help = (
        "Reconstruit l'index de recherche depuis les conventions et les délibérations "
        "(après une mise à jour qui l'a créé, ou pour le remettre d'accord avec la base)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reindex"], help="reindex : tout réindexer")

    def handle(self, *args, **opts):
        with Progress(transient=True) as progress, transaction.atomic():
            bar = progress.add_task("Conventions", total=Convention.objects.count())
            count = index.reindex_all(progress=lambda: progress.advance(bar))
        self.stdout.write(f"Index de recherche reconstruit : {count} entrée(s).")
