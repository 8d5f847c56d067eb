"""The convention's legal life past its signature: evaluations, avenants, denunciation, breach."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from concorde.conventions.models import Convention, EvaluationCriterion, Party

from .meetings import Meeting


class Evaluation(models.Model):
    """A yearly or final evaluation: each party assesses every criterion of the convention,
    then one party proposes a shared conclusion and the other approves it."""

    class Status(models.TextChoices):
        OPEN = "open", "En cours"
        PROPOSED = "proposed", "Conclusion proposée"
        CONCLUDED = "concluded", "Conclue"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="evaluations")
    label = models.CharField("évaluation", max_length=200)
    due_date = models.DateField("date prévue")
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.OPEN)
    conclusion = models.TextField("conclusion partagée", blank=True)
    proposed_by = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    concluded_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="approuvée par"
    )
    approved_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "évaluation"
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["convention", "label"], name="one_evaluation_per_label")]

    def __str__(self) -> str:
        return self.label


class Assessment(models.Model):
    class Rating(models.TextChoices):
        MET = "met", "Atteint"
        PARTLY = "partly", "Partiellement atteint"
        NOT_MET = "not_met", "Non atteint"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="assessments")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(EvaluationCriterion, on_delete=models.CASCADE, related_name="+")
    rating = models.CharField("appréciation", max_length=20, choices=Rating.choices)
    text = models.TextField("analyse", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "appréciation"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "party", "criterion"], name="one_assessment_per_party")
        ]


class Avenant(models.Model):
    """A structured change set of the convention: drafted, approved at a comité de pilotage,
    adopted by every party's assembly, then in force as a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "En préparation"
        APPROVED = "approved", "Approuvé en comité de pilotage"
        IN_FORCE = "in_force", "En vigueur"
        ABANDONED = "abandoned", "Abandonné"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="avenants")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("objet", max_length=300)
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.DRAFT)
    changes = models.JSONField("modifications", default=list, blank=True)
    approved_at = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="avenants",
        verbose_name="approuvé lors de",
    )
    version = models.OneToOneField(
        "conventions.Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="avenant"
    )
    signed_document = models.OneToOneField(
        "conventions.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signed_avenant",
        verbose_name="avenant signé",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("préparé le", default=timezone.now, editable=False)
    # given up before coming into force (an assembly voted against, the parties changed their mind):
    # kept with its reason, its approval and adoptions, and no longer holding the actions it changed
    abandoned_on = models.DateField("abandonné le", null=True, blank=True)
    abandoned_reason = models.TextField("motif de l'abandon", blank=True)
    abandoned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "avenant"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["convention", "number"], name="one_avenant_number")]

    def __str__(self) -> str:
        return f"Avenant n° {self.number} — {self.title}"


class AvenantAdoption(models.Model):
    """The deliberation by which one party's assembly adopted the avenant."""

    avenant = models.ForeignKey(Avenant, on_delete=models.CASCADE, related_name="adoptions")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    deliberation = models.OneToOneField(
        "deliberations.Deliberation", on_delete=models.PROTECT, related_name="avenant_adoption"
    )

    class Meta:
        verbose_name = "adoption d'un avenant"
        verbose_name_plural = "adoptions d'un avenant"
        constraints = [models.UniqueConstraint(fields=["avenant", "party"], name="one_adoption_per_party")]


class Denunciation(models.Model):
    """A party's notice that it stops the tacit renewal: the convention ends at the end of the
    first period whose last day of notice had not passed (conventions.lifecycle)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="denunciations")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name="partie qui dénonce")
    notified_on = models.DateField("date de notification")
    deliberation = models.ForeignKey(
        "deliberations.Deliberation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="délibération qui la décide",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "dénonciation"
        ordering = ["notified_on", "id"]

    def __str__(self) -> str:
        return f"Dénonciation par {self.party.label} notifiée le {self.notified_on:%d/%m/%Y}"


class FormalNotice(models.Model):
    """A mise en demeure for breach: it starts the delay of the clause, after which the party
    that gave it may pronounce the termination."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="formal_notices")
    by_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name="partie qui met en demeure"
    )
    to_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name="partie mise en demeure"
    )
    notified_on = models.DateField("date de réception")
    breach = models.TextField("manquement constaté")
    delay_ends_on = models.DateField("résiliation possible à compter du", null=True, blank=True)
    lifted_on = models.DateField("levée le", null=True, blank=True, help_text="Le manquement a cessé.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mise en demeure"
        verbose_name_plural = "mises en demeure"
        ordering = ["notified_on", "id"]


class Termination(models.Model):
    """The end of the convention before its term: for breach after a formal notice left without
    effect, or by the parties' agreement."""

    class Ground(models.TextChoices):
        BREACH = "breach", "Manquement, après mise en demeure restée sans effet"
        AGREEMENT = "agreement", "Commun accord des parties"

    convention = models.OneToOneField(Convention, on_delete=models.CASCADE, related_name="termination")
    ground = models.CharField("motif", max_length=20, choices=Ground.choices)
    formal_notice = models.ForeignKey(
        FormalNotice, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="mise en demeure"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name="partie qui résilie")
    effective_on = models.DateField("prend effet le")
    deliberation = models.ForeignKey(
        "deliberations.Deliberation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="délibération qui la décide",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "résiliation"
