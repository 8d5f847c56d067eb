"""What is public. The conventions oblige both parties to put them online; Concorde publishes
a convention only when every party chose to, and its budgets only when every party agreed."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from concorde.conventions import consent, policy
from concorde.conventions.models import Convention, Party
from concorde.lib.errors import DomainError
from concorde.territories.models import Organisation

from .models import Withdrawal


def published() -> QuerySet[Convention]:
    """The one gate of every public page, file and feed (policy.published_conventions)."""
    return policy.published_conventions()


# What a party may choose to publish, in the words of a withdrawal.
CHOICES = {
    "publish": "la convention et ses documents (avenants signés compris)",
    "publish_budgets": "les budgets des actions",
    "publish_minutes": "les comptes rendus approuvés et les décisions",
    "publish_evaluations": "les évaluations conclues",
}


def choose(
    convention: Convention,
    user,
    party: Party,
    *,
    publish: bool,
    publish_budgets: bool = False,
    publish_minutes: bool = False,
    publish_evaluations: bool = False,
    reason: str = "",
) -> list[str]:
    """The party's choice of what is published. The conventions promise publication for the whole
    of their term: withdrawing what was published before the term asks for a reason, recorded
    with who gave it, and the public page says what was withdrawn and when. Returns what was
    withdrawn."""
    if convention.is_draft:
        raise DomainError("Un brouillon ne se publie pas : le valider d'abord.")
    if party not in policy.coordinated_parties(user, convention):
        raise DomainError(f"Seule la coordination de {party.label} décide de sa publication.")
    wanted = {
        "publish": publish,
        "publish_budgets": publish and publish_budgets,
        "publish_minutes": publish and publish_minutes,
        "publish_evaluations": publish and publish_evaluations,
    }
    current = Party.objects.get(pk=party.pk)
    # only what the public could see counts as a withdrawal
    shown = {
        "publish": convention.is_public,
        "publish_budgets": convention.public_budgets,
        "publish_minutes": convention.public_minutes,
        "publish_evaluations": convention.public_evaluations,
    }
    withdrawn = [CHOICES[k] for k, v in wanted.items() if getattr(current, k) and not v and shown[k]]
    before_term = convention.ends_on is None or convention.ends_on >= timezone.localdate()
    if withdrawn and before_term and len(reason.strip()) < 10:
        raise DomainError(
            "La convention prévoit sa publication pendant toute sa durée : dire pourquoi la retirer "
            "(un motif d'au moins dix caractères), qui sera gardé avec votre nom."
        )
    with transaction.atomic():
        Party.objects.filter(pk=party.pk).update(**wanted)
        if withdrawn and before_term:
            Withdrawal.objects.create(
                convention=convention, party=party, what=" ; ".join(withdrawn)[:300], reason=reason.strip(), by=user
            )
        consent.refresh_publication(convention)
    convention.refresh_from_db(fields=["is_public", "public_budgets", "public_minutes", "public_evaluations"])
    return withdrawn


def partners() -> QuerySet[Organisation]:
    """The organisations party to a published convention, for the portal's filter."""
    return Organisation.objects.filter(parties__convention__in=published()).distinct().order_by("name")
