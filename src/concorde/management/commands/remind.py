"""concorde remind : e-mail the reminders due today (run daily by a system timer, see README)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from concorde.discussion import digest
from concorde.governance import legal
from concorde.governance.models import ReminderChoice
from concorde.governance.reminders import KINDS, send


class Command(BaseCommand):
    help = (
        "Met à jour la situation de chaque convention (en vigueur, reconduite, échue…), puis envoie par courriel "
        "les rappels du jour (échéances, actions, validations en attente, suites à donner) ; chaque rappel n'est "
        "envoyé qu'une fois. Envoie aussi à chacun le résumé de ses notifications non lues."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="jour de référence AAAA-MM-JJ (par défaut : aujourd'hui)")
        parser.add_argument(
            "--dry-run", action="store_true", help="liste les rappels (à qui, quoi, pour quand) sans rien envoyer"
        )

    def handle(self, *args, **opts):
        try:
            today = dt.date.fromisoformat(opts["date"]) if opts["date"] else timezone.localdate()
        except ValueError:
            raise CommandError("Date invalide : utiliser le format AAAA-MM-JJ, par exemple 2026-11-21.") from None
        if not opts["dry_run"] and not opts["date"]:
            # the standings first, as of the real day (a --date run only says what would be sent)
            changed = legal.refresh_all(today)
            if changed:
                self.stdout.write(f"{changed} convention(s) ont changé de situation (échue, reconduite…).")
        stats = send(today, dry_run=opts["dry_run"])
        if opts["dry_run"]:
            for planned in stats["liste"]:
                user, item = planned.user, planned.item
                self.stdout.write(
                    f"- à {user.get_full_name() or user.username} <{user.email or 'sans adresse'}> — "
                    f"{KINDS[item.kind].split(' (')[0]} : {item.text}"
                    + (f" — échéance le {item.due:%d/%m/%Y}" if item.due else "")
                )
        verb = "seraient envoyés" if opts["dry_run"] else "envoyés"
        self.stdout.write(
            f"{stats['rappels']} rappel(s) {verb} à {stats['personnes']} personne(s)"
            + (f" ; {stats['sans_adresse']} personne(s) sans adresse électronique" if stats["sans_adresse"] else "")
            + "."
        )
        declined = [
            user_id
            for user_id, kinds in ReminderChoice.objects.values_list("user_id", "declined")
            if "notifications" in (kinds or ())
        ]
        notes = digest.send(skip_users=declined, dry_run=opts["dry_run"])
        if opts["dry_run"]:
            for user, n in notes["liste"]:
                self.stdout.write(
                    f"- à {user.get_full_name() or user.username} <{user.email}> — notification : {n.text}"
                )
        self.stdout.write(
            f"{notes['notifications']} notification(s) {'seraient résumées' if opts['dry_run'] else 'résumées'} "
            f"pour {notes['personnes']} personne(s)."
        )
        if stats["echecs"] or notes["echecs"]:
            stats["echecs"] += notes["echecs"]
            raise CommandError(
                f"Envoi impossible pour {stats['echecs']} personne(s) (serveur de courriel ?) : "
                "leurs rappels partiront à la prochaine exécution."
            )
