"""What the exported workbook holds: one sheet each for the actions, their pilots, the
indicators, the measurements and the budget lines, every row named by stable identifiers.

A row also carries the version of what it shows when exported — the action's lock version, or
for the other sheets a fingerprint of the editable values — so that a row changed in the file
while someone changed it in Concorde is refused, not merged over their change."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from concorde.conventions import budgets
from concorde.conventions.models import Action, ActionPilot, Convention, Indicator, Measurement
from concorde.conventions.tracked_actions import actions_with_tracking
from concorde.lib.amounts import format_euros

ID = "Identifiant"
VERSION = "Version (ne pas modifier)"
ACTION_ID = "Identifiant de l'action"
PARTY_ID = "Identifiant de la partie"
INDICATOR_ID = "Identifiant de l'indicateur"
REFERENCE = "Référence de l'action"

ACTIONS = "Actions"
PILOTS = "Pilotes"
INDICATORS = "Indicateurs"
MEASUREMENTS = "Mesures"
BUDGET = "Budget"


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    wide: tuple[str, ...] = ()  # columns of long texts


def fingerprint(*values) -> str:
    """A short, stable digest of what a row shows of a record (its version in the file)."""
    text = "\x1f".join("" if v is None else str(v.normalize() if isinstance(v, Decimal) else v) for v in values)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def number(value: Decimal | None) -> float | int | None:
    """A decimal as a spreadsheet number (whole amounts without « ,0 »)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def workbook(convention: Convention) -> list[Sheet]:
    actions = actions_with_tracking(convention)
    return [
        _actions(actions),
        _pilots(convention, actions),
        _indicators(convention),
        _measurements(convention),
        _budget(convention),
    ]


ACTION_HEADER = [
    ID,
    "Référence",
    "Axe",
    "Numéro",
    "Action",
    "Statut",
    "Avancement (%)",
    "Début",
    "Fin prévue",
    "Échéance",
    "Budget selon le document",
    "Montant selon le document (€)",
    "Dernier point",
    VERSION,
]


def action_version(action: Action) -> str:
    """The tracking's lock version, and the title as exported (an avenant renames an action
    without moving its tracking): « v3-1a2b3c »."""
    return f"v{action.lock_version}-{fingerprint(action.title)[:6]}"


def read_action_version(text: str) -> tuple[int, str | None]:
    """(lock version, title's fingerprint or None for an export that did not carry it)."""
    found = re.fullmatch(r"v?(\d+)(?:\.0)?(?:-([0-9a-f]{6}))?", text.strip())
    if not found:
        raise ValueError(text)
    return int(found[1]), found[2]


def _actions(actions: list[Action]) -> Sheet:
    sheet = Sheet(ACTIONS, ACTION_HEADER, wide=("Action", "Dernier point", "Budget selon le document"))
    for a in actions:
        sheet.rows.append(
            [
                a.pk,
                a.reference,
                a.axis.number,
                a.number,
                a.title,
                a.get_status_display(),
                a.progress,
                a.start_date,
                a.end_date,
                a.due_date,
                a.budget_text,
                number(a.budget_amount),
                (a.last_update_text or "")[:500],
                action_version(a),
            ]
        )
    return sheet


PILOT_HEADER = [
    ACTION_ID,
    REFERENCE,
    "Action",
    PARTY_ID,
    "Partie",
    "Pilote selon le document",
    "Services pilotes",
    "Personnes pilotes",
    VERSION,
]


def pilot_version(pilot: ActionPilot | None) -> str:
    if pilot is None:
        return fingerprint("", "")
    return fingerprint(
        ";".join(str(i) for i in sorted(s.id for s in pilot.services.all())),
        ";".join(str(i) for i in sorted(u.id for u in pilot.users.all())),
    )


def person(user) -> str:
    """How a person is written in the sheet, and read back: their e-mail, else their login."""
    return user.email or user.username


