"""The agenda of a meeting, drafted from the dashboard: what the body has to look at."""

from __future__ import annotations

import datetime as dt

from concorde.conventions.models import Action, Convention, Measurement
from concorde.conventions.tracked_actions import actions_with_tracking
from concorde.conventions.tracking import is_late, rollup

from .deadlines import deadlines_of
from .models import Avenant

AWAITING_DECISION = (Action.Status.BLOCKED, Action.Status.PAUSED)


def action_label(a: Action) -> str:
    return f"{a.reference} — {a.title}" if a.number else a.title


def off_target(a: Action, today: dt.date) -> list[str]:
    """Indicators to discuss: a disputed latest measurement, or a due date passed below target."""
    out = []
    for row in a.indicator_rows:
        latest = row.latest()
        if latest is None:
            continue
        if latest.status == Measurement.Status.DISPUTED:
            out.append(f"{row.label} : mesure contestée")
        elif latest.ratio is not None and latest.ratio < 1 and a.due_date and a.due_date < today:
            out.append(f"{row.label} : {latest.value} pour une cible de {row.target_value} {row.unit}".rstrip())
    return out


def draft(convention: Convention, today: dt.date, previous_meeting=None) -> str:
    """A plain-text agenda the secretariat edits before sending."""
    actions = actions_with_tracking(convention)
    progress = rollup(actions)["convention"]
    lines = []
    if previous_meeting is not None:
        lines.append(f"Approbation du compte rendu de la réunion du {previous_meeting.date:%d/%m/%Y}")
        open_tasks = list(previous_meeting.follow_ups.filter(done_at__isnull=True).select_related("owner"))
        if open_tasks:
            lines.append("Suites à donner de la réunion précédente, encore ouvertes :")
            lines += [
                f"  - {f.title} ({f.owner.get_full_name() or f.owner.username}, pour le {f.due_date:%d/%m/%Y})"
                + (" — en retard" if f.due_date < today else "")
                for f in open_tasks
            ]
    lines.append(f"Avancement du plan : {progress or 0:.0f} % (consolidé)")
    late = [a for a in actions if is_late(a, today)]
    if late:
        lines.append("Actions en retard :")
        lines += [f"  - {action_label(a)}" + (f" (échéance {a.due_date:%d/%m/%Y})" if a.due_date else "") for a in late]
    waiting = [a for a in actions if a.status in AWAITING_DECISION]
    if waiting:
        lines.append("Actions en attente d'une décision :")
        lines += [f"  - {action_label(a)} ({a.get_status_display().lower()})" for a in waiting]
    indicators = [(a, item) for a in actions for item in off_target(a, today)]
    if indicators:
        lines.append("Indicateurs hors cible :")
        lines += [f"  - {action_label(a)} — {item}" for a, item in indicators]
    waiting_avenants = list(convention.avenants.filter(status=Avenant.Status.DRAFT).exclude(changes=[]))
    if waiting_avenants:
        lines.append("Avenants à approuver :")
        lines += [f"  - Avenant n° {a.number} — {a.title}" for a in waiting_avenants]
    schedule = deadlines_of(convention, today)
    overdue = [d for d in schedule if d.kind == "comite" and d.state == "en_retard"]
    if overdue:
        lines.append("Instances en retard sur la fréquence prévue :")
        lines += [
            f"  - {d.label.removesuffix(' : prochaine réunion')} (réunion due le {d.date:%d/%m/%Y})" for d in overdue
        ]
    coming = [d for d in schedule if d.is_alert and d.kind != "comite"]
    if coming:
        lines.append("Échéances de la convention :")
        lines += [f"  - {d.label} : {d.date:%d/%m/%Y} ({d.state_label})" for d in coming]
    lines.append("Questions diverses")
    numbered, n = [], 0
    for line in lines:
        if line.startswith("  "):
            numbered.append(line)
        else:
            n += 1
            numbered.append(f"{n}. {line}")
    return "\n".join(numbered)
