"""concorde demo : demo organisations, accounts and a validated convention (written for Concorde)."""
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from concorde.conventions import services
from concorde.conventions.models import Convention
from concorde.ingest.loader import import_document, organisation_for
from concorde.territories.models import Membership

DEMO_PASSWORD = "concorde-demo"
DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "convention-demo.md"
ACCOUNTS = [
    ("paris.coordination", "Camille", "Martin", "Ville de Paris", Membership.Role.COORDINATION, "Mission Métropole"),
    ("paris.pilote", "Louis", "Bernard", "Ville de Paris", Membership.Role.PILOT, "DPE"),
    ("montclair.coordination", "Inès", "Robert", "Commune de Montclair-sur-Marne", Membership.Role.COORDINATION, "Direction générale des services"),
    ("montclair.pilote", "Hugo", "Petit", "Commune de Montclair-sur-Marne", Membership.Role.PILOT, "DST – Service des eaux"),
]


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les comptes."

    @transaction.atomic
    def handle(self, *args, **opts):
        User = get_user_model()
        users = {}
        for username, first, last, org_name, role, service in ACCOUNTS:
            org = organisation_for(org_name, "ville" if "Paris" in org_name else "commune")
            user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": role, "service": service})
            users[username] = (user, org)
        admin, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        user, org = users["paris.coordination"]
        outcome = import_document(DEMO_FILE.read_bytes(), DEMO_FILE.name, user=user, organisation=org,
                                  max_bytes=settings.CONCORDE_MAX_UPLOAD_BYTES)
        if outcome.convention.status == Convention.Status.DRAFT:
            services.validate(outcome.convention, user)
        self.stdout.write(f"Convention de démonstration : « {outcome.convention.title} » (n°{outcome.convention.pk})")
        self.stdout.write("Comptes de démonstration (mot de passe : %s) :" % DEMO_PASSWORD)
        for username, first, last, org_name, role, service in ACCOUNTS:
            self.stdout.write(f"  {username:<24} {Membership.Role(role).label} — {org_name}")
        self.stdout.write(f"  {'admin':<24} administration du site")
