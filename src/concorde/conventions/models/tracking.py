"""Tracking: dated updates with evidence, and indicator measurements that the other party
validates or disputes. Nothing here is hard-deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .plan import Action, Indicator, Party


class Update(models.Model):
    """A dated note on an action by a person of one party; deleting it only hides it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    date = models.DateField("date")
    text = models.TextField("point d'avancement")
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "point d'avancement"
        verbose_name_plural = "points d'avancement"
        ordering = ["-date", "-id"]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def evidence_path(instance: Evidence, filename: str) -> str:
    if instance.update_id:
        return f"evidence/{instance.update.action.convention_id}/{instance.update_id}/{filename}"
    return f"evidence/{instance.measurement.indicator.action.convention_id}/mesure-{instance.measurement_id}/{filename}"


class Evidence(models.Model):
    """A file that proves what an update says, or where a measurement's value comes from."""

    update = models.ForeignKey(Update, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    measurement = models.ForeignKey(
        "Measurement", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce justificative"
        verbose_name_plural = "pièces justificatives"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(update__isnull=False, measurement__isnull=True)
                | models.Q(update__isnull=True, measurement__isnull=False),
                name="evidence_of_one_thing",
            )
        ]


class Measurement(models.Model):
    """A dated value of an indicator, entered by one party, reviewed by the other."""

    class Status(models.TextChoices):
        PENDING = "pending", "À valider"
        VALIDATED = "validated", "Validée"
        DISPUTED = "disputed", "Contestée"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="measurements")
    value = models.DecimalField("valeur", max_digits=14, decimal_places=2)
    date = models.DateField("date de la mesure")
    comment = models.TextField("commentaire", blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.TextField("motif de la contestation", blank=True)
    resolution = models.TextField("résolution", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mesure"
        ordering = ["-date", "-id"]
