"""concorde deliberations import FILE.csv… : load collectivités' deliberations (SCDL schema)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from concorde.deliberations import open_data
from concorde.deliberations.models import Deliberation
from concorde.search.models import Entry


def _lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


class Command(BaseCommand):
    help = (
        "Charge des fichiers de délibérations publiés au schéma SCDL « deliberations » : chaque ligne est "
        "vérifiée, les lignes fautives sont listées et écartées, les autres chargées (COLL_SIRET + DELIB_ID : "
        "un nouveau chargement met à jour, sans doublon)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import"], help="import : charger des fichiers CSV")
        parser.add_argument("files", nargs="+", help="fichiers CSV au schéma SCDL « deliberations »")

    def handle(self, *args, files, **opts):
        refused = written = 0
        with Progress(transient=True) as progress:
            for name in files:
                path = Path(name)
                if not path.is_file():
                    self.stderr.write(f"✗ {name} : fichier introuvable.")
                    refused += 1
                    continue
                bar = progress.add_task(path.name, total=max(_lines(path) - 1, 1))
                try:
                    report = open_data.load(path, progress=lambda line, bar=bar: progress.update(bar, completed=line))
                except open_data.FileRefused as exc:
                    self.stderr.write(f"✗ {exc}")
                    refused += 1
                    continue
                progress.update(bar, completed=progress.tasks[bar].total)
                self._report(report)
                written += report.loaded
        if written >= open_data.TIDY_AFTER:
            open_data.tidy([Deliberation._meta.db_table, Entry._meta.db_table])
        if refused:
            raise CommandError(f"{refused} fichier(s) refusé(s), rien n'en a été chargé.")

    def _report(self, report: open_data.Report) -> None:
        self.stdout.write(
            f"✓ {report.name} : {report.loaded} délibération(s) chargée(s) "
            f"({report.created} nouvelle(s), {report.updated} mise(s) à jour), "
            f"{report.rejected_count} ligne(s) écartée(s)"
            + (f", {report.proposed} rattachement(s) à une convention proposé(s)" if report.proposed else "")
            + "."
        )
        for rejected in report.rejected:
            self.stdout.write(f"  ligne {rejected.line} : " + " ; ".join(rejected.reasons))
        if report.rejected_count > len(report.rejected):
            self.stdout.write(f"  … et {report.rejected_count - len(report.rejected)} autre(s) ligne(s) écartée(s).")
