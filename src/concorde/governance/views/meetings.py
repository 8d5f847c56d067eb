"""Pages of the bodies and their meetings: thin views over `services`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concorde.conventions.access import managed_convention, readable_convention
from concorde.lib.views import apply_form, run

from .. import services
from ..deadlines import bodies_with_meetings
from ..forms.meetings import BodyForm, DecisionForm, FollowUpForm, HoldForm, MeetingForm, ScheduleForm
from ..models import FollowUp, GoverningBody, Meeting


def _meeting(request, pk: int, meeting_pk: int, manage: bool = False) -> Meeting:
    convention = (managed_convention if manage else readable_convention)(request, pk)
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=meeting_pk, body__convention=convention)
    meeting.body.convention = convention
    return meeting


@login_required
def bodies_page(request, pk: int):
    convention = readable_convention(request, pk)
    manage = services.can_manage(request.user, convention)
    parties = list(convention.parties.all())
    bodies = list(bodies_with_meetings().filter(convention=convention).prefetch_related("seats__party"))
    meetings = Meeting.objects.filter(body__convention=convention).select_related("body")
    return render(
        request,
        "governance/bodies.html",
        {
            "convention": convention,
            "bodies": bodies,
            "meetings": meetings,
            "manage": manage,
            "today": timezone.localdate(),
            "body_forms": {b.pk: BodyForm(instance=b, parties=parties, prefix=f"instance{b.pk}") for b in bodies}
            if manage
            else {},
            "schedule_form": ScheduleForm(convention=convention) if manage and bodies else None,
        },
    )


@login_required
@require_POST
def edit_body(request, pk: int, body_pk: int):
    convention = managed_convention(request, pk)
    body = get_object_or_404(GoverningBody, pk=body_pk, convention=convention)
    form = BodyForm(request.POST, instance=body, parties=convention.parties.all(), prefix=f"instance{body.pk}")
    apply_form(
        request,
        form,
        lambda f: services.update_body(
            body,
            request.user,
            min_meetings_per_year=f.cleaned_data["min_meetings_per_year"],
            secretariat=f.cleaned_data["secretariat"],
            seats=f.per_party(),
        ),
        "Instance enregistrée.",
    )
    return redirect("governance:bodies", pk=pk)


@login_required
@require_POST
def schedule(request, pk: int):
    convention = managed_convention(request, pk)
    form = ScheduleForm(request.POST, convention=convention)
    created = []
    if apply_form(
        request,
        form,
        lambda f: created.append(
            services.schedule_meeting(
                f.cleaned_data["body"], request.user, date=f.cleaned_data["date"], place=f.cleaned_data["place"]
            )
        ),
        "Réunion programmée : son ordre du jour est tiré du tableau de bord, à compléter.",
    ):
        return redirect("governance:meeting", pk=pk, meeting_pk=created[0].pk)
    return redirect("governance:bodies", pk=pk)


@login_required
def meeting_page(request, pk: int, meeting_pk: int):
    meeting = _meeting(request, pk, meeting_pk)
    convention = meeting.body.convention
    manage = services.can_manage(request.user, convention)
    planned, held = meeting.status == Meeting.Status.PLANNED, meeting.status == Meeting.Status.HELD
    return render(
        request,
        "governance/meeting.html",
        {
            "convention": convention,
            "meeting": meeting,
            "manage": manage,
            "today": timezone.localdate(),
            "attendance": meeting.attendance.select_related("party"),
            "decisions": meeting.decisions.select_related("action"),
            "follow_ups": meeting.follow_ups.select_related("owner"),
            "edit_form": MeetingForm(instance=meeting) if manage and planned else None,
            "hold_form": HoldForm(meeting=meeting) if manage and meeting.status != Meeting.Status.CANCELLED else None,
            "decision_form": DecisionForm(convention=convention) if manage and held else None,
            "follow_up_form": FollowUpForm(people=services.people_of(convention)) if manage and held else None,
        },
    )


def _meeting_post(request, pk, meeting_pk, build, apply, done):
    meeting = _meeting(request, pk, meeting_pk, manage=True)
    apply_form(request, build(meeting), lambda f: apply(meeting, f), done)
    return redirect("governance:meeting", pk=pk, meeting_pk=meeting_pk)


@login_required
@require_POST
def edit_meeting(request, pk: int, meeting_pk: int):
    return _meeting_post(
        request,
        pk,
        meeting_pk,
        lambda m: MeetingForm(request.POST, instance=m),
        lambda m, f: services.update_meeting(
            m,
            request.user,
            date=f.cleaned_data["date"],
            place=f.cleaned_data["place"],
            agenda_text=f.cleaned_data["agenda"],
        ),
        "Réunion mise à jour.",
    )


@login_required
@require_POST
def hold(request, pk: int, meeting_pk: int):
    return _meeting_post(
        request,
        pk,
        meeting_pk,
        lambda m: HoldForm(request.POST, meeting=m),
        lambda m, f: services.hold_meeting(m, request.user, attendees=f.per_party(), minutes=f.cleaned_data["minutes"]),
        "Réunion déclarée tenue : présences et compte rendu enregistrés.",
    )


@login_required
@require_POST
def cancel(request, pk: int, meeting_pk: int):
    meeting = _meeting(request, pk, meeting_pk, manage=True)
    run(request, lambda: services.cancel_meeting(meeting, request.user), "Réunion annulée.")
    return redirect("governance:meeting", pk=pk, meeting_pk=meeting_pk)


@login_required
@require_POST
def decide(request, pk: int, meeting_pk: int):
    return _meeting_post(
        request,
        pk,
        meeting_pk,
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
        lambda m: FollowUpForm(request.POST, people=services.people_of(m.body.convention)),
        lambda m, f: services.add_follow_up(m, request.user, **f.cleaned_data),
        "Suite à donner enregistrée.",
    )


@login_required
@require_POST
def follow_up_done(request, pk: int, meeting_pk: int, follow_up_pk: int):
    meeting = _meeting(request, pk, meeting_pk)
    item = get_object_or_404(FollowUp, pk=follow_up_pk, meeting=meeting)
    if item.owner_id != request.user.pk and not services.can_manage(request.user, meeting.body.convention):
        raise PermissionDenied("Seul son responsable ou la coordination clôt une suite à donner.")
    item.meeting = meeting
    run(
        request,
        lambda: services.complete_follow_up(item, request.user),
        lambda _: "Suite à donner close." if item.done_at else "Suite à donner rouverte.",
    )
    return redirect("governance:meeting", pk=pk, meeting_pk=meeting_pk)