def _pilots(convention: Convention, actions: list[Action]) -> Sheet:
    sheet = Sheet(PILOTS, PILOT_HEADER, wide=("Action", "Pilote selon le document"))
    parties = [p for p in convention.parties.all() if p.takes_part]
    found = {
        (p.action_id, p.party_id): p
        for p in ActionPilot.objects.filter(action__convention=convention, party__isnull=False).prefetch_related(
            "services", "users"
        )
    }
    for a in actions:
        for party in parties:
            pilot = found.get((a.pk, party.pk))
            sheet.rows.append(
                [
                    a.pk,
                    a.reference,
                    a.title,
                    party.pk,
                    party.label,
                    pilot.service if pilot else "",
                    "; ".join(sorted(s.name for s in pilot.services.all())) if pilot else "",
                    "; ".join(sorted(person(u) for u in pilot.users.all())) if pilot else "",
                    pilot_version(pilot),
                ]
            )
    return sheet


INDICATOR_HEADER = [
    ID,
    ACTION_ID,
    REFERENCE,
    "Indicateur",
    "Unité",
    "Valeur de référence",
    "Cible",
    VERSION,
]


def indicator_version(indicator: Indicator) -> str:
    return fingerprint(indicator.label, indicator.unit, indicator.baseline, indicator.target_value)


def _indicators(convention: Convention) -> Sheet:
    sheet = Sheet(INDICATORS, INDICATOR_HEADER, wide=("Indicateur",))
    for i in (
        Indicator.objects.filter(action__convention=convention, action__archived_on__isnull=True)
        .select_related("action__axis")
        .order_by("action__order", "order", "id")
    ):
        sheet.rows.append(
            [
                i.pk,
                i.action_id,
                i.action.reference,
                i.label,
                i.unit,
                number(i.baseline),
                number(i.target_value),
                indicator_version(i),
            ]
        )
    return sheet


MEASUREMENT_HEADER = [
    ID,
    INDICATOR_ID,
    "Indicateur",
    REFERENCE,
    PARTY_ID,
    "Partie",
    "Date",
    "Valeur",
    "Commentaire",
    "État",
    "Saisie par",
    "Pièce justificative",
]


def _measurements(convention: Convention) -> Sheet:
    sheet = Sheet(MEASUREMENTS, MEASUREMENT_HEADER, wide=("Indicateur", "Commentaire"))
    found = (
        Measurement.objects.filter(
            indicator__action__convention=convention, indicator__action__archived_on__isnull=True
        )
        .select_related("indicator__action__axis", "party", "entered_by")
        .prefetch_related("evidence")
        .order_by("indicator__action__order", "indicator__order", "indicator_id", "date", "id")
    )
    for m in found:
        evidence = next(iter(m.evidence.all()), None)
        sheet.rows.append(
            [
                m.pk,
                m.indicator_id,
                m.indicator.label,
                m.indicator.action.reference,
                m.party_id,
                m.party.label,
                m.date,
                number(m.value),
                m.comment,
                m.get_status_display(),
                (m.entered_by.get_full_name() or m.entered_by.username) if m.entered_by else "",
                evidence.original_name if evidence else "",
            ]
        )
    return sheet


BUDGET_HEADER = [
    ID,
    ACTION_ID,
    REFERENCE,
    PARTY_ID,
    "Partie",
    "Année",
    "Nature",
    "Objet",
    "Prévu (€)",
    "Dépensé (€)",
    "Cofinancements",
    VERSION,
]


def cofinancing_text(pairs) -> str:
    """« Région Île-de-France : 20 000 ; État : 5 000 » — what the action page's field reads."""
    return " ; ".join(f"{financer} : {format_euros(amount)}" for financer, amount in pairs)


def budget_version(line) -> str:
    pairs = sorted((c.financer, c.amount.normalize()) for c in line.cofinancings.all())
    return fingerprint(line.year, line.nature, line.label, line.planned, line.spent, pairs)


def _budget(convention: Convention) -> Sheet:
    sheet = Sheet(BUDGET, BUDGET_HEADER, wide=("Objet", "Cofinancements"))
    lines = budgets.current_lines(convention).select_related("action__axis").order_by("action__order", "year", "id")
    for line in lines:
        sheet.rows.append(
            [
                line.pk,
                line.action_id,
                line.action.reference,
                line.party_id,
                line.party.label,
                line.year,
                line.get_nature_display(),
                line.label,
                number(line.planned),
                number(line.spent),
                cofinancing_text((c.financer, c.amount) for c in line.cofinancings.all()),
                budget_version(line),
            ]
        )
    return sheet
