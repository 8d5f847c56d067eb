"""Governing bodies of a convention (comité de pilotage, comité technique, groupes de travail)."""
from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from concorde.conventions.models import Convention


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
