"""Pages of the bodies and their meetings: thin views over `services`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concorde.conventions.access import managed_convention, readable_convention
from concorde.lib.views import apply_form, form_step, run

from .. import convocations, services
from ..deadlines import bodies_with_meetings, overdue_bodies
from ..forms.meetings import (
    AttachmentForm,
    BodyForm,
    DecisionForm,
    FollowUpForm,
    HoldForm,
    MeetingForm,
    ScheduleForm,
)
from ..models import FollowUp, GoverningBody, Meeting, MeetingAttachment
from ..roles import RUNNING_REFUSED, can_manage, can_run, people_of, runnable, serving_secretaries


def _meeting(request, pk: int, meeting_pk: int, manage: bool = False) -> Meeting:
    """The convention's meeting; with `manage`, only for its coordinations and its body's
    secretariat, refused before anything is read from the form."""
    convention = readable_convention(request, pk)
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=meeting_pk, body__convention=convention)
    meeting.body.convention = convention
    if manage and not can_run(request.user, meeting.body):
        raise PermissionDenied(RUNNING_REFUSED)
    return meeting


@login_required
def bodies_page(request, pk: int):
    return _render_bodies(request, readable_convention(request, pk))


def _render_bodies(request, convention, schedule_form=None, status: int = 200):
    manage = can_manage(request.user, convention)
    parties = list(convention.parties.all())
    bodies = list(
        bodies_with_meetings()
        .filter(convention=convention)
        .select_related("secretariat_party")
        .prefetch_related("seats__party", "secretaries__memberships")
    )
    for b in bodies:
        b.convention = convention
        b.serving_secretaries = serving_secretaries(b)
    kept = bodies if manage else runnable(request.user, convention, bodies)
    people = people_of(convention)
    meetings = Meeting.objects.filter(body__convention=convention).select_related("body")
    return render(
        request,
        "governance/bodies.html",
        {
            "convention": convention,
            "bodies": bodies,
            "meetings": meetings,
            "overdue": overdue_bodies(convention, bodies),
            "manage": manage,
            "today": timezone.localdate(),
            "body_forms": {
                b.pk: BodyForm(
                    instance=b, convention=convention, parties=parties, people=people, prefix=f"instance{b.pk}"
                )
                for b in bodies
            }
            if manage
            else {},
            "schedule_form": schedule_form or (ScheduleForm(bodies=kept) if kept else None),
        },
        status=status,
    )


@login_required
@require_POST
def edit_body(request, pk: int, body_pk: int):
    convention = managed_convention(request, pk)
    body = get_object_or_404(GoverningBody, pk=body_pk, convention=convention)
    form = BodyForm(
        request.POST,
        instance=body,
        convention=convention,
        parties=convention.parties.all(),
        people=people_of(convention),
        prefix=f"instance{body.pk}",
    )
    apply_form(
        request,
        form,
        lambda f: services.update_body(
            body,
            request.user,
            min_meetings_per_year=f.cleaned_data["min_meetings_per_year"],
            quorum=f.cleaned_data["quorum"],
            secretariat=f.cleaned_data["secretariat"],
            secretariat_party=f.cleaned_data["secretariat_party"],
            secretaries=f.cleaned_data["secretaries"],
            seats=f.per_party(),
        ),
        "Instance enregistrée.",
    )
    return redirect("governance:bodies", pk=pk)


@login_required
@require_POST
def schedule(request, pk: int):
    convention = readable_convention(request, pk)
    kept = runnable(request.user, convention, convention.bodies.prefetch_related("secretaries__memberships"))
    if not kept:
        raise PermissionDenied(RUNNING_REFUSED)
    form = ScheduleForm(request.POST, bodies=kept)
    return form_step(
        request,
        form,
        lambda f: services.schedule_meeting(
            f.cleaned_data["body"],
            request.user,
            date=f.cleaned_data["date"],
            time=f.cleaned_data["time"],
            place=f.cleaned_data["place"],
        ),
        "Réunion programmée : son ordre du jour est tiré du tableau de bord, à compléter.",
        refused=lambda: _render_bodies(request, convention, form, status=400),
        then=lambda meeting: redirect("governance:meeting", pk=pk, meeting_pk=meeting.pk),
    )


@login_required
def meeting_page(request, pk: int, meeting_pk: int):
    return _render(request, _meeting(request, pk, meeting_pk))


def _render(request, meeting: Meeting, bound: dict | None = None, status: int = 200):
    """The meeting's page; `bound` holds the form a refused step sends back as it was typed."""
    bound = bound or {}
    convention = meeting.body.convention
    decide = can_manage(request.user, convention)  # a decision acts on the plan
    manage = decide or can_run(request.user, meeting.body)
    planned, held = meeting.status == Meeting.Status.PLANNED, meeting.status == Meeting.Status.HELD
    previous = services.previous_held(meeting)

    def form(name, make, when):
        return bound.get(name) or (make() if manage and when else None)

    return render(
        request,
        "governance/meeting.html",
        {
            "convention": convention,
            "meeting": meeting,
            "manage": manage,
            "today": timezone.localdate(),
            "previous": previous,
            "quorum_met": services.quorum_met(meeting),
            "attendance": meeting.attendance.select_related("party"),
            "seat_attendance": meeting.seat_attendance.select_related("party"),
            "decisions": meeting.decisions.select_related("action"),
            "follow_ups": meeting.follow_ups.select_related("owner"),
            "can_convoke": manage and planned and meeting.date >= timezone.localdate(),
            "edit_form": form("edit", lambda: MeetingForm(instance=meeting), planned),
            "hold_form": form(
                "hold",
                lambda: HoldForm(meeting=meeting, previous=previous),
                meeting.status != Meeting.Status.CANCELLED,
            ),
            "decision_form": form("decide", lambda: DecisionForm(convention=convention), held and decide),
            "follow_up_form": form("follow_up", lambda: FollowUpForm(people=people_of(convention)), held),
            "attachments": meeting.attachments.all(),
            "attachment_form": form("attach", _attachment_form, meeting.status != Meeting.Status.CANCELLED),
        },
        status=status,
    )


