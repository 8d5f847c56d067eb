"""Convocations: the e-mail and calendar invitation to a meeting, then the update when a
convened meeting moves and the cancellation when it is called off, so that the members'
calendars follow (RFC 5546: same UID, a higher SEQUENCE)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from concorde.lib.errors import DomainError

from . import ics
from .deadlines import display_name
from .models import Meeting
from .roles import require_running


def _when(meeting: Meeting) -> str:
    return f"{meeting.date:%d/%m/%Y}" + (f" à {meeting.time:%H:%M}" if meeting.time else "")


def _addressed(meeting: Meeting) -> list:
    return [seat for seat in meeting.body.seats.select_related("party") if seat.email]


def _send(meeting: Meeting, seats, subject: str, text: str, method: str) -> None:
    """One message per member, with the invitation; sent once the change is committed."""
    invitation = ics.invitation(meeting, seats, settings.CONCORDE_BASE_URL, method=method)
    messages = []
    for seat in seats:
        message = EmailMessage(subject, text, None, [seat.email])
        message.attach("invitation.ics", invitation, f"text/calendar; method={method}; charset=utf-8")
        messages.append(message)
    transaction.on_commit(lambda: get_connection(fail_silently=True).send_messages(messages))


def convoke(meeting: Meeting, user) -> int:
    """E-mail the convocation, with its calendar invitation, to each member of the body who has
    an address; returns how many were convened."""
    require_running(user, meeting.body)
    if meeting.status != Meeting.Status.PLANNED or meeting.date < timezone.localdate():
        raise DomainError("On convoque à une réunion programmée et à venir.")
    seats = _addressed(meeting)
    if not seats:
        raise DomainError(
            "Aucun membre de l'instance n'a d'adresse de convocation : les renseigner sur la page des instances."
        )
    convention = meeting.body.convention
    text = (
        f"Vous êtes convoqué(e) à la réunion : {display_name(meeting.body)}, convention « {convention.title} », "
        f"le {_when(meeting)}{', ' + meeting.place if meeting.place else ''}.\n\nOrdre du jour :\n{meeting.agenda}\n"
    )
    with transaction.atomic():
        meeting.convened_at = timezone.now()
        meeting.convocation_sequence += 1
        meeting._history_user = user
        meeting.save(update_fields=["convened_at", "convocation_sequence"])
        _send(meeting, seats, f"Convocation — {meeting.body} du {_when(meeting)}", text, "REQUEST")
    return len(seats)


def tell_moved(meeting: Meeting, before: tuple) -> int:
    """After a convened meeting's date, time or place changed (`before` is what they were):
    the members are told, and their calendars move the event. Called within the change's
    transaction; returns how many were told."""
    if not meeting.convened_at or before == (meeting.date, meeting.time, meeting.place):
        return 0
    seats = _addressed(meeting)
    meeting.convocation_sequence += 1
    meeting.save(update_fields=["convocation_sequence"])
    if seats:
        was_date, was_time, was_place = before
        was = (
            f"{was_date:%d/%m/%Y}"
            + (f" à {was_time:%H:%M}" if was_time else "")
            + (f", {was_place}" if was_place else "")
        )
        text = (
            f"La réunion « {display_name(meeting.body)} » de la convention « {meeting.body.convention.title} », "
            f"prévue le {was}, est déplacée au {_when(meeting)}{', ' + meeting.place if meeting.place else ''}.\n\n"
            f"Ordre du jour :\n{meeting.agenda}\n"
        )
        _send(meeting, seats, f"Modification — {meeting.body} du {_when(meeting)}", text, "REQUEST")
    return len(seats)


def tell_cancelled(meeting: Meeting) -> int:
    """After a convened meeting was cancelled: the members are told, and their calendars drop it."""
    if not meeting.convened_at:
        return 0
    seats = _addressed(meeting)
    meeting.convocation_sequence += 1
    meeting.save(update_fields=["convocation_sequence"])
    if seats:
        text = (
            f"La réunion « {display_name(meeting.body)} » de la convention « {meeting.body.convention.title} », "
            f"prévue le {_when(meeting)}, est annulée.\n"
        )
        _send(meeting, seats, f"Annulation — {meeting.body} du {_when(meeting)}", text, "CANCEL")
    return len(seats)
