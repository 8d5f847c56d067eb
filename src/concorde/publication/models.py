"""What a party withdrew from publication before the convention's term, why and who said so."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concorde.conventions.models import Convention, Party


class Withdrawal(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="withdrawals")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    what = models.CharField("retiré", max_length=300)
    reason = models.TextField("motif")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "retrait de publication"
        verbose_name_plural = "retraits de publication"
        ordering = ["-at", "-id"]
