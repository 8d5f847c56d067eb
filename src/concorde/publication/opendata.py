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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import islice
from pathlib import Path
from typing import BinaryIO

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


# The rows are generated, read from the database in chunks: an instance's actions file holds
# hundreds of thousands of rows, written out one by one (files.py), never held all at once.
CHUNK = 2000


def convention_rows() -> Iterator[dict]:
    conventions = (
        published()
        .select_related("parent")
        .prefetch_related("parties__organisation")
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )
    counts = dict(
        Action.objects.filter(convention__in=published())
        .values("convention_id")
        .annotate(n=Count("id"))
        .values_list("convention_id", "n")
    )
    for c in conventions:
        parties = list(c.parties.all())
        yield {
            "id": c.pk,
            "titre": c.title,
            "nature": c.get_kind_display(),
            "statut": c.get_status_display(),
            "periode_en_cours": c.period_number,
            "date_fin": c.ends_on,
            "themes": " ; ".join(themes.labels(c.themes)) or None,
            "convention_cadre_id": c.parent_id if c.parent_id and c.parent.is_public else None,
            "parties": " ; ".join(p.organisation.name for p in parties),
            "parties_siren": ";".join(p.organisation.siren for p in parties if p.organisation.siren) or None,
            "annee_debut": c.period_start_year,
            "annee_fin": c.period_end_year,
            "date_prise_effet": c.effective_date,
            "duree": c.duration,
            "duree_unite": c.get_duration_unit_display() if c.duration else None,
            "reconductions_tacites": c.tacit_renewal_times,
            "preavis": c.notice,
            "preavis_unite": c.get_notice_unit_display() if c.notice else None,
            "avancement": round(c.progress, 1) if c.progress is not None else None,
            "nombre_actions": counts.get(c.pk, 0),
            "budgets_publies": c.public_budgets,
            "url": _url("publication:public-convention", c.pk),
        }


_ACTION_FIELDS = (
    "id",
    "convention_id",
    "axis__number",
    "axis__title",
    "parent_id",
    "number",
    "title",
    "status",
    "progress",
    "due_date",
    "deadline_text",
    "budget_text",
    "budget_amount",
    "convention__public_budgets",
)


def action_rows() -> Iterator[dict]:
    # plain tuples rather than model instances, and the pilots read a chunk of actions at a
    # time: the largest dataset, written in bounded memory
    statuses = dict(Action.Status.choices)
    actions = (
        Action.objects.filter(convention__in=published())
        .order_by("convention_id", "order", "id")
        .values_list(*_ACTION_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(islice(actions, CHUNK)):
        pilots: dict[int, list[str]] = {}
        for action_id, label, service in (
            ActionPilot.objects.filter(action_id__in=[a[0] for a in chunk])
            .order_by("id")
            .values_list("action_id", "party_label", "service")
        ):
            pilots.setdefault(action_id, []).append(f"{label} : {service}" if label else service)
        for (
            pk,
            convention_id,
            axis_number,
            axis_title,
            parent_id,
            number,
            title,
            status,
            progress,
            due_date,
            deadline,
            budget_text,
            budget_amount,
            budgets,
        ) in chunk:
            yield {
                "id": pk,
                "convention_id": convention_id,
                "axe": f"{axis_number} {axis_title}".strip(),
                "action_parente_id": parent_id,
                "numero": number or None,
                "titre": title,
                "statut": statuses.get(status, status),
                "avancement": progress,
                "echeance": due_date,
                "delai": deadline or None,
                "pilotes": " ; ".join(pilots.get(pk, [])) or None,
                "budget": (budget_text or None) if budgets else None,
                "budget_montant": budget_amount if budgets else None,
            }


def indicator_rows() -> Iterator[dict]:
    indicators = (
        Indicator.objects.filter(action__convention__in=published(), action__archived_on__isnull=True)
        .select_related("action")
        .order_by("action__convention_id", "action__order", "order", "id")
        .iterator(chunk_size=CHUNK)
    )
    return (
        {
            "id": i.pk,
            "convention_id": i.action.convention_id,
            "action_id": i.action_id,
            "libelle": i.label,
            "unite": i.unit or None,
            "valeur_reference": i.baseline,
            "cible": i.target_value,
        }
        for i in indicators
    )


def measurement_rows() -> Iterator[dict]:
    measurements = (
        Measurement.objects.filter(
            indicator__action__convention__in=published(),
            indicator__action__archived_on__isnull=True,
            status=Measurement.Status.VALIDATED,
        )
        .select_related("indicator__action", "party")
        .order_by("indicator_id", "date", "id")
        .iterator(chunk_size=CHUNK)
    )
    return (
        {
            "id": m.pk,
            "indicateur_id": m.indicator_id,
            "convention_id": m.indicator.action.convention_id,
            "date": m.date,
            "valeur": m.value,
            "saisie_par": m.party.label,
            "validee_le": m.reviewed_at.date() if m.reviewed_at else None,
        }
        for m in measurements
    )


@dataclass(frozen=True)
class Dataset:
    name: str
    rows: Callable[[], Iterable[dict]]

    @property
    def title(self) -> str:
        return schema(self.name)["title"]

    @property
    def description(self) -> str:
        return schema(self.name)["description"]


DATASETS = {
    d.name: d
    for d in [
        Dataset("conventions", convention_rows),
        Dataset("actions", action_rows),
        Dataset("indicateurs", indicator_rows),
        Dataset("mesures", measurement_rows),
        Dataset("deliberations", lambda: scdl.export().rows),
    ]
}


def package() -> dict:
    """The datasets as one Frictionless data package: each CSV file with its Table Schema
    (foreign keys between them included), paths relative to where the descriptor is served."""
    return {
        "name": "concorde-conventions",
        "title": f"Conventions de coopération publiées — {settings.CONCORDE_BRAND['name']}",
        "homepage": _url("publication:open-data"),
        "licenses": [
            {
                "name": "etalab-2.0",
                "title": "Licence Ouverte / Open Licence version 2.0",
                "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            }
        ],
        "resources": [
            {
                "name": d.name,
                "title": d.title,
                "description": d.description,
                "path": f"{d.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": f"{d.name}/schema.json",
            }
            for d in DATASETS.values()
        ],
    }


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return scdl.cell(value)


def write_csv(name: str, rows: Iterable[dict], out: BinaryIO) -> None:
    """UTF-8, comma-separated, a header row, ISO dates, empty cells for missing values."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    fields = field_names(name)
    writer.writerow(fields)
    for r in rows:
        writer.writerow([_cell(r.get(f)) for f in fields])
    text.flush()
    text.detach()  # the caller's file stays open


def _json_value(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_json(name: str, rows: Iterable[dict], out: BinaryIO) -> None:
    """The same rows as an array of objects with the schema's field names (null for missing),
    one object a line."""
    fields = field_names(name)
    separator = b"[\n"
    for r in rows:
        out.write(separator)
        out.write(json.dumps({f: _json_value(r.get(f)) for f in fields}, ensure_ascii=False).encode("utf-8"))
        separator = b",\n"
    out.write(b"[]\n" if separator == b"[\n" else b"\n]\n")
