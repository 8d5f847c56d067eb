"""Rules of the bodies' life: who organises meetings, what holding one means, how a decision
acts on the plan. Views call these; every refusal is a DomainError with a French message."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from concorde.conventions import tracking
from concorde.conventions.models import Action, Convention
from concorde.lib.errors import DomainError, NotAllowed

from . import agenda, convocations
from .models import (
    Attendance,
    BodyMember,
    Decision,
    FollowUp,
    GoverningBody,
    Meeting,
    MeetingAttachment,
    SeatAttendance,
)
from .roles import can_run, people_of, require_coordination, require_running

KEEP = object()  # an argument not given: what the body has stays


# « Anne Martin, anne.martin@ville.fr » or « Anne Martin <anne.martin@ville.fr> »: a member and
# the address of their convocations
_MEMBER = re.compile(r"^(?P<name>.*?)[\s,;]*<?(?P<email>[^\s<>,;]+@[^\s<>,;]+?)>?\s*$")


def member_line(line: str) -> tuple[str, str]:
    """A line of a body's members: the name, and the address when one ends the line."""
    found = _MEMBER.match(line.strip())
    if not found:
        if "@" in line:  # meant as an address, and not one
            raise DomainError(f"« {line.strip()} » : l'adresse électronique n'est pas valide.")
        return line.strip()[:200], ""
    email = found["email"]
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(f"« {email} » n'est pas une adresse électronique valide.") from None
    return (found["name"].strip() or email)[:200], email


def update_body(
    body: GoverningBody,
    user,
    *,
    min_meetings_per_year,
    secretariat: str,
    seats: dict[int, str],
    quorum: int | None = None,
    secretariat_party=KEEP,
    secretaries=KEEP,
) -> None:
    """Frequency, quorum, secretariat (its wording, the party that holds it and the people who
    get its tasks) and the members of each party (one per line, with the address of their
    convocations)."""
    require_coordination(user, body.convention)
    parties = {p.pk for p in body.convention.parties.all()}
    if set(seats) - parties:
        raise DomainError("Un membre ne peut siéger que pour une partie de la convention.")
    if secretariat_party is KEEP:
        secretariat_party = body.secretariat_party
    secretaries = list(body.secretaries.all() if secretaries is KEEP else secretaries)
    _check_secretariat(body.convention, secretariat_party, secretaries)
    members = {party_id: [member_line(x) for x in text.splitlines() if x.strip()] for party_id, text in seats.items()}
    if quorum and quorum > sum(len(m) for m in members.values()):
        raise DomainError("Le quorum dépasse le nombre de membres de l'instance.")
    with transaction.atomic():
        body.min_meetings_per_year = min_meetings_per_year
        body.secretariat = secretariat
        body.quorum = quorum
        body.secretariat_party = secretariat_party
        body._history_user = user
        body.save()
        body.secretaries.set(secretaries)
        for party_id, found in members.items():
            # a member who stays keeps their seat (and its attendance); one who leaves is removed,
            # their past attendance keeping their name
            current = {seat.name: seat for seat in body.seats.filter(party_id=party_id)}
            listed = dict(found)
            body.seats.filter(party_id=party_id).exclude(name__in=list(listed)).delete()
            for name, email in listed.items():
                seat = current.get(name)
                if seat is None:
                    BodyMember.objects.create(body=body, party_id=party_id, name=name, email=email)
                elif seat.email != email:
                    seat.email = email
                    seat.save(update_fields=["email"])
        tracking.touch(body.convention_id)  # the portfolio's alerts depend on the bodies


