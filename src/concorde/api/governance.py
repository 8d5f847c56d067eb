"""The API of a convention's governance: its bodies, meetings with their decisions and
follow-ups, deadlines, evaluations, avenants and legal life — read by the members of its
parties, written by their coordinations (a body's meetings also by its secretariat), under the
rules of the pages (governance.services)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Status

from concorde.conventions import policy
from concorde.conventions.models import Action, Convention
from concorde.governance import deadlines, legal, services
from concorde.governance.models import FollowUp, GoverningBody, Meeting, Termination

from . import governance_schemas as g
from . import schemas as s
from .auth import WRITE

router = Router(tags=["gouvernance"])
_ERRORS = {400: s.Error, 403: s.Error, 404: s.Error}


def _convention(request, pk: int) -> Convention:
    """A validated convention the caller reads as a member of a party (the governance is not
    public); 404 otherwise, as for a convention that does not exist."""
    convention = Convention.objects.filter(pk=pk).exclude(status=Convention.Status.DRAFT).first()
    if convention is None or not policy.can_view(request.user, convention):
        raise Http404
    return convention


def _meeting(request, pk: int, meeting_pk: int) -> Meeting:
    convention = _convention(request, pk)
    return get_object_or_404(
        Meeting.objects.select_related("body__convention"), pk=meeting_pk, body__convention=convention
    )


@router.get("/conventions/{pk}/instances", response={200: list[g.BodyOut], **_ERRORS}, auth=WRITE)
def bodies(request, pk: Path[s.Id]):
    return (
        _convention(request, pk)
        .bodies.select_related("secretariat_party")
        .prefetch_related("seats__party", "secretaries")
    )


@router.get("/conventions/{pk}/reunions", response={200: list[g.MeetingOut], **_ERRORS}, auth=WRITE)
def meetings(request, pk: Path[s.Id]):
    return Meeting.objects.filter(body__convention=_convention(request, pk)).order_by("date", "pk")


@router.get("/conventions/{pk}/reunions/{meeting_pk}", response={200: g.MeetingDetail, **_ERRORS}, auth=WRITE)
def meeting(request, pk: Path[s.Id], meeting_pk: Path[s.Id]):
    return _meeting(request, pk, meeting_pk)


@router.post(
    "/conventions/{pk}/reunions",
    response={201: g.MeetingOut, **_ERRORS},
    auth=WRITE,
    summary="Programmer une réunion d'une instance (coordination d'une partie ou secrétariat de l'instance)",
)
def schedule(request, pk: Path[s.Id], data: g.MeetingIn):
    convention = _convention(request, pk)
    body = get_object_or_404(GoverningBody, pk=data.instance_id, convention=convention)
    return Status(201, services.schedule_meeting(body, request.user, date=data.date, place=data.lieu))


@router.post(
    "/conventions/{pk}/reunions/{meeting_pk}/decisions",
    response={201: g.DecisionOut, **_ERRORS},
    auth=WRITE,
    summary="Enregistrer une décision d'une réunion tenue (un arbitrage change l'action)",
)
def decide(request, pk: Path[s.Id], meeting_pk: Path[s.Id], data: g.DecisionIn):
    found = _meeting(request, pk, meeting_pk)
    action = None
    if data.action_id is not None:
        action = get_object_or_404(Action, pk=data.action_id, convention_id=found.body.convention_id)
    decision = services.record_decision(
        found,
        request.user,
        text=data.texte,
        action=action,
        new_status=data.nouveau_statut or "",
        new_due_date=data.nouvelle_echeance,
    )
    return Status(201, decision)


@router.post(
    "/conventions/{pk}/reunions/{meeting_pk}/suites",
    response={201: g.FollowUpOut, **_ERRORS},
    auth=WRITE,
    summary="Confier une suite à donner à un membre d'une des parties",
)
def follow_up(request, pk: Path[s.Id], meeting_pk: Path[s.Id], data: g.FollowUpIn):
    found = _meeting(request, pk, meeting_pk)
    owner = get_user_model().objects.filter(pk=data.responsable_id).first()
    if owner is None:
        raise Http404
    task = services.add_follow_up(found, request.user, title=data.tache, owner=owner, due_date=data.echeance)
    return Status(201, task)


@router.post(
    "/suites/{follow_up_pk}/fait",
    response={200: g.FollowUpOut, **_ERRORS},
    auth=WRITE,
    summary="Marquer une suite à donner comme faite (ou la rouvrir)",
)
def follow_up_done(request, follow_up_pk: Path[s.Id]):
    task = get_object_or_404(FollowUp.objects.select_related("meeting__body__convention", "owner"), pk=follow_up_pk)
    _convention(request, task.meeting.body.convention_id)
    services.complete_follow_up(task, request.user)
    return Status(200, task)


@router.get("/conventions/{pk}/echeances", response={200: list[g.DeadlineOut], **_ERRORS}, auth=WRITE)
def convention_deadlines(request, pk: Path[s.Id]):
    return deadlines.deadlines_of(_convention(request, pk))


@router.get("/conventions/{pk}/evaluations", response={200: list[g.EvaluationOut], **_ERRORS}, auth=WRITE)
def evaluations(request, pk: Path[s.Id]):
    return _convention(request, pk).evaluations.all()


@router.get("/conventions/{pk}/avenants", response={200: list[g.AvenantOut], **_ERRORS}, auth=WRITE)
def avenants(request, pk: Path[s.Id]):
    return _convention(request, pk).avenants.all()


@router.get("/conventions/{pk}/vie-juridique", response={200: g.LegalOut, **_ERRORS}, auth=WRITE)
def legal_life(request, pk: Path[s.Id]):
    convention = _convention(request, pk)
    legal.refresh(convention)
    termination = Termination.objects.filter(convention=convention).first()
    return {
        "statut": convention.status,
        "situation": convention.standing_text,
        "periode_en_cours": convention.period_number,
        "date_fin": convention.ends_on,
        "denonciations": convention.denunciations.select_related("party"),
        "mises_en_demeure": convention.formal_notices.select_related("by_party", "to_party"),
        "resiliation_le": termination.effective_on if termination else None,
    }
