"""Governing bodies of a convention (comité de pilotage, comité technique, groupes de travail)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from concorde.conventions.models import Action, Convention, EvaluationCriterion, Party


class GoverningBody(models.Model):
    class Kind(models.TextChoices):
        STEERING = "comite_pilotage", "Comité de pilotage"
        TECHNICAL = "comite_technique", "Comité technique"
        WORKING_GROUP = "groupe_travail", "Groupe de travail"
        OTHER = "other", "Autre instance"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    label = models.CharField("nom dans le document", max_length=200)
    members = models.TextField("composition", blank=True)
    min_meetings_per_year = models.PositiveSmallIntegerField("réunions minimum par an", null=True, blank=True)
    quorum = models.PositiveSmallIntegerField(
        "quorum",
        null=True,
        blank=True,
        help_text="Membres présents ou représentés sans lesquels l'instance ne décide pas, quand la convention en fixe un.",
    )
    secretariat = models.TextField("secrétariat", blank=True)
    duties = models.JSONField("missions", default=list, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "instance de gouvernance"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()


class BodyMember(models.Model):
    """A seat of a body, held for one party."""

    body = models.ForeignKey(GoverningBody, on_delete=models.CASCADE, related_name="seats")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="seats")
    name = models.CharField("membre", max_length=200)
    email = models.EmailField("adresse de convocation", blank=True)

    class Meta:
        verbose_name = "membre d'une instance"
        ordering = ["party__order", "id"]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Programmée"
        HELD = "held", "Tenue"
        CANCELLED = "cancelled", "Annulée"

    body = models.ForeignKey(GoverningBody, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField("date")
    time = models.TimeField("heure", null=True, blank=True)
    place = models.CharField("lieu", max_length=300, blank=True)
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.PLANNED)
    agenda = models.TextField("ordre du jour", blank=True)
    minutes = models.TextField("compte rendu", blank=True)
    minutes_approved_at = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_minutes",
        verbose_name="compte rendu approuvé lors de",
    )
    convened_at = models.DateTimeField("convocations envoyées le", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "réunion"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["body", "status", "date"], name="meeting_by_body")]

    def __str__(self) -> str:
        return f"{self.body} du {self.date:%d/%m/%Y}"


def attachment_path(instance: MeetingAttachment, filename: str) -> str:
    return f"reunions/{instance.meeting_id}/{filename}"


class MeetingAttachment(models.Model):
    """A file joined to a meeting: a presentation, a note, a signed attendance sheet."""

    meeting = models.ForeignKey("Meeting", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField("nom du fichier", max_length=255)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe d'une réunion"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class SeatAttendance(models.Model):
    """Whether one member of the body sat at one meeting."""

    class Presence(models.TextChoices):
        PRESENT = "present", "Présent"
        EXCUSED = "excused", "Excusé"
        ABSENT = "absent", "Absent"
        REPRESENTED = "represented", "Représenté"

    meeting = models.ForeignKey("Meeting", on_delete=models.CASCADE, related_name="seat_attendance")
    # the member's name and party are kept: the body's composition may change after the meeting
    seat = models.ForeignKey(BodyMember, null=True, on_delete=models.SET_NULL, related_name="attendance")
    name = models.CharField("membre", max_length=200)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    presence = models.CharField("présence", max_length=12, choices=Presence.choices)
    represented_by = models.CharField("représenté par", max_length=200, blank=True)

    class Meta:
        verbose_name = "présence d'un membre"
        ordering = ["party__order", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "seat"], name="one_presence_per_seat")]


class Attendance(models.Model):
    """Who sat for one party at one meeting, as free text: for a body whose members are not listed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    attendees = models.TextField("présents", blank=True, help_text="Un nom par ligne.")

    class Meta:
        verbose_name = "présence"
        constraints = [models.UniqueConstraint(fields=["meeting", "party"], name="one_attendance_per_party")]


class Decision(models.Model):
    """What a meeting decided; an arbitrage on an action changes its status or due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("décision")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    new_status = models.CharField("nouveau statut", max_length=20, choices=Action.Status.choices, blank=True)
    new_due_date = models.DateField("nouvelle échéance", null=True, blank=True)
    avenant = models.ForeignKey(
        "Avenant", null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions", verbose_name="avenant"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "décision"
        ordering = ["id"]


class FollowUp(models.Model):
    """A task a meeting gave someone, with a due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField("tâche", max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups", verbose_name="responsable"
    )
    due_date = models.DateField("échéance")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "suite à donner"
        ordering = ["due_date", "id"]


class ReminderSent(models.Model):
    """One reminder given to one person: the key names the thing and its state, so each is
    sent once (a deadline is recalled when it comes near, then again if it becomes late)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=300)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rappel envoyé"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_reminder_per_key")]


class ReminderChoice(models.Model):
    """The kinds of reminder a person chose not to receive (governance.reminders.KINDS)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_choice")
    declined = models.JSONField("rappels refusés", default=list, blank=True)

    class Meta:
        verbose_name = "choix des rappels"


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
