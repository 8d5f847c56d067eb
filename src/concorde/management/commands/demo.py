"""concorde demo : demo organisations, accounts and a validated convention (written for Concorde)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from concorde.conventions import budgets, consent, services, tracking
from concorde.conventions.models import BudgetLine, Convention
from concorde.deliberations.models import Deliberation
from concorde.discussion import services as discussion
from concorde.governance import services as governance
from concorde.governance.models import GoverningBody
from concorde.ingest.loader import import_document, organisation_for
from concorde.territories.models import Membership, Service, service_key

DEMO_PASSWORD = "concorde-demo"
PARIS_SIREN = "217500016"  # the Ville de Paris's, public (INSEE)
DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "convention-demo.md"
PARIS, MONTCLAIR = "Ville de Paris", "Commune de Montclair-sur-Marne"
# Each organisation's services (name, acronym, parent's acronym): the pilots of the demo document are read into them.
SERVICES = {
    PARIS: [
        ("Mission Métropole", "", None),
        ("Direction de la propreté et de l'eau", "DPE", None),
        ("Direction de la voirie et des déplacements", "DVD", None),
        ("Direction des espaces verts et de l'environnement", "DEVE", None),
        ("Direction de la jeunesse et des sports", "DJS", None),
        ("Direction des affaires culturelles", "DAC", None),
    ],
    MONTCLAIR: [
        ("Direction générale des services", "DGS", None),
        ("Direction des services techniques", "DST", None),
        ("Service des eaux", "", "DST"),
        ("Espaces verts", "", "DST"),
        ("Service des sports", "", None),
        ("Médiathèque municipale", "", None),
    ],
}
ACCOUNTS = [
    ("paris.coordination", "Camille", "Martin", PARIS, Membership.Role.COORDINATION, "Mission Métropole"),
    ("paris.pilote", "Louis", "Bernard", PARIS, Membership.Role.PILOT, "DPE"),
    ("montclair.coordination", "Inès", "Robert", MONTCLAIR, Membership.Role.COORDINATION, "DGS"),
    ("montclair.pilote", "Hugo", "Petit", MONTCLAIR, Membership.Role.PILOT, "Service des eaux"),
]


class Command(BaseCommand):
    def _track(self, convention, users):
        """A few months of shared tracking, so the dashboard shows something."""
        today = timezone.localdate()
        parties = {p.organisation.name: p for p in convention.parties.select_related("organisation")}
        paris, montclair = parties["Ville de Paris"], parties["Commune de Montclair-sur-Marne"]
        plan = {  # status, progress, started (days ago), due (days ahead): the frise draws them
            "n°1": ("in_progress", 40, 200, 120),
            "2.1": ("late", 20, 300, -15),
            "2.2": ("in_progress", 55, 150, None),
            "n°3": ("done", 100, 400, None),
            "n°4": ("planned", 0, None, 45),
        }
        for number, (status, progress, started, due) in plan.items():
            action = convention.actions.get(number=number)
            tracking.save_tracking(
                action.pk,
                action.lock_version,
                {
                    "status": status,
                    "progress": progress,
                    "start_date": today - dt.timedelta(days=started) if started else None,
                    "due_date": today + dt.timedelta(days=due) if due is not None else None,
                },
                users["paris.coordination"],
            )
        baignade = convention.actions.get(number="n°1")
        tracking.post_update(
            baignade,
            paris,
            users["paris.pilote"],
            today - dt.timedelta(days=20),
            "Protocole de surveillance de la qualité de l'eau transmis à la commune.",
        )
        tracking.post_update(
            baignade,
            montclair,
            users["montclair.pilote"],
            today - dt.timedelta(days=6),
            "Emplacement du site validé ; consultation des riverains prévue le mois prochain.",
        )
        days = baignade.indicators.get(target_value__isnull=False)
        for value, ago in ((5, 90), (12, 30)):
            measured = tracking.enter_measurement(
                days, montclair, users["montclair.pilote"], value, today - dt.timedelta(days=ago)
            )
            tracking.review_measurement(measured, users["paris.coordination"], accept=True)
        tracking.enter_measurement(
            days,
            montclair,
            users["montclair.pilote"],
            21,
            today - dt.timedelta(days=2),
            "Ouverture les week-ends de juin.",
        )
        course = convention.actions.get(number="n°3").indicators.first()
        tracking.enter_measurement(course, paris, users["paris.pilote"], 640, today - dt.timedelta(days=40))
        year = today.year
        budgets.add_line(
            baignade,
            users["paris.pilote"],
            party=paris,
            year=year,
            nature=BudgetLine.Nature.INVESTMENT,
            label="Équipements de surveillance",
            planned=Decimal(60000),
            spent=Decimal(18500),
            cofinancings=[("Région Île-de-France", Decimal(20000))],
        )
        budgets.add_line(
            baignade,
            users["montclair.pilote"],
            party=montclair,
            year=year,
            nature=BudgetLine.Nature.OPERATING,
            label="Maîtres-nageurs saisonniers",
            planned=Decimal(24000),
            spent=Decimal(9000),
        )
        discussion.post_comment(
            baignade,
            users["montclair.pilote"],
            "Les relevés de juin sont saisis ; @paris.coordination, peux-tu valider la dernière mesure ?",
        )

    def _publish(self, convention):
        """Both councils' deliberations approving the convention, and its publication by both parties:
        the Ville de Paris's deliberation goes to open data; Montclair's waits for its SIRET and matière."""
        parties = {p.organisation.name: p for p in convention.parties.select_related("organisation")}
        paris, montclair = parties["Ville de Paris"], parties["Commune de Montclair-sur-Marne"]
        if paris.organisation.siren in ("", PARIS_SIREN) and not paris.organisation.siret:
            paris.organisation.siren, paris.organisation.siret = PARIS_SIREN, PARIS_SIREN + "00019"
            paris.organisation.save()
        sitting = convention.effective_date - dt.timedelta(days=35)
        Deliberation.objects.create(
            convention=convention,
            organisation=paris.organisation,
            body="Conseil de Paris",
            date=sitting,
            act_number=f"{sitting.year} DEVE 87",
            subject=f"Approbation de la convention « {convention.title} »",
            matter_code="5.7",
            present_count=121,
            voters=148,
            votes_for=139,
            votes_against=0,
            abstentions=9,
            transmission_id=f"075-{PARIS_SIREN}-{sitting:%Y%m%d}-{sitting.year}DEVE87-DE",
            prefecture_ack_date=sitting + dt.timedelta(days=3),
        )
        Deliberation.objects.create(
            convention=convention,
            organisation=montclair.organisation,
            body="Conseil municipal de Montclair-sur-Marne",
            date=sitting + dt.timedelta(days=6),
            act_number=f"DCM-{sitting.year}-031",
            subject="Convention de coopération avec la Ville de Paris",
            present_count=23,
            voters=27,
            votes_for=25,
            votes_against=2,
            abstentions=0,
        )
        convention.parties.update(publish=True, publish_budgets=True)
        Convention.objects.filter(pk=convention.pk).update(is_public=True, public_budgets=True)
        tracking.touch(convention.pk)

    def _govern(self, convention, users):
        """A comité de pilotage held two months ago with its decision, a comité technique to come."""
        today, coordination = timezone.localdate(), users["paris.coordination"]
        copil = convention.bodies.filter(kind=GoverningBody.Kind.STEERING).first()
        cotech = convention.bodies.filter(kind=GoverningBody.Kind.TECHNICAL).first()
        if copil:
            held = governance.schedule_meeting(
                copil, coordination, date=today - dt.timedelta(days=60), place="Hôtel de Ville de Paris"
            )
            parties = {p.organisation.name: p for p in convention.parties.select_related("organisation")}
            governance.hold_meeting(
                held,
                coordination,
                attendees={
                    parties["Ville de Paris"].pk: "Camille Martin",
                    parties["Commune de Montclair-sur-Marne"].pk: "Inès Robert",
                },
                minutes="Premier comité de pilotage : le plan est lancé, le site de baignade est à choisir.",
            )
            action = convention.actions.get(number="n°4")
            governance.record_decision(
                held,
                coordination,
                text="Lancer l'étude de faisabilité avant l'été.",
                action=action,
                new_status="in_progress",
            )
            governance.add_follow_up(
                held,
                coordination,
                title="Transmettre le calendrier de l'étude",
                owner=users["montclair.pilote"],
                due_date=today + dt.timedelta(days=15),
            )
        if cotech:
            governance.schedule_meeting(
                cotech, coordination, date=today + dt.timedelta(days=21), place="Visioconférence"
            )

    help = "Charge les données de démonstration (idempotent) et affiche les comptes."

    def _services(self, org, org_name: str) -> dict:
        """The organisation's services, by acronym or name (created once)."""
        found = {}
        for name, acronym, parent in SERVICES[org_name]:
            service = Service.objects.filter(organisation=org, name_key=service_key(name)).first()
            if service is None:
                service = Service.objects.create(organisation=org, name=name, acronym=acronym, parent=found.get(parent))
            found[acronym or name] = service
        return found

    def handle(self, *args, **opts):
        # The demo's people are invented: the invitation and answer it makes are not mailed to anyone.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            self._load()

    def _load(self):
        User = get_user_model()
        users = {}
        for username, first, last, org_name, role, service in ACCOUNTS:
            org = organisation_for(org_name, "ville" if "Paris" in org_name else "commune")
            services_of = self._services(org, org_name)
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(
                user=user, organisation=org, defaults={"role": role, "service": services_of[service]}
            )
            users[username] = (user, org)
        admin, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        user, org = users["paris.coordination"]
        outcome = import_document(
            DEMO_FILE.read_bytes(),
            DEMO_FILE.name,
            user=user,
            organisation=org,
            max_bytes=settings.CONCORDE_MAX_UPLOAD_BYTES,
        )
        convention, people = outcome.convention, {name: u for name, (u, _) in users.items()}
        if convention.effective_date is None:
            # The demo document takes effect on its adoption by the assemblies, which the
            # reviewer enters: here fourteen months ago, so the deadlines have a past and a future.
            convention.effective_date = timezone.localdate() - dt.timedelta(days=426)
            convention.save(update_fields=["effective_date"])
        if convention.status == Convention.Status.DRAFT:
            services.validate(convention, user)
            montclair = convention.parties.get(organisation=users["montclair.coordination"][1])
            consent.accept(montclair, people["montclair.coordination"])
            self._track(convention, people)
        # Also for a demo database loaded before the governance, or the publication, existed.
        if not convention.bodies.filter(meetings__isnull=False).exists():
            self._govern(convention, people)
        if not convention.deliberations.exists():
            self._publish(convention)
        self.stdout.write(f"Convention de démonstration : « {outcome.convention.title} » (n°{outcome.convention.pk})")
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for username, _first, _last, org_name, role, _service in ACCOUNTS:
            self.stdout.write(f"  {username:<24} {Membership.Role(role).label} — {org_name}")
        self.stdout.write(f"  {'admin':<24} administration du site")
