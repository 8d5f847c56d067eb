"""Pages of the evaluations: thin views over `evaluations`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concorde.conventions import policy
from concorde.conventions.access import child_of, coordinated_party, managed_convention, readable_convention
from concorde.conventions.models import EvaluationCriterion
from concorde.lib.views import outcome, run

from .. import evaluations
from ..forms.evaluations import AssessmentForm, ConclusionForm
from ..models import Assessment, Evaluation


def _evaluation(request, pk: int, evaluation_pk: int, manage: bool = False) -> Evaluation:
    return child_of(request, pk, Evaluation, evaluation_pk, manage=manage)


@login_required
def evaluations_page(request, pk: int):
    convention = readable_convention(request, pk)
    return render(
        request,
        "governance/evaluations.html",
        {
            "convention": convention,
            "evaluations": convention.evaluations.all(),
            "planned": evaluations.planned(convention, timezone.localdate()),
            "manage": bool(policy.coordinated_parties(request.user, convention)),
        },
    )


@login_required
@require_POST
def open_evaluation(request, pk: int):
    convention = managed_convention(request, pk)
    evaluation = outcome(
        request,
        lambda: evaluations.open_evaluation(convention, request.user, request.POST.get("label", "")),
        "Évaluation ouverte : chaque partie donne maintenant son appréciation.",
    )
    if evaluation is None:
        return redirect("governance:evaluations", pk=pk)
    return redirect("governance:evaluation", pk=pk, evaluation_pk=evaluation.pk)


@login_required
def evaluation_page(request, pk: int, evaluation_pk: int):
    evaluation = _evaluation(request, pk, evaluation_pk)
    convention = evaluation.convention
    parties = list(convention.parties.all())
    mine = {p.pk for p in policy.coordinated_parties(request.user, convention)}
    given = {(a.party_id, a.criterion_id): a for a in evaluation.assessments.all()}
    criteria = []
    for criterion in convention.evaluation_criteria.all():
        cells = []
        for party in parties:
            assessment = given.get((party.pk, criterion.pk))
            form = (
                AssessmentForm(instance=assessment, prefix=f"a{party.pk}-{criterion.pk}")
                if party.pk in mine and evaluation.status != Evaluation.Status.CONCLUDED
                else None
            )
            cells.append((party, assessment, form))
        criteria.append((criterion, cells))
    others = mine - {evaluation.proposed_by_id}
    return render(
        request,
        "governance/evaluation.html",
        {
            "convention": convention,
            "evaluation": evaluation,
            "criteria": criteria,
            "missing": evaluations.missing(evaluation),
            "conclusion_form": ConclusionForm(initial={"conclusion": evaluation.conclusion})
            if mine and evaluation.status != Evaluation.Status.CONCLUDED
            else None,
            "can_approve": evaluation.status == Evaluation.Status.PROPOSED and bool(others),
        },
    )


@login_required
@require_POST
def assess(request, pk: int, evaluation_pk: int, party_pk: int, criterion_pk: int):
    evaluation = _evaluation(request, pk, evaluation_pk)
    party = coordinated_party(request, evaluation.convention, party_pk)
    criterion = get_object_or_404(EvaluationCriterion, pk=criterion_pk, convention=evaluation.convention)
    existing = Assessment.objects.filter(evaluation=evaluation, party=party, criterion=criterion).first()
    form = AssessmentForm(request.POST, instance=existing, prefix=f"a{party.pk}-{criterion.pk}")
    if not form.is_valid():
        messages.error(request, "Choisir une appréciation : atteint, partiellement atteint ou non atteint.")
    else:
        run(
            request,
            lambda: evaluations.assess(evaluation, request.user, party=party, criterion=criterion, **form.cleaned_data),
            "Appréciation enregistrée.",
        )
    return redirect("governance:evaluation", pk=pk, evaluation_pk=evaluation_pk)


@login_required
@require_POST
def propose(request, pk: int, evaluation_pk: int):
    evaluation = _evaluation(request, pk, evaluation_pk, manage=True)
    form = ConclusionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Rédiger la conclusion avant de la proposer.")
    else:
        run(
            request,
            lambda: evaluations.propose(evaluation, request.user, form.cleaned_data["conclusion"]),
            "Conclusion proposée : l'autre partie l'approuve ou propose la sienne.",
        )
    return redirect("governance:evaluation", pk=pk, evaluation_pk=evaluation_pk)


@login_required
@require_POST
def approve(request, pk: int, evaluation_pk: int):
    evaluation = _evaluation(request, pk, evaluation_pk, manage=True)
    mine = {p.pk for p in policy.coordinated_parties(request.user, evaluation.convention)}
    if evaluation.status == Evaluation.Status.PROPOSED and not mine - {evaluation.proposed_by_id}:
        raise PermissionDenied("La conclusion est approuvée par la coordination de l'autre partie.")
    run(request, lambda: evaluations.approve(evaluation, request.user), "Évaluation conclue.")
    return redirect("governance:evaluation", pk=pk, evaluation_pk=evaluation_pk)