def _attachment_form(*args) -> AttachmentForm:
    return AttachmentForm(*args, max_bytes=settings.CONCORDE_MAX_UPLOAD_BYTES)


@login_required
@require_POST
def attach(request, pk: int, meeting_pk: int):
    return _meeting_post(
        request,
        pk,
        meeting_pk,
        "attach",
        lambda m: _attachment_form(request.POST, request.FILES),
        lambda m, f: services.attach(m, request.user, f.cleaned_data["file"]),
        "Pièce jointe ajoutée à la réunion.",
    )


@login_required
def attachment(request, pk: int, meeting_pk: int, attachment_pk: int):
    """A meeting's file, for the readers of the convention."""
    meeting = _meeting(request, pk, meeting_pk)
    item = get_object_or_404(MeetingAttachment, pk=attachment_pk, meeting=meeting)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


def _meeting_post(request, pk, meeting_pk, name, build, apply, done):
    """Validate the step's form and apply it; refused, the page comes back with the form as typed."""
    meeting = _meeting(request, pk, meeting_pk, manage=True)
    form = build(meeting)
    return form_step(
        request,
        form,
        lambda f: apply(meeting, f),
        done,
        refused=lambda: _render(request, meeting, {name: form}, status=400),
        then=lambda _: redirect("governance:meeting", pk=pk, meeting_pk=meeting_pk),
    )


def _told(count: int, how: str) -> str:
    """« 3 membres convoqués ont été prévenus… »: who was told of a change to a convened meeting."""
    if not count:
        return ""
    if count == 1:
        return f" 1 membre convoqué a été prévenu{how}."
    return f" {count} membres convoqués ont été prévenus{how}."


