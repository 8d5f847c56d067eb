"""Documents kept with a convention, its frozen versions, and the import's open questions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .plan import Action, Axis, Convention


def document_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.checksum[:2]}/{instance.checksum}/{filename}"


class Document(models.Model):
    class Role(models.TextChoices):
        SOURCE = "source", "Document importé"
        SIGNED = "signed", "Convention signée"
        ANNEX = "annex", "Annexe"
        DELIBERATION = "deliberation", "Délibération"
        AVENANT = "avenant", "Avenant signé"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="documents")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SOURCE)
    file = models.FileField(upload_to=document_path, max_length=300)
    original_name = models.CharField("nom du fichier", max_length=255)
    checksum = models.CharField("empreinte SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    format = models.CharField("format", max_length=20)
    text = models.TextField("texte extrait", blank=True)
    extraction = models.JSONField("extraction", default=dict, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "document"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Version(models.Model):
    """A frozen state of the convention: the validated import, then one per avenant."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    reason = models.CharField("motif", max_length=300)
    snapshot = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "version"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["convention", "number"], name="one_version_number")]


class ImportWarning(models.Model):
    """Something the importer could not decide; a person resolves it on the review screen."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="import_warnings")
    message = models.TextField()
    section = models.CharField(max_length=200, blank=True)
    subject = models.CharField(
        max_length=200,
        blank=True,
        db_index=True,
        help_text="Ce que le point concerne, quand il se résout ailleurs (un service pilote à rattacher).",
    )
    line = models.PositiveIntegerField(null=True, blank=True)
    axis = models.ForeignKey(Axis, null=True, blank=True, on_delete=models.SET_NULL, related_name="warnings")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="warnings")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "point à vérifier"
        verbose_name_plural = "points à vérifier"
        ordering = ["line", "id"]

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


class DraftRemoval(models.Model):
    """An axis or an action removed from a draft at review, kept as it was (with its sub-actions,
    pilots, indicators and the points to check that named it) so that the removal can be undone."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="draft_removals")
    label = models.CharField("élément retiré", max_length=600)
    data = models.JSONField("éléments retirés, sérialisés")
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    removed_at = models.DateTimeField(auto_now_add=True)
    restored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "retrait à la relecture"
        verbose_name_plural = "retraits à la relecture"
        ordering = ["-removed_at", "-id"]
