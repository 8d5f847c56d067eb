"""One row per thing that can be found: its title and text as the pages show them, what the
policy needs to decide who finds it, and the facets. The full-text index over title and body is
the backend's (search/backends.py): a generated tsvector on PostgreSQL, an FTS5 table on SQLite."""

from __future__ import annotations

from django.db import models

from concorde.conventions.models import Convention
from concorde.territories.models import Organisation


class Entry(models.Model):
    class Kind(models.TextChoices):
        CONVENTION = "convention", "Convention"
        AXIS = "axe", "Axe"
        ACTION = "action", "Action"
        INDICATOR = "indicateur", "Indicateur"
        MEETING = "reunion", "Réunion"
        DELIBERATION = "deliberation", "Délibération"
        DOCUMENT = "document", "Document"

    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    convention = models.ForeignKey(
        Convention, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entries"
    )
    # A deliberation loaded from a collectivité's open data belongs to no convention: its author.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="search_entries"
    )
    organisation_name = models.CharField(max_length=300, blank=True)
    # Shown on the public portal once its convention is published (a deliberation without a
    # convention is open data already); otherwise found by the members of its parties only.
    public = models.BooleanField(default=False)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The convention's themes, « eau sport » (a word each, found with a LIKE on both databases).
    themes = models.CharField(max_length=300, blank=True)
    # The record it hangs under, for its link: an action's axis, an indicator's action.
    parent_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The terms of title and body (search.terms), filled for the SQLite index only.
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)

    class Meta:
        verbose_name = "entrée de l'index de recherche"
        verbose_name_plural = "entrées de l'index de recherche"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry")]
        indexes = [models.Index(fields=["convention", "kind"], name="search_entry_by_convention")]
