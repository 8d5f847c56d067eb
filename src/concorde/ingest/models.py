"""An import waiting for, or done by, a background worker: the file received, where the work
stands, and what came of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Reçu, en attente"
        READING = "reading", "Lecture du fichier"
        ANALYSING = "analysing", "Analyse du texte"
        LOADING = "loading", "Création du brouillon"
        DONE = "done", "Brouillon créé"
        DUPLICATE = "duplicate", "Déjà importé"
        REFUSED = "refused", "Refusé"
        CANCELLED = "cancelled", "Annulé"

    PENDING = (Status.RECEIVED, Status.READING, Status.ANALYSING, Status.LOADING)
    FINISHED = (Status.DONE, Status.DUPLICATE, Status.REFUSED, Status.CANCELLED)

    organisation = models.ForeignKey("territories.Organisation", on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )
    original_name = models.CharField("nom du fichier", max_length=255)
    size = models.PositiveBigIntegerField()
    checksum = models.CharField("empreinte SHA-256", max_length=64, db_index=True)
    # the file as received, until its draft holds it (then emptied): a retry reads it again
    data = models.BinaryField(editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(null=True, blank=True)
    ocr_pages_done = models.PositiveIntegerField(default=0)
    ocr_pages_total = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField("raison", blank=True)  # why it was refused, in French
    cancel_requested = models.BooleanField(default=False)
    convention = models.ForeignKey(
        "conventions.Convention", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "import en cours"
        verbose_name_plural = "imports en cours"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def can_retry(self) -> bool:
        return self.status in (self.Status.REFUSED, self.Status.CANCELLED) and bool(self.data)
