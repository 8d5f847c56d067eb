"""The evaluation report: each criterion with every party's assessment, then the conclusion."""

from __future__ import annotations

import datetime as dt

from concorde.governance.models import Evaluation

from .documents import Section, render


def sections(evaluation: Evaluation) -> list[Section]:
    convention = evaluation.convention
    parties = list(convention.parties.all())
    given = {(a.party_id, a.criterion_id): a for a in evaluation.assessments.all()}
    out = []
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
    return render(fmt, title, evaluation.convention, sections(evaluation), today)
