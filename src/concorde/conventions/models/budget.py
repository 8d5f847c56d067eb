"""The budget of an action: lines per year, nature and paying party, planned against spent,
with the co-financers of each line. The document's own budget text stays on the action."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .plan import Action, Party


class BudgetLine(models.Model):
    class Nature(models.TextChoices):
        INVESTMENT = "investissement", "Investissement"
        OPERATING = "fonctionnement", "Fonctionnement"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="budget_lines", verbose_name="partie")
    year = models.PositiveSmallIntegerField("année")
    nature = models.CharField("nature", max_length=20, choices=Nature.choices)
    label = models.CharField("objet", max_length=300, blank=True)
    planned = models.DecimalField("prévu (€)", max_digits=14, decimal_places=2)
    spent = models.DecimalField("dépensé (€)", max_digits=14, decimal_places=2, default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # removed lines are kept, so that a removal can be undone
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ligne budgétaire"
        verbose_name_plural = "lignes budgétaires"
        ordering = ["year", "party__order", "nature", "id"]
        indexes = [models.Index(fields=["action", "removed_at"], name="budget_by_action")]

    def __str__(self) -> str:
        return f"{self.year} — {self.get_nature_display()} — {self.party.label}"

    @property
    def cofinanced(self):
        return sum((c.amount for c in self.cofinancings.all()), start=0)


class CoFinancing(models.Model):
    """A financer outside the parties (the Région, the State, the EU…) and its share of a line."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="cofinancings")
    financer = models.CharField("cofinanceur", max_length=200)
    amount = models.DecimalField("montant (€)", max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cofinancement"
        verbose_name_plural = "cofinancements"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.financer} : {self.amount} €"
