"""The plan: a convention, its parties, axes, actions, pilots, commitments and indicators.
Every change to these records is kept (django-simple-history)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from concorde.lib.amounts import budget_amount as amount_in_text
from concorde.territories.models import Organisation, Service

from .. import lifecycle


class Convention(models.Model):
    class Kind(models.TextChoices):
        CONVENTION = "convention", "Convention de coopération"
        FRAMEWORK = "cadre", "Convention-cadre"
        APPLICATION = "application", "Convention d'application"
        PROTOCOL = "protocole", "Protocole"
        SEMINAR = "seminaire", "Priorités de mandat (séminaire)"

    class Status(models.TextChoices):
        # After validation the status is its standing, computed from the clauses and the events
        # recorded (conventions.lifecycle.standing), brought to the day each morning.
        DRAFT = "draft", "Brouillon à relire"
        VALIDATED = "validated", "Validée, dates à renseigner"
        SIGNED = "signed", "Signée, pas encore en vigueur"
        IN_FORCE = "in_force", "En vigueur"
        RENEWED = "renewed", "Reconduite"
        ENDED = "ended", "Échue"
        DENOUNCED = "denounced", "Dénoncée"
        TERMINATED = "terminated", "Résiliée"

    class Unit(models.TextChoices):
        YEARS = "years", "ans"
        MONTHS = "months", "mois"
        DAYS = "days", "jours"

    class StartEvent(models.TextChoices):
        SIGNATURE = "signature", "sa signature"
        ADOPTION = "adoption", "son adoption par les assemblées"
        NOTIFICATION = "notification", "sa notification"
        OTHER = "other", "autre"

    title = models.CharField("titre", max_length=300)
    kind = models.CharField("nature", max_length=20, choices=Kind.choices, default=Kind.CONVENTION)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="convention-cadre",
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="imported_conventions",
        verbose_name="organisation importatrice",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)

    period_start_year = models.PositiveSmallIntegerField("année de début", null=True, blank=True)
    period_end_year = models.PositiveSmallIntegerField("année de fin", null=True, blank=True)
    duration_text = models.TextField("clause de durée", blank=True)
    duration = models.PositiveSmallIntegerField("durée", null=True, blank=True)
    duration_unit = models.CharField("unité de la durée", max_length=6, choices=Unit.choices, default=Unit.YEARS)
    duration_until = models.CharField("durée jusqu'à", max_length=200, blank=True)
    starts_on = models.CharField("prend effet à compter de", max_length=20, choices=StartEvent.choices, blank=True)
    signed_on = models.DateField("date de signature", null=True, blank=True)
    effective_date = models.DateField("date de prise d'effet", null=True, blank=True)
    tacit_renewal_times = models.PositiveSmallIntegerField(
        "reconductions tacites (nombre)", null=True, blank=True, help_text="Vide : nombre non précisé."
    )
    renewal_duration = models.PositiveSmallIntegerField("durée d'une reconduction", null=True, blank=True)
    renewal_unit = models.CharField("unité de la reconduction", max_length=6, choices=Unit.choices, default=Unit.YEARS)
    notice = models.PositiveSmallIntegerField("préavis de dénonciation", null=True, blank=True)
    notice_unit = models.CharField("unité du préavis", max_length=6, choices=Unit.choices, default=Unit.MONTHS)
    breach_delay = models.PositiveSmallIntegerField(
        "résiliation pour manquement, délai après mise en demeure", null=True, blank=True
    )
    breach_unit = models.CharField("unité du délai", max_length=6, choices=Unit.choices, default=Unit.DAYS)
    period_number = models.PositiveSmallIntegerField(
        "période en cours", null=True, blank=True, editable=False, help_text="0 : la période initiale."
    )
    ends_on = models.DateField("prend fin le", null=True, blank=True, editable=False)
    standing_text = models.CharField("situation", max_length=300, blank=True, editable=False)
    dashboard_deadline_months = models.PositiveSmallIntegerField(
        "tableau de bord à mettre en place sous (mois)", null=True, blank=True
    )
    evaluation_annual = models.BooleanField("évaluation annuelle", null=True, blank=True)
    evaluation_final = models.BooleanField("évaluation finale", null=True, blank=True)
    evaluation_years = models.JSONField("années d'évaluation", default=list, blank=True)
    services_mobilised = models.JSONField("services mobilisés", default=dict, blank=True)
    partners_mobilisable = models.JSONField("partenaires mobilisables", default=list, blank=True)
    themes = models.JSONField("thèmes", default=list, blank=True, help_text="Codes de conventions.themes.THEMES.")
    is_public = models.BooleanField("publiée", default=False, db_index=True)
    public_budgets = models.BooleanField("budgets publiés", default=False)
    public_minutes = models.BooleanField("comptes rendus et décisions publiés", default=False)
    public_evaluations = models.BooleanField("évaluations publiées", default=False)
    data_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Incrémenté à chaque écriture du suivi : clé des tableaux de bord en cache.",
    )
    progress = models.FloatField(
        "avancement consolidé (%)",
        null=True,
        blank=True,
        editable=False,
        help_text="Recalculé à chaque enregistrement du suivi (roll-up des actions).",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "convention"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["title", "id"], name="convention_by_title")]  # portfolio pages

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    # Durations and delays as a page reads them (« 3 ans », « 2 mois »), empty when unsaid.
    @property
    def duration_label(self) -> str:
        return _spelled(self.duration, self.duration_unit)

    @property
    def renewal_label(self) -> str:
        return _spelled(self.renewal_duration, self.renewal_unit)

    @property
    def notice_label(self) -> str:
        return _spelled(self.notice, self.notice_unit)

    @property
    def breach_label(self) -> str:
        return _spelled(self.breach_delay, self.breach_unit)

    @property
    def status_label(self) -> str:
        """The status as pages show it: a renewal says which one."""
        if self.status == self.Status.RENEWED and self.period_number:
            n = self.period_number
            return f"Reconduite ({'1re' if n == 1 else f'{n}e'} reconduction)"
        return self.get_status_display()


def _spelled(amount: int | None, unit: str) -> str:
    found = lifecycle.span(amount, unit)
    return str(found) if found else ""


def in_force_on(day, path: str = "") -> Q:
    """The conventions (reached by `path`) in force on `day`: running their initial term or a
    renewal, or denounced or terminated and not yet at the end that sets (the standing is
    brought to the day each morning)."""
    S = Convention.Status
    return Q(**{f"{path}status__in": [S.IN_FORCE, S.RENEWED]}) | Q(
        **{f"{path}status__in": [S.DENOUNCED, S.TERMINATED], f"{path}ends_on__gte": day}
    )


def with_status(status: str, day) -> Q:
    """What a filter « statut » means: « en vigueur » is every convention in force on `day`
    (renewed ones, and denounced or terminated ones not yet at their end, included)."""
    return in_force_on(day) if status == Convention.Status.IN_FORCE else Q(status=status)


def live_on(day, path: str = "") -> Q:
    """Validated conventions whose life goes on: in force, or still to come (what reminders and
    to-do lists look at)."""
    S = Convention.Status
    return in_force_on(day, path) | Q(**{f"{path}status__in": [S.VALIDATED, S.SIGNED]})


class Party(models.Model):
    class Consent(models.TextChoices):
        ACCEPTED = "accepted", "Partie"
        PENDING = "pending", "Invitée, réponse attendue"
        REFUSED = "refused", "A refusé d'être partie"
        OUTSIDE = "outside", "Hors Concorde"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="parties")
    label = models.CharField("nom dans le document", max_length=200)
    represented_by = models.CharField("représentée par", max_length=300, blank=True)
    signatory = models.CharField("signataire", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Each party's choice; the convention is published only when every party chose it.
    publish = models.BooleanField("accepte la publication", default=False)
    publish_budgets = models.BooleanField("accepte la publication des budgets", default=False)
    publish_minutes = models.BooleanField(
        "accepte la publication des comptes rendus approuvés et des décisions", default=False
    )
    publish_evaluations = models.BooleanField("accepte la publication des évaluations conclues", default=False)
    # An organisation named by another's import is invited, and takes part only once it accepts;
    # one without a coordination on the instance is « hors Concorde »: the importer acts for it.
    consent = models.CharField(
        "participation", max_length=10, choices=Consent.choices, default=Consent.PENDING, db_index=True
    )
    invited_at = models.DateTimeField("invitée le", null=True, blank=True)
    consent_at = models.DateTimeField("réponse le", null=True, blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="réponse de",
    )
    refusal_reason = models.TextField("motif du refus", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "partie"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["convention", "organisation"], name="one_party_per_org")]

    def __str__(self) -> str:
        return self.label

    @property
    def takes_part(self) -> bool:
        """Its members see and act on the convention (for « hors Concorde », the importer acts)."""
        return self.consent in TAKING_PART

    @property
    def is_outside(self) -> bool:
        return self.consent == self.Consent.OUTSIDE


TAKING_PART = (Party.Consent.ACCEPTED, Party.Consent.OUTSIDE)


class Axis(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="axes")
    number = models.CharField("numéro", max_length=20, blank=True)
    title = models.CharField("titre", max_length=500)
    order = models.PositiveSmallIntegerField(default=0)
    source_line = models.PositiveIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "axe"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"Axe {self.number} — {self.title}" if self.number else self.title


class CurrentActions(models.Manager):
    """The actions of the plan as it stands: one an avenant removed is archived, not deleted, so
    that its history and the decisions that concerned it stay whole (`Action.all_objects`)."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_on__isnull=True)


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "À venir"
        IN_PROGRESS = "in_progress", "En cours"
        DONE = "done", "Réalisé"
        LATE = "late", "En retard"
        PAUSED = "paused", "En pause"
        ABANDONED = "abandoned", "Abandonné"
        BLOCKED = "blocked", "Bloqué"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="actions")
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="actions")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField("numéro", max_length=20, blank=True)
    title = models.CharField("titre", max_length=500)
    order = models.PositiveIntegerField(default=0, help_text="Rang dans l'ordre du document.")
    depth = models.PositiveSmallIntegerField(default=0)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    deadline_text = models.TextField("délai de mise en œuvre", blank=True)
    due_date = models.DateField("échéance", null=True, blank=True)
    budget_text = models.TextField("budget estimé", blank=True)
    budget_amount = models.DecimalField("montant (€)", max_digits=14, decimal_places=2, null=True, blank=True)
    partners_text = models.TextField("partenaires mobilisés", blank=True)
    indicators_text = models.TextField("indicateurs de réalisation", blank=True)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin prévue", null=True, blank=True)
    lock_version = models.PositiveIntegerField(
        default=0, help_text="Incrémenté à chaque enregistrement : refuse les enregistrements concurrents."
    )
    updated_at = models.DateTimeField(auto_now=True)
    archived_on = models.DateField("retirée le", null=True, blank=True, editable=False)
    archived_reason = models.CharField("retirée par", max_length=300, blank=True, editable=False)

    history = HistoricalRecords()

    all_objects = models.Manager()  # the archived ones too
    objects = CurrentActions()

    class Meta:
        verbose_name = "action"
        ordering = ["order", "id"]
        default_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    @property
    def amount_not_in_text(self) -> bool:
        """An amount retained that the budget text does not say by itself (typed at review)."""
        if self.budget_amount is None or not self.budget_text:
            return False
        said = amount_in_text(self.budget_text)
        return said is None or Decimal(str(said)) != self.budget_amount

    @property
    def reference(self) -> str:
        """The number that names the action in the whole convention: a bare counter the document
        restarts in each axis (« 1 », « 2 b ») is given its axis (« A.1 », « 3.2 b »)."""
        return qualified_number(self.number, self.axis.number if self.axis_id else "")


