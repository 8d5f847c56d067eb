"""Evaluations: each party assesses each criterion of the convention, one proposes the shared
conclusion, the other approves it; the deadline is then met and the report downloads."""

import datetime as dt
import html
import io

import pytest
from django.urls import reverse

from concorde.conventions.lifecycle import add_years
from concorde.governance import evaluations
from concorde.governance.deadlines import deadlines_of
from concorde.governance.models import Evaluation
from tests import factories
from tests.conftest import client_for, party
from tests.governance.conftest import TODAY

FIRST = "Évaluation annuelle n° 1"


@pytest.fixture
def opened(convention, people):
    factories.in_force_since(convention, 426)
    client = client_for(people["paris_coord"])
    response = client.post(reverse("governance:open-evaluation", args=[convention.pk]), {"label": FIRST})
    evaluation = Evaluation.objects.get()
    assert response.url == reverse("governance:evaluation", args=[convention.pk, evaluation.pk])
    return evaluation


def _assess_all(evaluation, people, rating="partly"):
    c = evaluation.convention
    for who, label in (("paris_coord", "Ville de Paris"), ("montclair_coord", "Commune de Montclair-sur-Marne")):
        p = party(c, label)
        for criterion in c.evaluation_criteria.all():
            client_for(people[who]).post(
                reverse("governance:assess", args=[c.pk, evaluation.pk, p.pk, criterion.pk]),
                {f"a{p.pk}-{criterion.pk}-rating": rating, f"a{p.pk}-{criterion.pk}-text": f"Analyse de {label}"},
            )


def test_the_planned_evaluations_come_from_the_clauses(convention, opened):
    labels = [label for label, _ in evaluations.planned(convention, TODAY)]
    assert FIRST not in labels and "Évaluation annuelle n° 2" in labels
    assert opened.due_date == add_years(TODAY - dt.timedelta(days=426), 1)  # first anniversary of the effect
    assert opened.convention.evaluation_criteria.count() == 2  # the demo convention's own criteria


def test_a_party_assesses_only_for_itself(convention, opened, people):
    montclair = party(convention, "Commune de Montclair-sur-Marne")
    criterion = convention.evaluation_criteria.first()
    client = client_for(people["paris_coord"])
    response = client.post(
        reverse("governance:assess", args=[convention.pk, opened.pk, montclair.pk, criterion.pk]),
        {f"a{montclair.pk}-{criterion.pk}-rating": "met"},
    )
    assert response.status_code == 403
    assert "Seule la coordination de cette partie" in html.unescape(response.content.decode())
    assert not opened.assessments.exists()
    client_for(people["montclair_pilot"]).post(
        reverse("governance:assess", args=[convention.pk, opened.pk, montclair.pk, criterion.pk]),
        {f"a{montclair.pk}-{criterion.pk}-rating": "met"},
    )
    assert not opened.assessments.exists()


def test_conclusion_needs_every_assessment_then_the_other_party_approves(convention, opened, people):
    paris_client, montclair_client = client_for(people["paris_coord"]), client_for(people["montclair_coord"])
    propose = reverse("governance:propose-conclusion", args=[convention.pk, opened.pk])
    response = paris_client.post(propose, {"conclusion": "Trop tôt."})
    assert "Manque" in html.unescape(paris_client.get(response.url).content.decode())
    _assess_all(opened, people)
    assert opened.assessments.count() == 4
    paris_client.post(propose, {"conclusion": "La coopération progresse ; la promenade prend du retard."})
    opened.refresh_from_db()
    assert opened.status == Evaluation.Status.PROPOSED
    approve = reverse("governance:approve-conclusion", args=[convention.pk, opened.pk])
    paris_client.post(approve)  # the proposer cannot approve its own proposal
    opened.refresh_from_db()
    assert opened.status == Evaluation.Status.PROPOSED
    montclair_client.post(approve)
    opened.refresh_from_db()
    assert opened.status == Evaluation.Status.CONCLUDED and opened.concluded_at
    deadline = {d.label: d for d in deadlines_of(convention)}[FIRST]
    assert deadline.state == "passee" and deadline.state_label == "faite"


def test_changing_an_assessment_withdraws_the_proposal(convention, opened, people):
    _assess_all(opened, people)
    evaluations.propose(opened, people["paris_coord"], "Conclusion")
    _assess_all(opened, people, rating="met")
    opened.refresh_from_db()
    assert opened.status == Evaluation.Status.OPEN


def test_unplanned_or_duplicate_evaluations_are_refused(convention, opened, people):
    with pytest.raises(evaluations.DomainError, match="pas prévue"):
        evaluations.open_evaluation(convention, people["paris_coord"], FIRST)
    with pytest.raises(evaluations.DomainError, match="pas prévue"):
        evaluations.open_evaluation(convention, people["paris_coord"], "Évaluation inventée")
    with pytest.raises(evaluations.DomainError, match="coordination"):
        evaluations.open_evaluation(convention, people["paris_pilot"], "Évaluation annuelle n° 2")


def test_report_in_docx_lists_each_criterion_and_the_conclusion(convention, opened, people):
    from docx import Document

    _assess_all(opened, people)
    response = client_for(people["paris_reader"]).get(
        reverse("reports:evaluation-report", args=[convention.pk, opened.pk, "docx"])
    )
    doc = Document(io.BytesIO(response.content))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 4 and headings[0] == "Période évaluée" and headings[-1] == "Conclusion partagée"
    assert all(h.startswith("Critère : ") for h in headings[1:3])
    assert "Partiellement atteint" in {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert (
        client_for(people["outsider"])
        .get(reverse("reports:evaluation-report", args=[convention.pk, opened.pk, "pdf"]))
        .status_code
        == 404
    )


def test_a_convention_without_criteria_is_evaluated_on_its_commitments(convention, people):
    convention.evaluation_criteria.all().delete()
    factories.in_force_since(convention, 426)
    evaluations.open_evaluation(convention, people["montclair_coord"], FIRST)
    assert list(convention.evaluation_criteria.values_list("text", flat=True)) == [evaluations.DEFAULT_CRITERION]


def test_the_report_says_the_period_who_approved_and_when_and_the_dashboard_s_figures(convention, opened, people):
    from docx import Document

    _assess_all(opened, people)
    evaluations.propose(opened, people["paris_coord"], "Objectifs en bonne voie.")
    evaluations.approve(opened, people["montclair_coord"])
    opened.refresh_from_db()
    response = client_for(people["paris_reader"]).get(
        reverse("reports:evaluation-report", args=[convention.pk, opened.pk, "docx"])
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    start = convention.effective_date
    assert f"Du {start:%d/%m/%Y} au {opened.due_date:%d/%m/%Y}." in text
    assert "le tableau de bord donne un avancement consolidé de" in text and "action(s) en retard sur" in text
    assert (
        "proposée par Ville de Paris ; approuvée par Commune de Montclair-sur-Marne (montclair_coord) le "
        f"{TODAY:%d/%m/%Y}" in text
    )
