"""What each person was reminded of, and which reminders they chose to receive."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReminderSent(models.Model):
    """One reminder given to one person: the key names the thing and its state, so each is
    sent once (a deadline is recalled when it comes near, then again if it becomes late)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=300)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rappel envoyé"
        verbose_name_plural = "rappels envoyés"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_reminder_per_key")]


class ReminderChoice(models.Model):
    """The kinds of reminder a person chose not to receive (governance.reminders.KINDS)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_choice")
    declined = models.JSONField("rappels refusés", default=list, blank=True)

    class Meta:
        verbose_name = "choix des rappels"
        verbose_name_plural = "choix des rappels"
