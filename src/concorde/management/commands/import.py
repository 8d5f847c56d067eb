"""concorde import FILE… : create draft conventions from signed documents."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from concorde.conventions import services
from concorde.ingest.loader import ImportRefused, import_document, organisation_for


class Command(BaseCommand):
    help = "Importe des conventions signées comme brouillons à relire (une transaction par fichier)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--organisation", required=True, help="organisation qui importe (nom)")
        parser.add_argument("--user", help="identifiant de la personne qui importe")
        parser.add_argument("--validate", action="store_true", help="valider directement le brouillon")

    def handle(self, *args, **opts):
        user = None
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"Utilisateur « {opts['user']} » inconnu.")
        organisation = organisation_for(opts["organisation"], None)
        imported, duplicates, refused = [], [], []
        with Progress(transient=True) as progress:
            overall = progress.add_task("Import", total=len(opts["files"]))
            for name in opts["files"]:
                path = Path(name)
                bar = progress.add_task(f"  {path.name}", total=None)

                def pages(kind, done, total, bar=bar, path=path):  # each file's pages as they are read
                    progress.update(
                        bar,
                        total=total,
                        completed=done,
                        description=f"  {path.name} — {'OCR, ' if kind == 'ocr' else ''}page {done}/{total}",
                    )

                try:
                    if not path.is_file():
                        raise ImportRefused(f"{name} : fichier introuvable.")
                    outcome = import_document(
                        path.read_bytes(),
                        path.name,
                        user=user,
                        organisation=organisation,
                        max_bytes=settings.CONCORDE_MAX_UPLOAD_BYTES,
                        progress=pages,
                    )
                except ImportRefused as exc:
                    refused.append(str(exc))
                    self.stderr.write(f"✗ {exc}")
                except Exception as exc:
                    refused.append(f"{path.name} : erreur inattendue ({type(exc).__name__}).")
                    self.stderr.write(f"✗ {refused[-1]}")
                else:
                    c = outcome.convention
                    if not outcome.created:
                        duplicates.append(path.name)
                        self.stdout.write(f"= {path.name} : déjà importé (convention n°{c.pk}, « {c.title} »)")
                    else:
                        imported.append(path.name)
                        self.stdout.write(
                            f"✓ {path.name} : brouillon n°{c.pk} « {c.title} », "
                            f"{c.axes.count()} axes, {c.actions.count()} actions, "
                            f"{c.import_warnings.count()} point(s) à vérifier"
                        )
                        if opts["validate"]:
                            try:
                                services.validate(c, user)
                                self.stdout.write("  validée (version 1)")
                            except services.DomainError as exc:
                                self.stderr.write(f"  non validée : {exc}")
                progress.remove_task(bar)
                progress.advance(overall)
        self.stdout.write(
            f"Bilan : {len(imported)} importé(s), {len(duplicates)} déjà importé(s), {len(refused)} refusé(s)."
        )
        for reason in refused:
            self.stdout.write(f"  refusé — {reason}")
        if refused:
            raise CommandError(f"{len(refused)} fichier(s) non importé(s).")