# a counter with nothing of its axis in it: « 1 », « 12 », « 2 b », « c », « 3) »
_BARE_NUMBER = re.compile(r"^(\d{1,3}(\s?[a-z])?|[a-z])[.)]?$", re.I)


def qualified_number(number: str, axis_number: str) -> str:
    number, axis_number = (number or "").strip(), (axis_number or "").strip().rstrip(".")
    if axis_number and _BARE_NUMBER.match(number):
        return f"{axis_number}.{number.rstrip('.)')}"
    return number


class ActionPilot(models.Model):
    """Who pilots an action for one party: services of that party (and named people), beside the
    pilot text of the document. Names of the text that matched no service wait in `unsettled`
    until the party's coordination settles them."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="pilots")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="pilotings")
    party_label = models.CharField("partie (libellé du tableau)", max_length=200)
    service = models.CharField("pilote selon le document", max_length=500, blank=True)
    services = models.ManyToManyField(Service, blank=True, related_name="pilotings", verbose_name="services pilotes")
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="piloted", verbose_name="pilotes désignés"
    )
    unsettled = models.JSONField(
        "noms à rattacher",
        default=list,
        blank=True,
        help_text="[{label, parent}] : noms du document qu'aucun service ne porte encore.",
    )
    needs_settling = models.BooleanField(default=False, db_index=True, editable=False)

    history = HistoricalRecords(m2m_fields=[services, users])

    class Meta:
        verbose_name = "service pilote"
        verbose_name_plural = "services pilotes"
        ordering = ["id"]

    def save(self, *args, **kwargs):
        self.needs_settling = bool(self.unsettled)
        super().save(*args, **kwargs)

    def shown(self) -> str:
        """Its services' short names and named people, else the document's text."""
        names = [s.short for s in self.services.all()] + [u.get_full_name() or u.username for u in self.users.all()]
        return ", ".join(names) or self.service


class Commitment(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField("engagement")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "engagement"
        ordering = ["order", "id"]


class Indicator(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    label = models.TextField("indicateur")
    target_value = models.DecimalField("cible", max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField("unité", max_length=50, blank=True)
    baseline = models.DecimalField("valeur de référence", max_digits=14, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "indicateur"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class EvaluationCriterion(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="evaluation_criteria")
    text = models.TextField("critère")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "critère d'évaluation"
        verbose_name_plural = "critères d'évaluation"
        ordering = ["order", "id"]


class CrossReference(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="cross_references")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="cross_references"
    )
    text = models.TextField("renvoi")
    # The convention of the instance the sentence names (conventions.references), once found.
    target = models.ForeignKey(
        Convention,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cited_by",
        verbose_name="convention citée",
    )

    class Meta:
        verbose_name = "renvoi à une autre convention"
        verbose_name_plural = "renvois à une autre convention"


class Milestone(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="milestones")
    label = models.CharField("jalon", max_length=300)
    when_text = models.CharField("quand", max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "jalon"
        ordering = ["id"]
