"""The evaluation report: the period evaluated and the dashboard's figures, each criterion with
every party's assessment, then the conclusion with who proposed it, who approved it and when."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from concorde.dashboard.queries import dashboard
from concorde.governance.models import Evaluation

from .documents import Section, render


def period(evaluation: Evaluation) -> tuple[dt.date | None, dt.date]:
    """From the day after the previous evaluation's date (or the convention's effect) to its own."""
    before = (
        Evaluation.objects.filter(convention=evaluation.convention, due_date__lt=evaluation.due_date)
        .order_by("-due_date")
        .first()
    )
    start = before.due_date + dt.timedelta(days=1) if before else evaluation.convention.effective_date
    return start, evaluation.due_date


def sections(evaluation: Evaluation, today: dt.date) -> list[Section]:
    convention = evaluation.convention
    parties = list(convention.parties.all())
    given = {(a.party_id, a.criterion_id): a for a in evaluation.assessments.all()}
    start, end = period(evaluation)
    data = dashboard(convention, today=today)
    progress = "—" if data["convention_progress"] is None else f"{data['convention_progress']:.0f} %"
    out = [
        Section(
            "Période évaluée",
            (f"Du {start:%d/%m/%Y} au {end:%d/%m/%Y}." if start else f"Jusqu'au {end:%d/%m/%Y}.")
            + f" Au {today:%d/%m/%Y}, le tableau de bord donne un avancement consolidé de {progress}, "
            f"{data['late_count']} action(s) en retard sur {data['action_count']}.",
            header=["Axe", "Avancement"],
            rows=[
                [
                    f"Axe {x.number} — {x.title}".replace("Axe  — ", ""),
                    "—" if x.rolled_progress is None else f"{x.rolled_progress:.0f} %",
                ]
                for x in data["axes"]
            ],
        )
    ]
    for criterion in convention.evaluation_criteria.all():
        rows = []
        for party in parties:
            a = given.get((party.pk, criterion.pk))
            rows.append([party.label, a.get_rating_display() if a else "non renseignée", a.text if a else ""])
        out.append(Section(f"Critère : {criterion.text}", header=["Partie", "Appréciation", "Analyse"], rows=rows))
    state = {
        Evaluation.Status.CONCLUDED: "conclusion approuvée par les parties",
        Evaluation.Status.PROPOSED: "conclusion proposée, en attente d'approbation",
        Evaluation.Status.OPEN: "évaluation en cours",
    }[evaluation.status]
    if evaluation.proposed_by:
        state += f" ; proposée par {evaluation.proposed_by.label}"
    if evaluation.status == Evaluation.Status.CONCLUDED and evaluation.concluded_at:
        who = evaluation.approved_by_user
        name = f" ({who.get_full_name() or who.username})" if who else ""
        party = evaluation.approved_by.label if evaluation.approved_by else "l'autre partie"
        state += f" ; approuvée par {party}{name} le {timezone.localdate(evaluation.concluded_at):%d/%m/%Y}"
    out.append(
        Section(
            "Conclusion partagée",
            intro=f"État : {state}.",
            header=["Conclusion"],
            rows=[[evaluation.conclusion]] if evaluation.conclusion else [],
            empty="Conclusion pas encore rédigée.",
        )
    )
    return out


def build(evaluation: Evaluation, today: dt.date, fmt: str) -> bytes:
    title = f"{evaluation.label} — {evaluation.convention.title}"
    return render(fmt, title, evaluation.convention, sections(evaluation, today), today)
