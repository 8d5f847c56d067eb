"""Deliberations in the SCDL « deliberations » schema, with the schema's own rules.

A deliberation is open data when its convention is published. A row that would break the
schema (no SIRET for the organisation, no matière, votes that do not add up, a prefecture
date before the sitting) is not exported: it is listed with its reason, for the
coordinations to complete, rather than published wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from concorde.deliberations import nomenclature
from concorde.deliberations.models import Deliberation
from concorde.lib.identifiers import siret_is_valid

from .services import published

FIELDS = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
]
REQUIRED = FIELDS[:7]


def public_deliberations() -> QuerySet[Deliberation]:
    """The deliberations of published conventions, the only ones shown without a login."""
    return (
        Deliberation.objects.filter(convention__in=published())
        .select_related("organisation", "convention")
        .order_by("date", "id")
    )


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


_LABELS = {
    "COLL_NOM": "collectivité",
    "COLL_SIRET": "SIRET de la collectivité",
    "DELIB_ID": "numéro de l'acte",
    "DELIB_DATE": "date de la séance",
    "DELIB_MATIERE_CODE": "matière ACTES",
    "DELIB_MATIERE_NOM": "matière ACTES",
    "DELIB_OBJET": "objet",
}


def problems(r: dict) -> list[str]:
    """The schema's rules on one row, as French sentences (empty: the row is valid)."""
    out = []
    missing = []
    for name in REQUIRED:
        if r.get(name) in (None, "") and _LABELS[name] not in missing:
            missing.append(_LABELS[name])
    if missing:
        out.append("à renseigner : " + ", ".join(missing))
    if r.get("COLL_SIRET") and not siret_is_valid(r["COLL_SIRET"]):
        out.append(f"SIRET {r['COLL_SIRET']} invalide (clé de contrôle)")
    if r.get("DELIB_MATIERE_CODE") and r["DELIB_MATIERE_CODE"] not in nomenclature.MATIERES:
        out.append(f"matière {r['DELIB_MATIERE_CODE']} absente de la nomenclature ACTES")
    if r.get("BUDGET_ANNEE") and not re.fullmatch(r"\d{4}(/\d{4})?", r["BUDGET_ANNEE"]):
        out.append("année du budget : AAAA ou AAAA/AAAA")
    if r.get("PREF_DATE") and r.get("DELIB_DATE") and r["PREF_DATE"] < r["DELIB_DATE"]:
        out.append("la date de réception en préfecture précède la date de la séance")
    votes = [r.get("VOTE_POUR"), r.get("VOTE_CONTRE"), r.get("VOTE_ABSTENTION")]
    if r.get("VOTE_REEL") is not None and None not in votes and sum(votes) != r["VOTE_REEL"]:
        out.append(f"pour + contre + abstentions ({sum(votes)}) ≠ votants ({r['VOTE_REEL']})")
    for name in ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"):
        if r.get(name) is not None and r[name] < 0:
            out.append(f"{name} négatif")
    return out


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
