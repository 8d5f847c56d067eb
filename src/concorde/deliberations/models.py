"""Council records: a deliberation, its attendance, proxies, votes and transmission."""

from __future__ import annotations

from django.db import models

from concorde.conventions.models import Convention
from concorde.deliberations.nomenclature import MATIERE_CHOICES
from concorde.lib import identifiers
from concorde.territories.models import Organisation


class Deliberation(models.Model):
    class Source(models.TextChoices):
        DOCUMENT = "document", "Lue dans un document importé"
        OPEN_DATA = "scdl", "Chargée des données ouvertes d'une collectivité (SCDL)"

    source = models.CharField("origine", max_length=10, choices=Source.choices, default=Source.DOCUMENT)
    convention = models.ForeignKey(
        Convention, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliberations"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliberations"
    )
    body = models.CharField("assemblée", max_length=300, blank=True)
    date = models.DateField("date de la séance", null=True, blank=True)
    act_number = models.CharField("numéro de l'acte", max_length=60, blank=True)
    subject = models.TextField("objet", blank=True)
    president = models.CharField("président de séance", max_length=200, blank=True)
    secretary = models.CharField("secrétaire de séance", max_length=200, blank=True)
    convocation_date = models.DateField("date de convocation", null=True, blank=True)
    present_count = models.PositiveSmallIntegerField("présents", null=True, blank=True)
    absent_count = models.PositiveSmallIntegerField("absents excusés", null=True, blank=True)
    voters = models.PositiveSmallIntegerField("votants", null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField("pour", null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField("contre", null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField("abstentions", null=True, blank=True)
    transmission_id = models.CharField("identifiant @ctes", max_length=120, blank=True)
    prefecture_ack_date = models.DateField("accusé de réception préfecture", null=True, blank=True)
    matter_code = models.CharField(
        "matière (nomenclature ACTES)",
        max_length=5,
        blank=True,
        choices=MATIERE_CHOICES,
        help_text="Requise pour la publication en données ouvertes (SCDL).",
    )
    # As the collectivité's open data names it (SCDL): COLL_SIRET + DELIB_ID identify the row.
    collectivite_siret = models.CharField("SIRET de la collectivité", max_length=14, blank=True)
    collectivite_name = models.CharField("collectivité", max_length=300, blank=True)
    delib_id = models.CharField("identifiant de la délibération (SCDL)", max_length=100, blank=True)
    budget_year = models.CharField("année du budget", max_length=9, blank=True)
    budget_name = models.CharField("budget", max_length=300, blank=True)
    voters_possible = models.PositiveSmallIntegerField("membres en exercice", null=True, blank=True)
    url = models.URLField("adresse de l'acte", max_length=500, blank=True)
    # A convention of the instance this deliberation seems to adopt (its object and date), for
    # a coordination of the convention to confirm (then `convention` is set) or to reject.
    proposed_convention = models.ForeignKey(
        Convention,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_deliberations",
        verbose_name="convention proposée",
    )
    rejected_convention = models.ForeignKey(
        Convention,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="convention écartée",
        help_text="Proposée, puis écartée par la coordination : elle ne sera plus proposée.",
    )

    class Meta:
        verbose_name = "délibération"
        ordering = ["-date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite_siret", "delib_id"],
                condition=~models.Q(delib_id=""),
                name="one_open_data_deliberation",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.act_number or 'Délibération'} du {self.date:%d/%m/%Y}"
            if self.date
            else (self.act_number or "Délibération")
        )

    def transmission(self) -> identifiers.ActesId | None:
        """The @ctes identifier, decoded; None when there is none or it does not read."""
        return identifiers.parse_or_none(self.transmission_id)

    def transmission_problems(self) -> list[str]:
        """The @ctes identifier against the rest of the record: it reads, names this organisation, this date."""
        return identifiers.problems(
            self.transmission_id,
            siren=self.organisation.siren if self.organisation_id else "",
            date=self.date,
            who=str(self.organisation) if self.organisation_id else "",
            day="la séance",
        )

    def arithmetic_problems(self) -> list[str]:
        """Present + proxies = voters; for + against + abstentions = voters."""
        problems = []
        proxies = self.proxies.count()
        if self.present_count is not None and self.voters is not None and self.present_count + proxies != self.voters:
            problems.append(f"Présents ({self.present_count}) + pouvoirs ({proxies}) ≠ votants ({self.voters})")
        votes = (self.votes_for, self.votes_against, self.abstentions)
        if self.voters is not None and None not in votes and sum(votes) != self.voters:
            problems.append(f"Pour + contre + abstentions ({sum(votes)}) ≠ votants ({self.voters})")
        return problems


class Proxy(models.Model):
    deliberation = models.ForeignKey(Deliberation, on_delete=models.CASCADE, related_name="proxies")
    giver = models.CharField("a donné pouvoir", max_length=200)
    receiver = models.CharField("à", max_length=200)

    class Meta:
        verbose_name = "pouvoir"
        ordering = ["id"]
