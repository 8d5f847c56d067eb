"""Downloads of the governance documents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from concorde.conventions.access import child_of, readable_convention
from concorde.governance.models import Evaluation, Meeting

from . import copil, evaluation
from .documents import CONTENT_TYPES


def _download(body: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def copil_dossier(request, pk: int, fmt: str):
    """The dossier of the comité de pilotage, for any reader of the convention."""
    convention = readable_convention(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Format inconnu : pdf, docx ou odt.")
    today = timezone.localdate()
    return _download(copil.build(convention, today, fmt), fmt, f"dossier-copil-{convention.pk}-{today:%Y-%m-%d}")


@login_required
def meeting_dossier(request, pk: int, meeting_pk: int, fmt: str):
    """The dossier of one meeting of a body: its agenda, attendees, the previous meeting's
    decisions and follow-ups, then the convention's state."""
    convention = readable_convention(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Format inconnu : pdf, docx ou odt.")
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=meeting_pk, body__convention=convention)
    meeting.body.convention = convention
    today = timezone.localdate()
    name = f"dossier-{meeting.body.kind}-{meeting.date:%Y-%m-%d}-{convention.pk}"
    return _download(copil.build_for_meeting(meeting, today, fmt), fmt, name)


@login_required
def evaluation_report(request, pk: int, evaluation_pk: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404("Format inconnu : pdf, docx ou odt.")
    item = child_of(request, pk, Evaluation, evaluation_pk)
    return _download(evaluation.build(item, timezone.localdate(), fmt), fmt, f"evaluation-{pk}-{item.pk}")
