"""Calendar feeds of the conventions' deadlines: one per convention (behind the login), one
per person (a secret address, since calendar applications cannot log in)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from concorde.conventions import policy
from concorde.conventions.models import Convention

from .. import calendar, ics
from ..deadlines import deadlines_of, followed_by, open_follow_ups
from ..feeds import user_of_token


def _calendar_response(request, name: str, conventions, follow_ups=()) -> HttpResponse:
    today = timezone.localdate()
    events = []
    for c in conventions:
        link = request.build_absolute_uri(reverse("conventions:convention", args=[c.pk]))
        events += [(str(c.pk), c.title, d, link) for d in deadlines_of(c, today)]
    for f in follow_ups:
        convention = f.meeting.body.convention
        link = request.build_absolute_uri(reverse("governance:meeting", args=[convention.pk, f.meeting_id]))
        events.append(
            (f"suite-{f.pk}", convention.title, calendar.follow_up_deadline(f.title, f.due_date, today), link)
        )
    body = ics.feed(name, events, request.get_host().split(":")[0], timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="echeances.ics"'
    return response


@login_required
def convention_calendar(request, pk: int):
    convention = get_object_or_404(Convention, pk=pk)
    if not policy.can_view(request.user, convention):
        raise Http404("Convention introuvable")
    return _calendar_response(request, f"Échéances — {convention.title}", [convention])


def personal_calendar(request, token: str):
    user = user_of_token(token)
    if user is None:
        raise Http404("Adresse de calendrier inconnue ou révoquée")
    return _calendar_response(request, "Mes échéances — Concorde", followed_by(user), open_follow_ups(user))
