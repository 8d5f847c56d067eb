"""A deliberation loaded from a collectivité's open data that seems to adopt a convention of the
instance is proposed as a link to it; a coordination of the convention confirms or rejects it.

It seems to when: the collectivité is a party of the convention (same SIREN); its object speaks
of an agreement (convention, protocole, contrat, accord, charte, pacte, avenant), names another party (a word of its name that tells it apart: « Paris »,
« Montclair », not « commune » or « ville ») and holds most of the words that tell the
convention's title apart (« jardins », « 2025 », not « convention » or « coopération »); and it
was voted within two years before the convention was signed (or imported, when the signature
date is unknown), not after."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from concorde.conventions.models import Convention, Party
from concorde.conventions.references import telling_words
from concorde.lib.errors import DomainError
from concorde.lib.text import fold

from .models import Deliberation

SHARE = 0.6  # of the title's telling words found in the object
# What an object calls an agreement between collectivités (folded).
_AGREEMENTS = ("convention", "protocole", "contrat", "accord", "charte", "pacte", "avenant")
BEFORE = dt.timedelta(days=730)


def adopts(deliberation: Deliberation, convention: Convention, partners: list[str]) -> bool:
    """`partners`: the names of the convention's other parties (not the deliberating one)."""
    subject = fold(deliberation.subject)
    if not any(word in subject for word in _AGREEMENTS):
        return False
    said = telling_words(deliberation.subject)
    if not any(telling_words(name) & said for name in partners):
        return False
    wanted = telling_words(convention.title)
    if wanted and len(wanted & said) < SHARE * len(wanted):
        return False
    reference = convention.signed_on or timezone.localdate(convention.created_at)
    return deliberation.date is not None and reference - BEFORE <= deliberation.date <= reference


def propose(ids: list[int]) -> int:
    """Propose a convention for each of these deliberations that seems to adopt one (and was not
    linked or rejected for it already); how many were proposed."""
    by_siren: dict[str, list[Convention]] = {}
    names: dict[int, list[tuple[str, str]]] = {}  # convention -> (siren, name) of each party
    parties = Party.objects.exclude(convention__status=Convention.Status.DRAFT).select_related(
        "convention", "organisation"
    )
    for party in parties:
        names.setdefault(party.convention_id, []).append((party.organisation.siren, party.label))
        if party.organisation.siren:
            by_siren.setdefault(party.organisation.siren, []).append(party.convention)
    if not by_siren:
        return 0
    proposed = 0
    for start in range(0, len(ids), 2000):
        candidates = Deliberation.objects.filter(
            pk__in=ids[start : start + 2000], convention__isnull=True, proposed_convention__isnull=True
        ).only("pk", "subject", "date", "collectivite_siret", "rejected_convention_id")
        for d in candidates:
            siren = d.collectivite_siret[:9]
            for convention in by_siren.get(siren, ()):
                others = [name for other, name in names[convention.pk] if other != siren]
                if convention.pk != d.rejected_convention_id and adopts(d, convention, others):
                    Deliberation.objects.filter(pk=d.pk).update(proposed_convention=convention)
                    proposed += 1
                    break
    return proposed


@transaction.atomic
def answer(deliberation: Deliberation, confirm: bool) -> None:
    """The coordination's answer: confirmed, the deliberation is the convention's; rejected, it is
    not proposed for it again (a new load of the file included)."""
    if deliberation.proposed_convention_id is None:
        raise DomainError("Cette délibération n'est plus proposée : la page a changé entre-temps.")
    if confirm:
        deliberation.convention_id = deliberation.proposed_convention_id
    else:
        deliberation.rejected_convention_id = deliberation.proposed_convention_id
    deliberation.proposed_convention = None
    deliberation.save(update_fields=["convention", "rejected_convention", "proposed_convention"])
