"""Organisations (collectivités), the people who act for them, and their memberships."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from concorde.ingest.parser.numbers import fold


class Organisation(models.Model):
    class Kind(models.TextChoices):
        VILLE = "ville", "Ville (statut particulier)"
        COMMUNE = "commune", "Commune"
        DEPARTEMENT = "departement", "Département"
        EPT = "ept", "Établissement public territorial"
        EPCI = "epci", "EPCI"
        REGION = "region", "Région"
        OTHER = "other", "Autre"

    name = models.CharField("nom", max_length=200)
    short_name = models.CharField("nom court", max_length=60, blank=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    insee_code = models.CharField("code INSEE", max_length=5, blank=True)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    primary_colour = models.CharField("couleur principale", max_length=7, blank=True)

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


def name_key(name: str) -> str:
    """Comparison key for organisation names: case, accents and articles ignored."""
    key = fold(name).strip()
    for article in ("la ", "le ", "l'"):
        if key.startswith(article):
            key = key[len(article):]
    return " ".join(key.replace("-", " ").split())


class Membership(models.Model):
    """A person acting for an organisation, with a role."""

    class Role(models.TextChoices):
        COORDINATION = "coordination", "Coordination"
        PILOT = "pilot", "Service pilote"
        READER = "reader", "Lecture"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.READER)
    service = models.CharField("direction ou service", max_length=200, blank=True)

    class Meta:
        verbose_name = "appartenance"
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"
