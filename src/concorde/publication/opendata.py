"""Open data: the published conventions, their actions, indicators and validated measurements,
and the deliberations (SCDL), each described by a Table Schema file shipped in `schemas/`.

Only what the portal shows goes out: published conventions, budgets where every party agreed,
measurements validated by the other party.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from concorde.conventions import themes
from concorde.conventions.models import Action, ActionPilot, Indicator, Measurement

from . import scdl
from .services import published

SCHEMAS = Path(__file__).resolve().parent / "schemas"


@cache
def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


def field_names(name: str) -> list[str]:
    return [f["name"] for f in schema(name)["fields"]]


def _url(name: str, *args) -> str:
    return settings.CONCORDE_BASE_URL + reverse(name, args=args)


def convention_rows() -> list[dict]:
    conventions = list(published().select_related("parent").prefetch_related("parties__organisation").order_by("pk"))
    counts = dict(Action.objects.filter(convention__in=published()).values("convention_id")
                  .annotate(n=Count("id")).values_list("convention_id", "n"))
    rows = []
    for c in conventions:
        parties = list(c.parties.all())
        rows.append({
            "id": c.pk, "titre": c.title, "nature": c.get_kind_display(), "statut": c.get_status_display(),
            "themes": " ; ".join(themes.labels(c.themes)) or None,
            "convention_cadre_id": c.parent_id if c.parent_id and c.parent.is_public else None,
            "parties": " ; ".join(p.organisation.name for p in parties),
            "parties_siren": ";".join(p.organisation.siren for p in parties if p.organisation.siren) or None,
            "annee_debut": c.period_start_year, "annee_fin": c.period_end_year, "date_prise_effet": c.effective_date,
            "duree_annees": c.duration_years, "reconductions_tacites": c.tacit_renewal_times,
            "preavis_mois": c.notice_months,
            "avancement": round(c.progress, 1) if c.progress is not None else None,
            "nombre_actions": counts.get(c.pk, 0), "budgets_publies": c.public_budgets,
            "url": _url("public-convention", c.pk),
        })
    return rows


def action_rows() -> list[dict]:
    actions = (Action.objects.filter(convention__in=published()).select_related("axis", "convention")
               .order_by("convention_id", "order", "id"))
    pilots: dict[int, list[str]] = {}
    for action_id, label, service in (ActionPilot.objects.filter(action__convention__in=published())
                                      .order_by("id").values_list("action_id", "party_label", "service")):
        pilots.setdefault(action_id, []).append(f"{label} : {service}" if label else service)
    rows = []
    for a in actions:
        budgets = a.convention.public_budgets
        rows.append({
            "id": a.pk, "convention_id": a.convention_id,
            "axe": f"{a.axis.number} {a.axis.title}".strip(), "action_parente_id": a.parent_id,
            "numero": a.number or None, "titre": a.title, "statut": a.get_status_display(), "avancement": a.progress,
            "echeance": a.due_date, "delai": a.deadline_text or None,
            "pilotes": " ; ".join(pilots.get(a.pk, [])) or None,
            "budget": (a.budget_text or None) if budgets else None,
            "budget_montant": a.budget_amount if budgets else None,
        })
    return rows


def indicator_rows() -> list[dict]:
    indicators = (Indicator.objects.filter(action__convention__in=published()).select_related("action")
                  .order_by("action__convention_id", "action__order", "order", "id"))
    return [{
        "id": i.pk, "convention_id": i.action.convention_id, "action_id": i.action_id, "libelle": i.label,
        "unite": i.unit or None, "valeur_reference": i.baseline, "cible": i.target_value,
    } for i in indicators]


def measurement_rows() -> list[dict]:
    measurements = (Measurement.objects.filter(indicator__action__convention__in=published(),
                                               status=Measurement.Status.VALIDATED)
                    .select_related("indicator__action", "party").order_by("indicator_id", "date", "id"))
    return [{
        "id": m.pk, "indicateur_id": m.indicator_id, "convention_id": m.indicator.action.convention_id,
        "date": m.date, "valeur": m.value, "saisie_par": m.party.label,
        "validee_le": m.reviewed_at.date() if m.reviewed_at else None,
    } for m in measurements]


@dataclass(frozen=True)
class Dataset:
    name: str
    rows: Callable[[], list[dict]]

    @property
    def title(self) -> str:
        return schema(self.name)["title"]

    @property
    def description(self) -> str:
        return schema(self.name)["description"]


DATASETS = {d.name: d for d in [
    Dataset("conventions", convention_rows),
    Dataset("actions", action_rows),
    Dataset("indicateurs", indicator_rows),
    Dataset("mesures", measurement_rows),
    Dataset("deliberations", lambda: scdl.export().rows),
]}


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return scdl.cell(value)


def to_csv(name: str, rows: list[dict]) -> bytes:
    """UTF-8, comma-separated, a header row, ISO dates, empty cells for missing values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    fields = field_names(name)
    writer.writerow(fields)
    for r in rows:
        writer.writerow([_cell(r.get(f)) for f in fields])
    return out.getvalue().encode("utf-8")


def _json_value(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def to_json(name: str, rows: list[dict]) -> bytes:
    """The same rows as an array of objects with the schema's field names (null for missing)."""
    fields = field_names(name)
    data = [{f: _json_value(r.get(f)) for f in fields} for r in rows]
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
