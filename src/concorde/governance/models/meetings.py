"""The bodies of a convention and their meetings: members, attendance, decisions, follow-ups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from concorde.conventions.models import Action, Convention, Party


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
    secretariat = models.TextField("secrétariat", blank=True)  # as the document words it
    # the joint secretariat: the party that holds it and the people who get its tasks
    # (convocations, minutes, a meeting to schedule)
    secretariat_party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="partie assurant le secrétariat",
    )
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="secretariats", verbose_name="secrétaires"
    )
    duties = models.JSONField("missions", default=list, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[secretaries])  # who was named, and when

    class Meta:
        verbose_name = "instance de gouvernance"
        verbose_name_plural = "instances de gouvernance"
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
        verbose_name_plural = "membres d'une instance"
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
    # the iCalendar SEQUENCE of the invitation: raised each time the convened members are told of a change
    convocation_sequence = models.PositiveIntegerField(default=0)
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
        verbose_name_plural = "pièces jointes d'une réunion"
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
        verbose_name_plural = "présences d'un membre"
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
        verbose_name_plural = "suites à donner"
        ordering = ["due_date", "id"]
