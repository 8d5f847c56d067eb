"""The comité de pilotage dossier, drawn from the dashboard: progress by axis, late actions,
indicators, decisions to take, compliance with the convention's own obligations."""

from __future__ import annotations

import datetime as dt

from concorde.conventions.models import Convention
from concorde.dashboard.queries import dashboard
from concorde.governance.agenda import AWAITING_DECISION, action_label, off_target
from concorde.governance.deadlines import deadlines_of
from concorde.governance.models import Avenant

from .documents import Section, render

OBLIGATIONS = ("comite", "reunion", "tableau_de_bord", "evaluation", "preavis")


def _pct(value) -> str:
    return "—" if value is None else f"{value:.0f} %"


def sections(convention: Convention, today: dt.date) -> list[Section]:
    data = dashboard(convention, today=today)
    actions = data["actions"]
    out = [
        Section(
            "Avancement par axe",
            f"Avancement consolidé de la convention : {_pct(data['convention_progress'])} ; "
            f"{data['late_count']} action(s) en retard sur {data['action_count']}.",
            ["Axe", "Avancement"],
            [[f"Axe {x.number} — {x.title}".replace("Axe  — ", ""), _pct(x.rolled_progress)] for x in data["axes"]],
        )
    ]
    out.append(
        Section(
            "Actions en retard",
            header=["Action", "Échéance", "Statut", "Avancement"],
            rows=[
                [
                    action_label(a),
                    f"{a.due_date:%d/%m/%Y}" if a.due_date else "—",
                    a.get_status_display(),
                    _pct(a.rolled_progress),
                ]
                for a in actions
                if a.late
            ],
            empty="Aucune action en retard.",
        )
    )
    indicator_rows = []
    for a in actions:
        for row, latest in a.latest:
            target = "—" if row.target_value is None else f"{row.target_value.normalize():f} {row.unit}".strip()
            value = "pas de mesure" if latest is None else f"{latest.value.normalize():f} au {latest.date:%d/%m/%Y}"
            indicator_rows.append([action_label(a), row.label, target, value])
    out.append(
        Section(
            "Indicateurs",
            header=["Action", "Indicateur", "Cible", "Dernière mesure"],
            rows=indicator_rows,
            empty="Aucun indicateur renseigné.",
        )
    )
    decisions = [
        [action_label(a), f"Statut « {a.get_status_display().lower()} » : arbitrage attendu"]
        for a in actions
        if a.status in AWAITING_DECISION
    ]
    decisions += [[action_label(a), item] for a in actions for item in off_target(a, today)]
    decisions += [
        [action_label(a), "Action en retard : nouvelle échéance ou réorientation"]
        for a in actions
        if a.late and a.status not in AWAITING_DECISION
    ]
    decisions += [
        [f"Avenant n° {a.number}", f"Approbation : {a.title}"]
        for a in convention.avenants.filter(status=Avenant.Status.DRAFT).exclude(changes=[])
    ]
    out.append(
        Section("Décisions à prendre", header=["Action", "Objet"], rows=decisions, empty="Aucune décision en attente.")
    )
    # The obligations already due or near, and always the bodies' next meeting and the notice.
    compliance = [
        [d.label, f"{d.date:%d/%m/%Y}", d.state_label]
        for d in deadlines_of(convention, today)
        if d.kind in OBLIGATIONS and (d.state != "a_venir" or d.kind in ("comite", "preavis"))
    ]
    out.append(
        Section(
            "Conformité aux engagements de gouvernance",
            header=["Obligation", "Date", "État"],
            rows=compliance,
            empty="Les échéances se calculent dès que la date de prise d'effet est connue.",
        )
    )
    return out


def title_of(convention: Convention, today: dt.date) -> str:
    return f"Dossier du comité de pilotage — {convention.title} — {today:%d/%m/%Y}"


def build(convention: Convention, today: dt.date, fmt: str) -> bytes:
    return render(fmt, title_of(convention, today), convention, sections(convention, today), today)