def _check_secretariat(convention: Convention, party, people: list) -> None:
    """The secretariat is held by a party taking part; its people belong to that party's
    organisation (to any party's when the secretariat is shared)."""
    if party is not None and (party.convention_id != convention.pk or not party.takes_part):
        raise DomainError("Le secrétariat est assuré par une partie de la convention.")
    allowed = people_of(convention)
    if party is not None:
        allowed = allowed.filter(memberships__organisation_id=party.organisation_id)
    allowed_ids = set(allowed.filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    outside = [p.get_full_name() or p.username for p in people if p.pk not in allowed_ids]
    if outside:
        holder = f"assuré par {party.label}" if party is not None else "partagé entre les parties"
        verb = "n'en font" if len(outside) > 1 else "n'en fait"
        raise DomainError(f"Le secrétariat {holder} est tenu par ses membres : {', '.join(outside)} {verb} pas partie.")


def last_held(body: GoverningBody) -> Meeting | None:
    return body.meetings.filter(status=Meeting.Status.HELD).order_by("-date").first()


def _within_life(convention: Convention, day: dt.date) -> None:
    """A meeting of the convention's bodies falls within its life: not before it was signed
    (or took effect, or its first year, when that is all that is known), not after its end."""
    start = convention.signed_on or convention.effective_date
    if start and day < start:
        raise DomainError(f"Une réunion ne peut précéder la signature de la convention ({start:%d/%m/%Y}).")
    if not start and convention.period_start_year and day.year < convention.period_start_year:
        raise DomainError(f"Une réunion ne peut précéder la période de la convention ({convention.period_start_year}).")
    if convention.ends_on and day > convention.ends_on:
        raise DomainError(f"La convention prend fin le {convention.ends_on:%d/%m/%Y} : pas de réunion après.")


def schedule_meeting(body: GoverningBody, user, *, date: dt.date, place: str, time: dt.time | None = None) -> Meeting:
    require_running(user, body)
    _within_life(body.convention, date)
    today = timezone.localdate()
    text = agenda.draft(body.convention, today, last_held(body))
    meeting = Meeting(body=body, date=date, time=time, place=place, agenda=text, created_by=user)
    meeting._history_user = user
    meeting.save()
    tracking.touch(body.convention_id)
    return meeting


def update_meeting(
    meeting: Meeting, user, *, date: dt.date, place: str, agenda_text: str, time: dt.time | None = None
) -> int:
    """Change a planned meeting; the members already convened are told of a new date, time or
    place (returns how many)."""
    require_running(user, meeting.body)
    if meeting.status != Meeting.Status.PLANNED:
        raise DomainError("Une réunion tenue ou annulée ne se reprogramme pas : programmer une nouvelle réunion.")
    _within_life(meeting.body.convention, date)
    before = (meeting.date, meeting.time, meeting.place)
    with transaction.atomic():
        meeting.date, meeting.time, meeting.place, meeting.agenda = date, time, place, agenda_text
        meeting._history_user = user
        meeting.save()
        told = convocations.tell_moved(meeting, before)
    tracking.touch(meeting.body.convention_id)
    return told


def previous_held(meeting: Meeting) -> Meeting | None:
    """The body's held meeting before this one: its minutes are approved at this one."""
    return (
        meeting.body.meetings.filter(status=Meeting.Status.HELD, date__lte=meeting.date)
        .exclude(pk=meeting.pk)
        .order_by("-date", "-pk")
        .first()
    )


def hold_meeting(
    meeting: Meeting,
    user,
    *,
    minutes: str,
    attendees: dict[int, str] | None = None,
    presence: dict[int, tuple[str, str]] | None = None,
    approve_previous: bool = False,
) -> None:
    """The meeting took place: who sat (per member of the body, or per party as free text when
    its members are not listed), the minutes, and, when asked, the approval of the previous
    meeting's minutes. Counts for the body's minimum frequency from then on."""
    convention = meeting.body.convention
    require_running(user, meeting.body)
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError("Cette réunion a été annulée.")
    if meeting.date > timezone.localdate():
        raise DomainError("Une réunion ne peut être déclarée tenue qu'à partir de sa date.")
    _within_life(convention, meeting.date)
    attendees, presence = attendees or {}, presence or {}
    parties = {p.pk for p in convention.parties.all()}
    if set(attendees) - parties:
        raise DomainError("La feuille de présence ne porte que sur les parties de la convention.")
    seats = {seat.pk for seat in meeting.body.seats.all()}
    if set(presence) - seats:
        raise DomainError("La feuille de présence ne porte que sur les membres de l'instance.")
    if any(kind == SeatAttendance.Presence.REPRESENTED and not by.strip() for kind, by in presence.values()):
        raise DomainError("Pour un membre représenté, dire par qui.")
    if meeting.minutes_approved_at_id and minutes != meeting.minutes:
        raise DomainError(
            f"Ce compte rendu a été approuvé lors de la réunion du {meeting.minutes_approved_at.date:%d/%m/%Y} : "
            "il ne se modifie plus."
        )
    previous = previous_held(meeting) if approve_previous else None
    if approve_previous and (previous is None or not previous.minutes):
        raise DomainError("Il n'y a pas de compte rendu d'une réunion précédente à approuver.")
    with transaction.atomic():
        for party_id, names in attendees.items():
            Attendance.objects.update_or_create(
                meeting=meeting, party_id=party_id, defaults={"attendees": names.strip()}
            )
        by_seat = {seat.pk: seat for seat in meeting.body.seats.all()}
        for seat_id, (kind, by) in presence.items():
            seat = by_seat[seat_id]
            SeatAttendance.objects.update_or_create(
                meeting=meeting,
                seat=seat,
                defaults={
                    "name": seat.name,
                    "party_id": seat.party_id,
                    "presence": kind,
                    "represented_by": by.strip()[:200] if kind == SeatAttendance.Presence.REPRESENTED else "",
                },
            )
        meeting.status, meeting.minutes = Meeting.Status.HELD, minutes
        meeting._history_user = user
        meeting.save()
        if previous is not None:
            previous.minutes_approved_at = meeting
            previous._history_user = user
            previous.save(update_fields=["minutes_approved_at"])
        tracking.touch(convention.pk)


def attach(meeting: Meeting, user, upload) -> MeetingAttachment:
    """A file joined to the meeting by a coordination or the secretariat (its size checked by the form)."""
    require_running(user, meeting.body)
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError("Cette réunion a été annulée.")
    name = Path(upload.name or "piece-jointe").name[:255]
    item = MeetingAttachment(meeting=meeting, original_name=name, size=upload.size, uploaded_by=user)
    item.file.save(_storable(name), upload, save=False)
    item.save()
    return item


def _storable(name: str) -> str:
    """A file name safe on any disk: letters, digits, dot, dash, underscore."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "piece-jointe"
    return stem[-120:]


def quorum_met(meeting: Meeting) -> bool | None:
    """Whether present or represented members reach the body's quorum: True without one, None
    when nobody's presence was recorded (a meeting noted before its members were listed)."""
    quorum = meeting.body.quorum
    if not quorum:
        return True
    recorded = list(meeting.seat_attendance.values_list("presence", flat=True))
    if not recorded:
        return None
    sitting = [p for p in recorded if p in (SeatAttendance.Presence.PRESENT, SeatAttendance.Presence.REPRESENTED)]
    return len(sitting) >= quorum


def cancel_meeting(meeting: Meeting, user) -> int:
    """Call a planned meeting off; the members already convened are told (returns how many)."""
    require_running(user, meeting.body)
    if meeting.status != Meeting.Status.PLANNED:
        raise DomainError("Seule une réunion programmée peut être annulée.")
    with transaction.atomic():
        meeting.status = Meeting.Status.CANCELLED
        meeting._history_user = user
        meeting.save()
        told = convocations.tell_cancelled(meeting)
    tracking.touch(meeting.body.convention_id)
    return told


def record_decision(
    meeting: Meeting,
    user,
    *,
    text: str,
    action: Action | None = None,
    new_status: str = "",
    new_due_date: dt.date | None = None,
) -> Decision:
    """A decision of a held meeting. An arbitrage on an action is applied to the action at once,
    through the same rule as any tracking edit (its history names the decision's author)."""
    convention = meeting.body.convention
    require_coordination(user, convention)  # a decision acts on the plan: the coordinations' own
    if meeting.status != Meeting.Status.HELD:
        raise DomainError("Les décisions s'enregistrent sur une réunion tenue.")
    if quorum_met(meeting) is False:
        raise DomainError(
            f"Le quorum ({meeting.body.quorum} membres présents ou représentés) n'est pas atteint : "
            "la réunion ne peut décider."
        )
    if action is not None and action.convention_id != convention.pk:
        raise DomainError("Cette action n'appartient pas à la convention.")
    if (new_status or new_due_date) and action is None:
        raise DomainError("Choisir l'action dont la décision change le statut ou l'échéance.")
    with transaction.atomic():
        if action is not None and (new_status or new_due_date):
            values = {k: v for k, v in (("status", new_status), ("due_date", new_due_date)) if v}
            current = Action.objects.select_for_update().get(pk=action.pk)
            tracking.save_tracking(current.pk, current.lock_version, values, user)
        return Decision.objects.create(
            meeting=meeting,
            text=text,
            action=action,
            new_status=new_status,
            new_due_date=new_due_date,
            recorded_by=user,
        )


def add_follow_up(meeting: Meeting, user, *, title: str, owner, due_date: dt.date) -> FollowUp:
    convention = meeting.body.convention
    require_running(user, meeting.body)
    if not people_of(convention).filter(pk=owner.pk).exists():
        raise DomainError("Le responsable d'une suite à donner est membre d'une des parties.")
    return FollowUp.objects.create(meeting=meeting, title=title, owner=owner, due_date=due_date)


def complete_follow_up(follow_up: FollowUp, user) -> None:
    if follow_up.owner_id != user.pk and not can_run(user, follow_up.meeting.body):
        raise NotAllowed("Seuls son responsable, la coordination et le secrétariat closent une suite à donner.")
    follow_up.done_at = None if follow_up.done_at else timezone.now()
    follow_up.save(update_fields=["done_at"])
