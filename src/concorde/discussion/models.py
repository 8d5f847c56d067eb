"""Comments on an action, and the notifications that tell a person what concerns them: a
mention, an assignment as pilot, a measurement to validate. A notification is shown, and
mailed in the daily digest, only after a short delay (`visible_at`): a mistaken assignment or
comment undone within it is cancelled before anyone is told."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from concorde.conventions.models import Action, Convention, Measurement, Party


class Comment(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("commentaire")
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in")
    created_at = models.DateTimeField(auto_now_add=True)
    # withdrawn comments are kept, so that their author can put them back
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "commentaire"
        verbose_name_plural = "commentaires"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["action", "created_at"], name="comment_by_action")]


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTION = "mention", "Mention dans un commentaire"
        ASSIGNMENT = "assignment", "Désignation comme pilote"
        VALIDATION = "validation", "Mesure à valider"
        COMMENT = "comment", "Commentaire sur une action que vous pilotez"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    measurement = models.ForeignKey(
        Measurement, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField("message", max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    visible_at = models.DateTimeField("montrée à partir de", db_index=True)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    mailed_at = models.DateTimeField("envoyée par courriel le", null=True, blank=True)
    # undone before it was shown (an assignment withdrawn, a comment removed), or no longer
    # true (the measurement was reviewed): never shown, never mailed
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-visible_at", "-id"]
        indexes = [models.Index(fields=["recipient", "visible_at"], name="notification_by_recipient")]
