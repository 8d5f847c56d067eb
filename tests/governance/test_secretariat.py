"""The joint secretariat of a body: a party and named people, who get its tasks (convene, draft
the minutes, schedule a meeting the frequency calls for) and keep the body's meetings — but do
not decide for the parties. Convened members hear when their meeting moves or is called off,
and their calendars follow."""

import datetime as dt
import html

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from icalendar import Calendar

from concorde.governance import convocations, reminders, services
from concorde.governance.models import GoverningBody, Meeting
from concorde.lib.errors import DomainError, NotAllowed
from tests import factories
from tests.conftest import MONTCLAIR, PARIS, client_for, party
from tests.governance.conftest import TODAY


def _commit():
    """Run what waits for the commit (the test runs inside one transaction)."""
    for _, callback, _ in connection.run_on_commit:
        callback()
    connection.run_on_commit.clear()


@pytest.fixture
def live(convention, people):
    for user in people.values():
        user.email = f"{user.username}@example.org"
        user.save()
    return factories.in_force_since(convention, 426)


@pytest.fixture
def copil(live, people):
    body = live.bodies.get(kind=GoverningBody.Kind.STEERING)
    services.update_body(
        body,
        people["paris_coord"],
        min_meetings_per_year=2,
        secretariat="Assuré par la direction de l'attractivité",
        secretariat_party=party(live, PARIS),
        secretaries=[people["paris_pilot"]],
        seats={
            party(live, PARIS).pk: "Anne Martin, anne.martin@paris.example",
            party(live, MONTCLAIR).pk: "Inès Robert, ines.robert@montclair.example",
        },
    )
    _commit()  # the alerts of the convention's coming into force
    mail.outbox.clear()
    return body


def _items(user, day=TODAY):
    """The secretariat tasks of the comité de pilotage the user is reminded of."""
    return [
        i for i in reminders.collect(day).get(user, []) if i.kind == "secretariat" and "Comité de pilotage" in i.text
    ]


def test_the_secretariat_is_a_party_and_people_of_that_party(copil, people, live):
    assert copil.secretariat_party == party(live, PARIS)
    assert list(copil.secretaries.all()) == [people["paris_pilot"]]
    page = client_for(people["montclair_coord"]).get(reverse("governance:bodies", args=[live.pk])).content.decode()
    assert "assuré par" in page and "paris_pilot" in page
    # someone of Montclair cannot be Paris's secretariat, nor someone of no party at all
    for outsider in (people["montclair_pilot"], people["outsider"]):
        with pytest.raises(DomainError, match="est tenu par ses membres"):
            services.update_body(
                copil,
                people["paris_coord"],
                min_meetings_per_year=2,
                secretariat="",
                secretariat_party=party(live, PARIS),
                secretaries=[outsider],
                seats={},
            )
    assert list(copil.secretaries.all()) == [people["paris_pilot"]]  # a refused change leaves it as it was
    # shared between the parties, a member of either may hold it
    services.update_body(
        copil,
        people["montclair_coord"],
        min_meetings_per_year=2,
        secretariat="",
        secretariat_party=None,
        secretaries=[people["paris_pilot"], people["montclair_pilot"]],
        seats={},
    )
    assert copil.secretaries.count() == 2


