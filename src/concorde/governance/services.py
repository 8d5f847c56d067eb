"""Rules of the bodies' life: who organises meetings, what holding one means, how a decision
acts on the plan. Views call these; every refusal is a DomainError with a French message."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from concorde.conventions import policy, tracking
from concorde.conventions.models import TAKING_PART, Action, Convention
from concorde.lib.errors import DomainError, NotAllowed

from . import agenda
from .models import Attendance, BodyMember, Decision, FollowUp, GoverningBody, Meeting


def can_manage(user, convention: Convention) -> bool:
    """The coordination of either party organises the bodies' meetings of a validated plan."""
    return not convention.is_draft and bool(policy.coordinated_parties(user, convention))


def _require(user, convention: Convention) -> None:
    if not can_manage(user, convention):
        raise NotAllowed("Seule la coordination d'une des parties organise les instances de la convention.")


def update_body(body: GoverningBody, user, *, min_meetings_per_year, secretariat: str, seats: dict[int, str]) -> None:
    """Frequency, secretariat and the members of each party (one name per line)."""
    _require(user, body.convention)
    parties = {p.pk for p in body.convention.parties.all()}
    if set(seats) - parties:
        raise DomainError("Un membre ne peut siéger que pour une partie de la convention.")
    with transaction.atomic():
        body.min_meetings_per_year = min_meetings_per_year
        body.secretariat = secretariat
        body._history_user = user
        body.save()
        for party_id, text in seats.items():
            body.seats.filter(party_id=party_id).delete()
            BodyMember.objects.bulk_create(
                BodyMember(body=body, party_id=party_id, name=name.strip()[:200])
                for name in text.splitlines()
                if name.strip()
            )
        tracking.touch(body.convention_id)  # the portfolio's alerts depend on the bodies


def last_held(body: GoverningBody) -> Meeting | None:
    return body.meetings.filter(status=Meeting.Status.HELD).order_by("-date").first()


def schedule_meeting(body: GoverningBody, user, *, date: dt.date, place: str) -> Meeting:
    _require(user, body.convention)
    today = timezone.localdate()
    text = agenda.draft(body.convention, today, last_held(body))
    meeting = Meeting(body=body, date=date, place=place, agenda=text, created_by=user)
    meeting._history_user = user
    meeting.save()
    tracking.touch(body.convention_id)
    return meeting


def update_meeting(meeting: Meeting, user, *, date: dt.date, place: str, agenda_text: str) -> None:
    _require(user, meeting.body.convention)
    if meeting.status != Meeting.Status.PLANNED:
        raise DomainError("Une réunion tenue ou annulée ne se reprogramme pas : programmer une nouvelle réunion.")
    meeting.date, meeting.place, meeting.agenda = date, place, agenda_text
    meeting._history_user = user
    meeting.save()
    tracking.touch(meeting.body.convention_id)


def hold_meeting(meeting: Meeting, user, *, attendees: dict[int, str], minutes: str) -> None:
    """The meeting took place: who sat for each party, and the minutes. Counts for the body's
    minimum frequency from then on."""
    convention = meeting.body.convention
    _require(user, convention)
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError("Cette réunion a été annulée.")
    if meeting.date > timezone.localdate():
        raise DomainError("Une réunion ne peut être déclarée tenue qu'à partir de sa date.")
    parties = {p.pk for p in convention.parties.all()}
    if set(attendees) - parties:
        raise DomainError("La feuille de présence ne porte que sur les parties de la convention.")
    with transaction.atomic():
        for party_id, names in attendees.items():
            Attendance.objects.update_or_create(
                meeting=meeting, party_id=party_id, defaults={"attendees": names.strip()}
            )
        meeting.status, meeting.minutes = Meeting.Status.HELD, minutes
        meeting._history_user = user
        meeting.save()
        tracking.touch(convention.pk)


def cancel_meeting(meeting: Meeting, user) -> None:
    _require(user, meeting.body.convention)
    if meeting.status != Meeting.Status.PLANNED:
        raise DomainError("Seule une réunion programmée peut être annulée.")
    meeting.status = Meeting.Status.CANCELLED
    meeting._history_user = user
    meeting.save()
    tracking.touch(meeting.body.convention_id)


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
    _require(user, convention)
    if meeting.status != Meeting.Status.HELD:
        raise DomainError("Les décisions s'enregistrent sur une réunion tenue.")
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


def people_of(convention: Convention):
    """Who can be given a follow-up task: the members of the organisations that take part."""
    orgs = convention.parties.filter(consent__in=TAKING_PART).values_list("organisation_id", flat=True)
    return (
        get_user_model()
        .objects.filter(memberships__organisation_id__in=orgs, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def add_follow_up(meeting: Meeting, user, *, title: str, owner, due_date: dt.date) -> FollowUp:
    convention = meeting.body.convention
    _require(user, convention)
    if not people_of(convention).filter(pk=owner.pk).exists():
        raise DomainError("Le responsable d'une suite à donner est membre d'une des parties.")
    return FollowUp.objects.create(meeting=meeting, title=title, owner=owner, due_date=due_date)


def complete_follow_up(follow_up: FollowUp, user) -> None:
    convention = follow_up.meeting.body.convention
    if follow_up.owner_id != user.pk and not can_manage(user, convention):
        raise NotAllowed("Seul son responsable ou la coordination clôt une suite à donner.")
    follow_up.done_at = None if follow_up.done_at else timezone.now()
    follow_up.save(update_fields=["done_at"])
