"""The comité de pilotage dossier, drawn from the dashboard: progress by axis, late actions,
indicators, budget, decisions to take, compliance with the convention's own obligations. For a
meeting, it opens with the meeting itself (date, place, agenda, attendees) and what the previous
meeting decided and gave to do, with the state of each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from concorde.conventions.models import Convention, Measurement
from concorde.dashboard.queries import dashboard
from concorde.governance import roles, services
from concorde.governance.agenda import AWAITING_DECISION, action_label, off_target
from concorde.governance.deadlines import deadlines_of, display_name
from concorde.governance.models import Avenant, Meeting

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
            indicator_rows.append([action_label(a), row.label, target, _measured(latest, row.unit)])
    out.append(
        Section(
            "Indicateurs",
            header=["Action", "Indicateur", "Cible", "Dernière mesure"],
            rows=indicator_rows,
            empty="Aucun indicateur renseigné.",
        )
    )
    budgeted = [a for a in actions if a.budget_amount is not None or a.budget_text]
    total = sum((a.budget_amount for a in budgeted if a.budget_amount is not None), Decimal(0))
    out.append(
        Section(
            "Budget",
            f"Montants inscrits aux actions : {_euros(total)} au total." if budgeted else "",
            ["Action", "Montant", "Selon la convention"],
            [[action_label(a), _euros(a.budget_amount), a.budget_text or "—"] for a in budgeted],
            empty="Aucun budget inscrit aux actions.",
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


def _measured(latest, unit: str) -> str:
    """The last measurement, and whether the other party validated it."""
    if latest is None:
        return "pas de mesure"
    state = {
        Measurement.Status.PENDING: " (à valider)",
        Measurement.Status.DISPUTED: " (contestée)",
    }.get(latest.status, "")
    return f"{latest.value.normalize():f} {unit}".rstrip() + f" au {latest.date:%d/%m/%Y}{state}"


def _euros(amount) -> str:
    if amount is None:
        return "—"
    return f"{amount:,.0f} €".replace(",", "\u202f")


def title_of(convention: Convention, today: dt.date) -> str:
    return f"État de la convention pour le comité de pilotage — {convention.title} — {today:%d/%m/%Y}"


def build(convention: Convention, today: dt.date, fmt: str) -> bytes:
    return render(fmt, title_of(convention, today), convention, sections(convention, today), today)


def _secretariat(meeting: Meeting) -> str:
    """« Secrétariat : Ville de Paris — Anne Martin. », when the body names one."""
    body = meeting.body
    people = [u.get_full_name() or u.username for u in roles.serving_secretaries(body)]
    holder = body.secretariat_party.label if body.secretariat_party else ""
    if not (holder or people):
        return ""
    return " Secrétariat : " + " — ".join(x for x in (holder, ", ".join(people)) if x) + "."


def meeting_sections(meeting: Meeting, today: dt.date) -> list[Section]:
    """The meeting's own sections, then the convention's."""
    convention = meeting.body.convention
    when = f"{meeting.date:%d/%m/%Y}" + (f" à {meeting.time:%H:%M}" if meeting.time else "")
    out = [
        Section(
            "La réunion",
            f"{display_name(meeting.body)} — {when}"
            + (f" — {meeting.place}" if meeting.place else "")
            + f" ({meeting.get_status_display().lower()})."
            + _secretariat(meeting),
        ),
        Section("Ordre du jour", meeting.agenda or "", empty="Ordre du jour à établir."),
        _attendees(meeting),
    ]
    previous = services.previous_held(meeting)
    if previous is not None:
        out.append(
            Section(
                f"Décisions de la réunion du {previous.date:%d/%m/%Y}",
                header=["Décision", "Action concernée"],
                rows=[
                    [d.text, action_label(d.action) if d.action else "—"]
                    for d in previous.decisions.select_related("action")
                ],
                empty="Aucune décision.",
            )
        )
        out.append(
            Section(
                f"Suites à donner de la réunion du {previous.date:%d/%m/%Y}",
                header=["Tâche", "Responsable", "Échéance", "État"],
                rows=[
                    [
                        f.title,
                        f.owner.get_full_name() or f.owner.username,
                        f"{f.due_date:%d/%m/%Y}",
                        f"faite le {f.done_at:%d/%m/%Y}"
                        if f.done_at
                        else ("en retard" if f.due_date < today else "à faire"),
                    ]
                    for f in previous.follow_ups.select_related("owner")
                ],
                empty="Aucune suite à donner.",
            )
        )
    return out + sections(convention, today)


def _attendees(meeting: Meeting) -> Section:
    """Who sat, for a held meeting; who is convened, for a planned one."""
    sat = list(meeting.seat_attendance.select_related("party"))
    if sat:
        return Section(
            "Participants",
            header=["Membre", "Partie", "Présence"],
            rows=[
                [
                    a.name,
                    a.party.label,
                    a.get_presence_display() + (f" par {a.represented_by}" if a.represented_by else ""),
                ]
                for a in sat
            ],
        )
    by_party = [[a.party.label, a.attendees] for a in meeting.attendance.select_related("party") if a.attendees]
    if by_party:
        return Section("Participants", header=["Partie", "Présents"], rows=by_party)
    seats = list(meeting.body.seats.select_related("party"))
    return Section(
        "Membres convoqués",
        header=["Membre", "Partie"],
        rows=[[seat.name, seat.party.label] for seat in seats],
        empty="Les membres de l'instance ne sont pas encore renseignés.",
    )


def build_for_meeting(meeting: Meeting, today: dt.date, fmt: str) -> bytes:
    convention = meeting.body.convention
    title = f"Dossier — {meeting.body} du {meeting.date:%d/%m/%Y} — {convention.title}"
    return render(fmt, title, convention, meeting_sections(meeting, today), today)