def test_the_form_of_the_body_names_the_secretariat(live, people):
    body = live.bodies.get(kind=GoverningBody.Kind.STEERING)
    client = client_for(people["paris_coord"])
    prefix = f"instance{body.pk}"
    response = client.post(
        reverse("governance:edit-body", args=[live.pk, body.pk]),
        {
            f"{prefix}-min_meetings_per_year": "2",
            f"{prefix}-secretariat": "",
            f"{prefix}-secretariat_party": str(party(live, MONTCLAIR).pk),
            f"{prefix}-secretaries": [str(people["montclair_pilot"].pk)],
        },
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.secretariat_party == party(live, MONTCLAIR)
    assert list(body.secretaries.all()) == [people["montclair_pilot"]]


def test_a_secretary_runs_the_meetings_but_does_not_decide(copil, people, live):
    secretary = client_for(people["paris_pilot"])
    response = secretary.post(
        reverse("governance:schedule-meeting", args=[live.pk]),
        {"body": copil.pk, "date": (TODAY + dt.timedelta(days=20)).isoformat(), "time": "10:00", "place": "Salle A"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=copil)
    assert secretary.post(reverse("governance:convoke-meeting", args=[live.pk, meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.convened_at is not None
    # the technical committee has no secretariat named: its meetings stay the coordinations'
    technical = live.bodies.get(kind=GoverningBody.Kind.TECHNICAL)
    with pytest.raises(NotAllowed):
        services.schedule_meeting(technical, people["paris_pilot"], date=TODAY, place="")
    # another pilot, not named, keeps nothing
    response = client_for(people["montclair_pilot"]).post(
        reverse("governance:convoke-meeting", args=[live.pk, meeting.pk])
    )
    assert response.status_code == 403
    held = factories.meeting(copil, TODAY - dt.timedelta(days=2), by=people["paris_coord"])
    with pytest.raises(NotAllowed, match="coordination"):
        services.record_decision(held, people["paris_pilot"], text="Adopter le plan")
    page = secretary.get(reverse("governance:meeting", args=[live.pk, held.pk])).content.decode()
    assert "Ajouter une suite à donner" in page and "Enregistrer une décision" not in page


@pytest.mark.parametrize("leaves", ["to_the_other_party", "for_good"])
def test_a_secretary_who_left_the_party_loses_the_secretariat(copil, people, live, leaves):
    secretary = people["paris_pilot"]
    factories.meeting(copil, TODAY - dt.timedelta(days=1), status=Meeting.Status.HELD, by=people["paris_coord"])
    assert _items(secretary) and not _items(people["paris_coord"])
    if leaves == "for_good":
        secretary.is_active = False
        secretary.save()
    else:
        montclair = people["montclair_pilot"].memberships.get().organisation
        membership = secretary.memberships.get()
        membership.organisation = montclair
        membership.save()
    with pytest.raises(NotAllowed):
        services.schedule_meeting(copil, secretary, date=TODAY, place="")
    # its tasks go back to the coordination of the party that holds it
    assert not _items(secretary)
    assert _items(people["paris_coord"]) and not _items(people["montclair_coord"])
    page = client_for(people["paris_coord"]).get(reverse("governance:bodies", args=[live.pk])).content.decode()
    assert "paris_pilot" not in page.split("Modifier l")[0]  # no longer shown as its secretary


def test_a_secretary_keeps_only_the_meetings_of_their_body_and_never_the_body_itself(copil, people, live):
    secretary = client_for(people["paris_pilot"])
    technical = live.bodies.get(kind=GoverningBody.Kind.TECHNICAL)
    other = factories.meeting(technical, TODAY + dt.timedelta(days=5), status=Meeting.Status.PLANNED)
    assert secretary.post(reverse("governance:cancel-meeting", args=[live.pk, other.pk])).status_code == 403
    response = secretary.post(
        reverse("governance:schedule-meeting", args=[live.pk]), {"body": technical.pk, "date": TODAY.isoformat()}
    )
    assert response.status_code == 400 and not technical.meetings.exclude(pk=other.pk).exists()
    edit = reverse("governance:edit-body", args=[live.pk, copil.pk])
    assert secretary.post(edit, {f"instance{copil.pk}-quorum": "1"}).status_code == 403
    held = factories.meeting(copil, TODAY - dt.timedelta(days=2), by=people["paris_coord"])
    response = secretary.post(reverse("governance:decide", args=[live.pk, held.pk]), {"text": "Adopter le plan"})
    assert response.status_code == 403 and not held.decisions.exists()
    assert "Enregistrer une décision" not in response.content.decode()


def test_the_secretariat_is_held_by_a_party_taking_part(copil, people, live, paris_draft):
    from concorde.conventions.models import Party

    montclair = party(live, MONTCLAIR)
    Party.objects.filter(pk=montclair.pk).update(consent=Party.Consent.PENDING)
    montclair.refresh_from_db()
    for holder in (montclair, paris_draft.parties.first()):
        with pytest.raises(DomainError, match="assuré par une partie de la convention"):
            services.update_body(
                copil,
                people["paris_coord"],
                min_meetings_per_year=2,
                secretariat="",
                secretariat_party=holder,
                seats={},
            )
    # a change of frequency leaves the secretariat as it was
    services.update_body(copil, people["paris_coord"], min_meetings_per_year=3, secretariat="", seats={})
    assert copil.secretariat_party == party(live, PARIS) and list(copil.secretaries.all()) == [people["paris_pilot"]]


def test_the_secretariat_gets_its_tasks(copil, people, live):
    coming = services.schedule_meeting(copil, people["paris_coord"], date=TODAY + dt.timedelta(days=10), place="")
    held = factories.meeting(copil, TODAY - dt.timedelta(days=20), status=Meeting.Status.HELD, by=people["paris_coord"])
    Meeting.objects.filter(pk=held.pk).update(minutes="")
    texts = [i.text for i in _items(people["paris_pilot"])]
    assert any("convoquer les membres" in t for t in texts)
    assert any("rédiger le compte rendu" in t for t in texts)
    # the secretariat's tasks are the secretary's, not the coordinations'
    assert not _items(people["paris_coord"]) and not _items(people["montclair_coord"])
    # convened, the first is done; the minutes written, the second
    convocations.convoke(coming, people["paris_pilot"])
    Meeting.objects.filter(pk=held.pk).update(minutes="Compte rendu.")
    assert _items(people["paris_pilot"]) == []
    # a meeting whose day has passed is to be declared held or cancelled
    Meeting.objects.filter(pk=coming.pk).update(date=TODAY - dt.timedelta(days=1))
    assert ["la déclarer tenue" in i.text for i in _items(people["paris_pilot"])] == [True]


def test_a_body_due_to_meet_is_to_be_scheduled_by_its_secretariat(copil, people, live):
    # the convention took effect 426 days ago; no meeting held: two a year were due long ago
    texts = [i.text for i in _items(people["paris_pilot"])]
    assert any("programmer une réunion" in t and "Comité de pilotage" in t for t in texts)
    reminders.send(TODAY)
    assert any("programmer une réunion" in m.body for m in mail.outbox if m.to == ["paris_pilot@example.org"])
    # recalled the next week, while it stays undone
    mail.outbox.clear()
    reminders.send(TODAY + dt.timedelta(days=3))
    assert not any("programmer" in m.body for m in mail.outbox)
    reminders.send(TODAY + dt.timedelta(days=8))
    assert any("programmer une réunion" in m.body for m in mail.outbox)


def _invitation(message):
    _name, content, kind = message.attachments[0]
    calendar = Calendar.from_ical(content)
    return kind, calendar["METHOD"], next(iter(calendar.walk("VEVENT")))


def test_a_convened_meeting_moved_or_cancelled_updates_the_members_calendars(copil, people, live):
    meeting = services.schedule_meeting(
        copil, people["paris_coord"], date=TODAY + dt.timedelta(days=10), time=dt.time(14), place="Salle A"
    )
    # moved before anyone was convened: nobody is told
    assert (
        services.update_meeting(meeting, people["paris_coord"], date=meeting.date, place="Salle B", agenda_text="") == 0
    )
    convocations.convoke(meeting, people["paris_coord"])
    _commit()
    _, method, first = _invitation(mail.outbox[0])
    mail.outbox.clear()

    client = client_for(people["paris_coord"])
    later = TODAY + dt.timedelta(days=12)
    response = client.post(
        reverse("governance:edit-meeting", args=[live.pk, meeting.pk]),
        {"date": later.isoformat(), "time": "09:30", "place": "Salle C", "agenda": "1. Bilan"},
        follow=True,
    )
    assert "2 membres convoqués ont été prévenus" in html.unescape(response.content.decode())
    _commit()
    assert sorted(m.to[0] for m in mail.outbox) == ["anne.martin@paris.example", "ines.robert@montclair.example"]
    message = mail.outbox[0]
    kind, method, moved = _invitation(message)
    assert "Modification" in message.subject and "Salle B" in message.body and "Salle C" in message.body
    assert method == "REQUEST" and moved["UID"] == first["UID"] and moved["SEQUENCE"] > first["SEQUENCE"]
    assert moved.decoded("DTSTART").replace(tzinfo=None) == dt.datetime.combine(later, dt.time(9, 30))
    mail.outbox.clear()

    # the agenda alone changed: nobody is disturbed
    meeting.refresh_from_db()
    services.update_meeting(
        meeting,
        people["paris_coord"],
        date=later,
        time=dt.time(9, 30),
        place="Salle C",
        agenda_text="1. Bilan\n2. Budget",
    )
    _commit()
    assert mail.outbox == []

    response = client.post(reverse("governance:cancel-meeting", args=[live.pk, meeting.pk]), follow=True)
    assert "Réunion annulée. 2 membres convoqués ont été prévenus" in html.unescape(response.content.decode())
    _commit()
    kind, method, cancelled = _invitation(mail.outbox[0])
    assert "Annulation" in mail.outbox[0].subject and kind.startswith("text/calendar; method=CANCEL")
    assert method == "CANCEL" and cancelled["STATUS"] == "CANCELLED" and cancelled["UID"] == first["UID"]
    assert all("RSVP" not in a.params for a in cancelled.get("ATTENDEE"))  # a cancellation asks for no reply
    assert cancelled["SEQUENCE"] > moved["SEQUENCE"]