@login_required
@require_POST
def edit_meeting(request, pk: int, meeting_pk: int):
    return _meeting_post(
        request,
        pk,
        meeting_pk,
        "edit",
        lambda m: MeetingForm(request.POST, instance=Meeting.objects.get(pk=m.pk)),
        lambda m, f: services.update_meeting(
            m,
            request.user,
            date=f.cleaned_data["date"],
            time=f.cleaned_data["time"],
            place=f.cleaned_data["place"],
            agenda_text=f.cleaned_data["agenda"],
        ),
        lambda told: "Réunion mise à jour." + _told(told, ", avec l'invitation mise à jour"),
    )


@login_required
@require_POST
def hold(request, pk: int, meeting_pk: int):
    return _meeting_post(
        request,
        pk,
        meeting_pk,
        "hold",
        lambda m: HoldForm(request.POST, meeting=m, previous=services.previous_held(m)),
        lambda m, f: services.hold_meeting(
            m,
            request.user,
            attendees=f.per_party(),
            presence=f.presence(),
            minutes=f.cleaned_data["minutes"],
            approve_previous=f.cleaned_data.get("approve_previous", False),
        ),
        "Réunion déclarée tenue : présences et compte rendu enregistrés.",
    )


@login_required
@require_POST
def convoke(request, pk: int, meeting_pk: int):
    meeting = _meeting(request, pk, meeting_pk, manage=True)
    run(
        request,
        lambda: convocations.convoke(meeting, request.user),
        lambda n: f"Convocation envoyée à {n} membre{'s' if n > 1 else ''}, avec l'invitation pour leur agenda.",
    )
    return redirect("governance:meeting", pk=pk, meeting_pk=meeting_pk)


@login_required
@require_POST
def cancel(request, pk: int, meeting_pk: int):
    meeting = _meeting(request, pk, meeting_pk, manage=True)
    run(
        request,
        lambda: services.cancel_meeting(meeting, request.user),
        lambda told: "Réunion annulée." + _told(told, ", leur agenda mis à jour"),
    )
    return redirect("governance:meeting", pk=pk, meeting_pk=meeting_pk)


@login_required
@require_POST
def decide(request, pk: int, meeting_pk: int):
    managed_convention(request, pk)  # a decision acts on the plan: a secretary is refused before the form is read
    return _meeting_post(
        request,
        pk,
        meeting_pk,
        "decide",
        lambda m: DecisionForm(request.POST, convention=m.body.convention),
        lambda m, f: services.record_decision(
            m, request.user, **{k: f.cleaned_data[k] for k in ("text", "action", "new_status", "new_due_date")}
        ),
        "Décision enregistrée.",
    )


@login_required
@require_POST
def follow_up(request, pk: int, meeting_pk: int):
    return _meeting_post(
        request,
        pk,
        meeting_pk,
        "follow_up",
        lambda m: FollowUpForm(request.POST, people=people_of(m.body.convention)),
        lambda m, f: services.add_follow_up(m, request.user, **f.cleaned_data),
        "Suite à donner enregistrée.",
    )


@login_required
@require_POST
def follow_up_done(request, pk: int, meeting_pk: int, follow_up_pk: int):
    meeting = _meeting(request, pk, meeting_pk)
    item = get_object_or_404(FollowUp, pk=follow_up_pk, meeting=meeting)
    if item.owner_id != request.user.pk and not can_run(request.user, meeting.body):
        raise PermissionDenied("Seuls son responsable, la coordination et le secrétariat closent une suite à donner.")
    item.meeting = meeting
    run(
        request,
        lambda: services.complete_follow_up(item, request.user),
        lambda _: "Suite à donner close." if item.done_at else "Suite à donner rouverte.",
    )
    return redirect("governance:meeting", pk=pk, meeting_pk=meeting_pk)
