"""What is public. The conventions oblige both parties to put them online; Concorde publishes
a convention only when every party chose to, and its budgets only when every party agreed."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from concorde.conventions import consent, policy
from concorde.conventions.models import Convention, Party
from concorde.lib.errors import DomainError
from concorde.territories.models import Organisation


def published() -> QuerySet[Convention]:
    """The one gate of every public page, file and feed (policy.published_conventions)."""
    return policy.published_conventions()


def choose(convention: Convention, user, party: Party, *, publish: bool, publish_budgets: bool) -> None:
    if convention.is_draft:
        raise DomainError("Un brouillon ne se publie pas : le valider d'abord.")
    if party not in policy.coordinated_parties(user, convention):
        raise DomainError(f"Seule la coordination de {party.label} décide de sa publication.")
    with transaction.atomic():
        Party.objects.filter(pk=party.pk).update(publish=publish, publish_budgets=publish and publish_budgets)
        consent.refresh_publication(convention)
    convention.refresh_from_db(fields=["is_public", "public_budgets"])


def partners() -> QuerySet[Organisation]:
    """The organisations party to a published convention, for the portal's filter."""
    return Organisation.objects.filter(parties__convention__in=published()).distinct().order_by("name")
