"""Organisations (collectivités), the people who act for them, and their memberships."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from concorde.deliberations.actes import siren_is_valid, siret_is_valid
from concorde.ingest.parser.numbers import fold


def validate_siren(value: str) -> None:
    if value and not siren_is_valid(value):
        raise ValidationError("SIREN invalide : 9 chiffres dont le dernier est une clé de contrôle.")


def validate_siret(value: str) -> None:
    if value and not siret_is_valid(value):
        raise ValidationError("SIRET invalide : 14 chiffres (SIREN puis NIC), clé de contrôle fausse.")


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
    siren = models.CharField("SIREN", max_length=9, blank=True, validators=[validate_siren], db_index=True)
    siret = models.CharField("SIRET du siège", max_length=14, blank=True, validators=[validate_siret],
                             help_text="Requis pour publier ses délibérations en données ouvertes (SCDL).")
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

    def clean(self):
        if self.siret and self.siren and not self.siret.startswith(self.siren):
            raise ValidationError({"siret": "Le SIRET commence par le SIREN de l'organisation."})


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


class Territory(models.Model):
    """The reference list of French local authorities (INSEE, DGCL via @etalab/decoupage-administratif):
    imported parties are matched to it, organisations take its SIREN and INSEE code."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", "Commune"
        EPCI = "epci", "EPCI à fiscalité propre"
        EPT = "ept", "Établissement public territorial"
        DEPARTEMENT = "departement", "Département"
        REGION = "region", "Région"

    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    code = models.CharField("code", max_length=9, help_text="Code INSEE (commune, département, région) ou SIREN (EPCI, EPT).")
    name = models.CharField("nom", max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    siren = models.CharField("SIREN", max_length=9, blank=True, db_index=True)
    departement = models.CharField("département", max_length=3, blank=True)
    epci = models.CharField("SIREN de l'EPCI", max_length=9, blank=True)
    ept = models.CharField("SIREN de l'EPT", max_length=9, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "collectivité de référence"
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="one_territory_per_code")]

    def __str__(self) -> str:
        place = f", {self.departement}" if self.kind == self.Kind.COMMUNE and self.departement else ""
        return f"{self.name} ({self.get_kind_display().lower()}{place})"

    @property
    def insee_code(self) -> str:
        return self.code if self.kind in (self.Kind.COMMUNE, self.Kind.DEPARTEMENT, self.Kind.REGION) else ""



class FailedLogin(models.Model):
    """One failed local sign-in, counted to slow down password guessing (kept a day)."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "échec de connexion"


class AccessRequest(models.Model):
    """An agent whom ProConnect identified, for an organisation this instance does not know yet.
    Kept for the site administrators: they create the organisation (the agent then signs in and
    joins it as a reader) or refuse."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "En attente"
        ACCEPTED = "accepted", "Acceptée"
        REFUSED = "refused", "Refusée"

    email = models.EmailField("adresse")
    given_name = models.CharField("prénom", max_length=150, blank=True)
    usual_name = models.CharField("nom", max_length=150, blank=True)
    siret = models.CharField("SIRET", max_length=14)
    territory = models.ForeignKey(Territory, verbose_name="collectivité de référence", null=True, blank=True,
                                  on_delete=models.SET_NULL, help_text="Celle que désigne le SIREN, si le référentiel la connaît.")
    outcome = models.CharField("suite", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="décidée par", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "demande d'accès"
        verbose_name_plural = "demandes d'accès"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.siret})"
