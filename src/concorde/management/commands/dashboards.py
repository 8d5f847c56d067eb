from django.core.management.base import BaseCommand

from concorde.dashboard import materialise


class Command(BaseCommand):
    help = (
        "Rend à l'avance le tableau de bord de chaque convention validée pour la journée (tâche de nuit) : "
        "le premier lecteur du jour ne l'attend pas."
    )

    def handle(self, *args, **opts):
        rendered, ready, seconds = materialise.warm_all()
        self.stdout.write(f"{rendered} tableaux de bord rendus en {seconds:.1f} s ({ready} déjà prêts)")
