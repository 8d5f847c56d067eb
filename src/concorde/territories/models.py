"""Organisations (collectivités), the people who act for them, and their memberships."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from concorde.lib.identifiers import siren_is_valid, siret_is_valid
from concorde.lib.text import fold


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
    siret = models.CharField(
        "SIRET du siège",
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text="Requis pour publier ses délibérations en données ouvertes (SCDL).",
    )
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
            key = key[len(article) :]
    return " ".join(key.replace("-", " ").split())


class Service(models.Model):
    """A direction or service of an organisation (« Direction de l'action sociale », DASES), optionally
    within a parent direction. Pilots belong to one; an action is piloted by services, not by a text."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="services")
    name = models.CharField("nom", max_length=200)
    acronym = models.CharField("sigle", max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="direction de rattachement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    acronym_key = models.CharField(max_length=30, editable=False, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "service"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name_key"], name="one_service_name_per_org"),
            models.UniqueConstraint(
                fields=["organisation", "acronym_key"], condition=~Q(acronym_key=""), name="one_service_acronym_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}" if self.acronym and fold(self.acronym) != fold(self.name) else self.name

    def save(self, *args, **kwargs):
        self.name_key = service_key(self.name)
        self.acronym_key = service_key(self.acronym)
        super().save(*args, **kwargs)

    @property
    def short(self) -> str:
        """What a table shows: the acronym when there is one."""
        return self.acronym or self.name

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": "La direction de rattachement appartient à la même organisation."})
        seen, node = {self.pk}, self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError(
                    {"parent": "Un service ne peut pas être rattaché à l'un de ses propres services."}
                )
            seen.add(node.pk)
            node = node.parent


def service_key(text: str) -> str:
    """Comparison key for service names and acronyms: case, accents, dashes, apostrophes and spacing ignored."""
    key = fold(text or "").replace("’", "'").replace("–", "-").replace("—", "-")
    return " ".join(key.strip(" .,;:").split())


class ServiceAlias(models.Model):
    """How documents write one of the organisation's services (« DASES-SDS »), learned when its
    coordination settles a pilot name no service matched; `service` empty: not a service (« pilotage »)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="service_aliases")
    key = models.CharField(max_length=200, editable=False)
    label = models.CharField("nom dans les documents", max_length=200)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="aliases")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "nom de service dans les documents"
        verbose_name_plural = "noms de services dans les documents"
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="one_alias_per_org")]

    def save(self, *args, **kwargs):
        self.key = service_key(self.label)
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A person acting for an organisation, with a role, in one of its services."""

    class Role(models.TextChoices):
        COORDINATION = "coordination", "Coordination"
        PILOT = "pilot", "Service pilote"
        READER = "reader", "Lecture"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.READER)
    service = models.ForeignKey(
        Service,
        verbose_name="direction ou service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "appartenance"
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    def clean(self):
        if self.service_id and self.service.organisation_id != self.organisation_id:
            raise ValidationError({"service": "Le service appartient à l'organisation du membre."})


class Invitation(models.Model):
    """An organisation's coordination invites a person by e-mail, with a role and a service. The link
    carries a secret of which only a hash is kept; it is used once, expires, and can be revoked."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("adresse électronique")
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    role = models.CharField("rôle", max_length=20, choices=Membership.Role.choices, default=Membership.Role.READER)
    service = models.ForeignKey(
        Service, verbose_name="direction ou service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} — {self.organisation}"

    def state(self, now) -> str:
        if self.accepted_at:
            return "acceptée"
        if self.revoked_at:
            return "révoquée"
        return "expirée" if self.expires_at <= now else "en attente"


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
    code = models.CharField(
        "code", max_length=9, help_text="Code INSEE (commune, département, région) ou SIREN (EPCI, EPT)."
    )
    name = models.CharField("nom", max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    siren = models.CharField("SIREN", max_length=9, blank=True, db_index=True)
    departement = models.CharField("département", max_length=3, blank=True)
    epci = models.CharField("SIREN de l'EPCI", max_length=9, blank=True)
    ept = models.CharField("SIREN de l'EPT", max_length=9, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    link = models.PositiveSmallIntegerField(
        "type de nom (INSEE)",
        null=True,
        blank=True,
        help_text="Comment le nom prend son article : 0 « de », 3 « de la », 5 « de l' »…",
    )

    class Meta:
        verbose_name = "collectivité de référence"
        verbose_name_plural = "collectivités de référence"
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
        verbose_name_plural = "échecs de connexion"


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
    territory = models.ForeignKey(
        Territory,
        verbose_name="collectivité de référence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Celle que désigne le SIREN, si le référentiel la connaît.",
    )
    outcome = models.CharField("suite", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "demande d'accès"
        verbose_name_plural = "demandes d'accès"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.siret})"
