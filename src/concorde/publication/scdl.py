"""Deliberations in the SCDL « deliberations » schema, with the schema's own rules.

A deliberation is open data when its convention is published. A row that would break the
schema (no SIRET for the organisation, no matière, votes that do not add up, a prefecture
date before the sitting) is not exported: it is listed with its reason, for the
coordinations to complete, rather than published wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from concorde.deliberations import nomenclature
from concorde.deliberations.models import Deliberation
from concorde.deliberations.scdl import problems

from .services import published


def public_deliberations() -> QuerySet[Deliberation]:
    """The deliberations of published conventions, the only ones shown without a login."""
    return (
        Deliberation.objects.filter(convention__in=published())
        .select_related("organisation", "convention")
        .order_by("date", "id")
    )


def readable_deliberations() -> QuerySet[Deliberation]:
    """What a public deliberation page shows: those of published conventions, and those loaded
    from a collectivité's open data (public already; not ours to publish again)."""
    loaded = Deliberation.objects.filter(source=Deliberation.Source.OPEN_DATA, convention__isnull=True)
    return (public_deliberations() | loaded).select_related("organisation", "convention")


def row(d: Deliberation) -> dict:
    """The SCDL row of one deliberation; absent values are None (an empty cell)."""
    org = d.organisation
    transmission = d.transmission()
    return {
        "COLL_NOM": org.name if org else None,
        "COLL_SIRET": (org.siret or None) if org else None,
        "DELIB_ID": d.act_number or (transmission.number if transmission else None) or None,
        "DELIB_DATE": d.date,
        "DELIB_MATIERE_CODE": d.matter_code or None,
        "DELIB_MATIERE_NOM": nomenclature.matter_name(d.matter_code) if d.matter_code else None,
        "DELIB_OBJET": " ".join((d.subject or "").split()) or None,
        "BUDGET_ANNEE": None,
        "BUDGET_NOM": None,
        "PREF_ID": transmission.prefecture_id if transmission else None,
        "PREF_DATE": d.prefecture_ack_date,
        "VOTE_EFFECTIF": None,
        "VOTE_REEL": d.voters,
        "VOTE_POUR": d.votes_for,
        "VOTE_CONTRE": d.votes_against,
        "VOTE_ABSTENTION": d.abstentions,
        "DELIB_URL": settings.CONCORDE_BASE_URL + reverse("publication:public-deliberation", args=[d.pk]),
    }


@dataclass
class Export:
    rows: list[dict] = field(default_factory=list)
    left_out: list[tuple[Deliberation, list[str]]] = field(default_factory=list)


def export(deliberations: QuerySet[Deliberation] | None = None) -> Export:
    """The valid rows, and the deliberations left out with their reasons."""
    out = Export()
    for d in deliberations if deliberations is not None else public_deliberations():
        r = row(d)
        reasons = problems(r)
        if reasons:
            out.left_out.append((d, reasons))
        else:
            out.rows.append(r)
    return out


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
