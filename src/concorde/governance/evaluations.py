"""Evaluations on the convention's own criteria: each party assesses, one proposes the shared
conclusion, the other approves it (or answers with its own proposal)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from concorde.conventions import policy, tracking
from concorde.conventions.models import Convention, EvaluationCriterion, Party
from concorde.lib.errors import DomainError

from . import calendar
from .deadlines import terms_of
from .models import Assessment, Evaluation

DEFAULT_CRITERION = "Réalisation des engagements de la convention"


def planned(convention: Convention, today: dt.date) -> list[tuple[str, dt.date]]:
    """The evaluations the convention provides for and that are not opened yet."""
    terms = terms_of(convention)
    opened = set(convention.evaluations.values_list("label", flat=True))
    return [
        (label, day)
        for label, day in calendar.evaluation_dates(terms, calendar.periods(terms, today))
        if label not in opened
    ]


def _coordinated(user, convention: Convention) -> list[Party]:
    if convention.is_draft:
        return []
    return policy.coordinated_parties(user, convention)


def open_evaluation(convention: Convention, user, label: str) -> Evaluation:
    if not _coordinated(user, convention):
        raise DomainError("Seule la coordination d'une des parties ouvre une évaluation.")
    due = dict(planned(convention, timezone.localdate()))
    if label not in due:
        raise DomainError("Cette évaluation n'est pas prévue par la convention, ou elle est déjà ouverte.")
    with transaction.atomic():
        if not convention.evaluation_criteria.exists():
            # A convention that names no criteria is still evaluated on what it promised.
            EvaluationCriterion.objects.create(convention=convention, text=DEFAULT_CRITERION)
        evaluation = Evaluation(convention=convention, label=label, due_date=due[label], created_by=user)
        evaluation._history_user = user
        evaluation.save()
    return evaluation


def assess(
    evaluation: Evaluation, user, *, party: Party, criterion: EvaluationCriterion, rating: str, text: str
) -> Assessment:
    """One party's assessment of one criterion, by that party's coordination."""
    convention = evaluation.convention
    if party not in _coordinated(user, convention):
        raise DomainError(f"Seule la coordination de {party.label} donne son appréciation.")
    if criterion.convention_id != convention.pk:
        raise DomainError("Ce critère n'est pas un critère de la convention.")
    if evaluation.status == Evaluation.Status.CONCLUDED:
        raise DomainError("Cette évaluation est conclue : elle ne se modifie plus.")
    with transaction.atomic():
        assessment, _ = Assessment.objects.update_or_create(
            evaluation=evaluation,
            party=party,
            criterion=criterion,
            defaults={"rating": rating, "text": text, "author": user},
        )
        if evaluation.status == Evaluation.Status.PROPOSED:
            # The proposal was made on other assessments: it has to be made again.
            _set(evaluation, user, status=Evaluation.Status.OPEN, proposed_by=None)
    return assessment


def missing(evaluation: Evaluation) -> list[str]:
    """What is still to assess before a conclusion: « party — criterion »."""
    done = set(evaluation.assessments.values_list("party_id", "criterion_id"))
    return [
        f"{p.label} — {c.text}"
        for p in evaluation.convention.parties.all()
        for c in evaluation.convention.evaluation_criteria.all()
        if (p.pk, c.pk) not in done
    ]


def propose(evaluation: Evaluation, user, conclusion: str) -> None:
    parties = _coordinated(user, evaluation.convention)
    if not parties:
        raise DomainError("Seule la coordination d'une des parties propose la conclusion.")
    if evaluation.status == Evaluation.Status.CONCLUDED:
        raise DomainError("Cette évaluation est déjà conclue.")
    if gaps := missing(evaluation):
        raise DomainError(
            "Chaque partie apprécie chaque critère avant la conclusion. Manque : " + " ; ".join(gaps) + "."
        )
    _set(evaluation, user, status=Evaluation.Status.PROPOSED, conclusion=conclusion, proposed_by=parties[0])


def approve(evaluation: Evaluation, user) -> None:
    """The other party approves the proposed conclusion: the evaluation is concluded."""
    if evaluation.status != Evaluation.Status.PROPOSED:
        raise DomainError("Aucune conclusion n'attend d'approbation.")
    others = [p for p in _coordinated(user, evaluation.convention) if p.pk != evaluation.proposed_by_id]
    if not others:
        raise DomainError("La conclusion est approuvée par la coordination de l'autre partie.")
    _set(
        evaluation,
        user,
        status=Evaluation.Status.CONCLUDED,
        concluded_at=timezone.now(),
        approved_by=others[0],
        approved_by_user=user,
    )
    tracking.touch(evaluation.convention_id)  # the deadline is met: alerts change


def _set(evaluation: Evaluation, user, **values) -> None:
    for name, value in values.items():
        setattr(evaluation, name, value)
    evaluation._history_user = user
    evaluation.save()
