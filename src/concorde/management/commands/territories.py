from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from concorde.territories import reference


class Command(BaseCommand):
    help = (
        "Charge le référentiel national des collectivités (communes, EPCI, EPT, départements, régions) "
        "depuis le paquet npm @etalab/decoupage-administratif."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossier", help="Dossier data/ du paquet (par défaut : node_modules du projet).")
        parser.add_argument("--si-absent", action="store_true", help="Ne rien faire si le référentiel est déjà chargé.")

    def handle(self, *args, dossier=None, si_absent=False, **opts):
        if si_absent and reference.is_loaded():
            self.stdout.write("Référentiel des collectivités déjà chargé.")
            return
        try:
            counts = reference.load(Path(dossier) if dossier else None)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from None
        labels = dict(reference.Territory.Kind.choices)
        self.stdout.write(
            "Référentiel chargé : " + ", ".join(f"{n} {labels[k].lower()}" for k, n in sorted(counts.items()))
        )
