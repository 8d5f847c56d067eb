"""A body's meetings over a year, as its secretariat runs them: dated within the convention's
life, at a time and a place; members convened by e-mail with a calendar invitation; attendance
per member and the quorum; minutes approved at the next meeting; an agenda that carries the
previous meeting's open follow-ups and the bodies behind on their frequency."""

import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from concorde.governance import services
from concorde.governance.models import GoverningBody, Meeting, SeatAttendance
from concorde.lib.errors import DomainError
from tests import factories
from tests.conftest import MONTCLAIR, PARIS, client_for, party
from tests.governance.conftest import TODAY


@pytest.fixture
def copil(convention, people):
    convention.signed_on = TODAY - dt.timedelta(days=430)
    convention.effective_date = TODAY - dt.timedelta(days=426)
    convention.save(update_fields=["signed_on", "effective_date"])
    body = convention.bodies.get(kind=GoverningBody.Kind.STEERING)
    services.update_body(
        body,
        people["paris_coord"],
        min_meetings_per_year=2,
        quorum=2,
        secretariat="Direction de l'attractivité",
        seats={
            party(convention, PARIS).pk: "Anne Martin, anne.martin@paris.example\nPaul Durand",
            party(convention, MONTCLAIR).pk: "Inès Robert <ines.robert@montclair.example>",
        },
    )
    return body


def _page(client, url):
    """The page's text, tags taken off (a link inside a sentence leaves it whole)."""
    return html.unescape(re.sub(r"<[^>]+>", "", client.get(url).content.decode()))


def test_members_are_listed_with_the_address_of_their_convocations(copil, people, convention):
    assert [(s.name, s.email) for s in copil.seats.order_by("name")] == [
        ("Anne Martin", "anne.martin@paris.example"),
        ("Inès Robert", "ines.robert@montclair.example"),
        ("Paul Durand", ""),
    ]
    with pytest.raises(DomainError, match="adresse électronique n'est pas valide"):
        services.update_body(
            copil,
            people["paris_coord"],
            min_meetings_per_year=2,
            secretariat="",
            seats={party(convention, PARIS).pk: "Anne, anne@"},
        )
    with pytest.raises(DomainError, match="quorum dépasse"):
        services.update_body(copil, people["paris_coord"], min_meetings_per_year=2, secretariat="", quorum=9, seats={})
    assert copil.seats.count() == 3  # a refused change leaves the body as it was


@pytest.mark.parametrize(
    "day, refusal",
    [
        (dt.date(1990, 1, 1), "ne peut précéder la signature"),
        (TODAY - dt.timedelta(days=431), "ne peut précéder la signature"),
        (TODAY + dt.timedelta(days=365 * 10), "pas de réunion après"),
    ],
)
def test_a_meeting_falls_within_the_convention_s_life(copil, people, convention, day, refusal):
    from concorde.governance import legal

    legal.refresh(convention)  # its end, 4 years and a 2-year renewal after its effect
    client = client_for(people["paris_coord"])
    response = client.post(
        reverse("governance:schedule-meeting", args=[convention.pk]),
        {"body": copil.pk, "date": day.isoformat(), "time": "14:30", "place": "Salle des fêtes"},
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and refusal in page
    assert 'value="Salle des fêtes"' in page and not Meeting.objects.exists()  # typed, kept; nothing made


def test_convocations_carry_a_calendar_invitation_to_each_member_with_an_address(copil, people, convention):
    meeting = services.schedule_meeting(
        copil, people["paris_coord"], date=TODAY + dt.timedelta(days=10), time=dt.time(14, 30), place="Hôtel de Ville"
    )
    client = client_for(people["paris_coord"])
    response = client.post(reverse("governance:convoke-meeting", args=[convention.pk, meeting.pk]))
    assert response.status_code == 302
    # sent once the record is committed: the test client runs in one transaction
    from django.db import connection

    for _, callback, _ in connection.run_on_commit:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["anne.martin@paris.example", "ines.robert@montclair.example"]
    message = mail.outbox[0]
    assert "Convocation" in message.subject and "14:30" in message.subject
    name, content, kind = message.attachments[0]
    assert name == "invitation.ics" and kind.startswith("text/calendar; method=REQUEST")
    event = next(c for c in Calendar.from_ical(content).walk("VEVENT"))
    assert Calendar.from_ical(content)["METHOD"] == "REQUEST"
    assert event["LOCATION"] == "Hôtel de Ville"
    assert event.decoded("DTSTART").replace(tzinfo=None) == dt.datetime.combine(meeting.date, dt.time(14, 30))
    assert {str(a) for a in event.get("ATTENDEE")} == {
        "mailto:anne.martin@paris.example",
        "mailto:ines.robert@montclair.example",
    }
    meeting.refresh_from_db()
    assert meeting.convened_at is not None
    assert "Convocations envoyées le" in _page(client, reverse("governance:meeting", args=[convention.pk, meeting.pk]))


def test_attendance_per_member_and_the_quorum(copil, people, convention):
    meeting = factories.meeting(copil, TODAY, status=Meeting.Status.PLANNED, by=people["paris_coord"])
    anne, paul, ines = (copil.seats.get(name=n) for n in ("Anne Martin", "Paul Durand", "Inès Robert"))
    P = SeatAttendance.Presence
    services.hold_meeting(
        meeting,
        people["paris_coord"],
        minutes="Tenu sans quorum.",
        presence={anne.pk: (P.PRESENT, ""), paul.pk: (P.EXCUSED, ""), ines.pk: (P.ABSENT, "")},
    )
    with pytest.raises(DomainError, match="quorum"):
        services.record_decision(meeting, people["paris_coord"], text="Adopter le plan")
    with pytest.raises(DomainError, match="dire par qui"):
        services.hold_meeting(meeting, people["paris_coord"], minutes="x", presence={ines.pk: (P.REPRESENTED, " ")})
    services.hold_meeting(
        meeting, people["paris_coord"], minutes="Tenu.", presence={ines.pk: (P.REPRESENTED, "Marc Lefèvre")}
    )
    services.record_decision(meeting, people["paris_coord"], text="Adopter le plan")
    page = _page(client_for(people["montclair_coord"]), reverse("governance:meeting", args=[convention.pk, meeting.pk]))
    assert "Représenté par Marc Lefèvre" in page and "quorum de 2 : atteint" in page
    # a change of the body's members later keeps who sat
    services.update_body(
        copil,
        people["paris_coord"],
        min_meetings_per_year=2,
        secretariat="",
        seats={party(convention, MONTCLAIR).pk: ""},
    )
    assert meeting.seat_attendance.get(name="Inès Robert").represented_by == "Marc Lefèvre"


def test_minutes_are_approved_at_the_next_meeting(copil, people, convention):
    first = factories.meeting(
        copil, TODAY - dt.timedelta(days=90), by=people["paris_coord"], minutes="Premier compte rendu"
    )
    task = factories.follow_up(
        first, people["montclair_pilot"], title="Chiffrer la navette", due_date=TODAY - dt.timedelta(days=10)
    )
    second = services.schedule_meeting(copil, people["paris_coord"], date=TODAY, place="")
    assert "Approbation du compte rendu de la réunion du" in second.agenda
    assert f"Chiffrer la navette (montclair_pilot, pour le {task.due_date:%d/%m/%Y}) — en retard" in second.agenda
    client = client_for(people["paris_coord"])
    form_page = _page(client, reverse("governance:meeting", args=[convention.pk, second.pk]))
    assert f"Le compte rendu de la réunion du {first.date:%d/%m/%Y} est approuvé" in form_page
    services.hold_meeting(second, people["paris_coord"], minutes="Second", approve_previous=True)
    first.refresh_from_db()
    assert first.minutes_approved_at == second
    page = _page(client, reverse("governance:meeting", args=[convention.pk, first.pk]))
    assert f"Compte rendu approuvé lors de la réunion du {second.date:%d/%m/%Y}" in page
    assert "Compte rendu provisoire" in _page(client, reverse("governance:meeting", args=[convention.pk, second.pk]))


def test_a_body_behind_its_frequency_is_flagged_and_put_on_the_agenda(copil, people, convention):
    cotech = convention.bodies.get(kind=GoverningBody.Kind.TECHNICAL)  # twice a year, never met in 14 months
    raw = client_for(people["paris_reader"]).get(reverse("governance:bodies", args=[convention.pk])).content.decode()
    heading = raw[raw.index(f'id="instance-{cotech.pk}"') :].split("</h3>")[0]
    assert "en retard sur sa fréquence" in heading
    copil_heading = raw[raw.index(f'id="instance-{copil.pk}"') :].split("</h3>")[0]
    assert "en retard" in copil_heading  # twice a year, not met since it took effect either
    meeting = services.schedule_meeting(copil, people["paris_coord"], date=TODAY, place="")
    assert "Instances en retard sur la fréquence prévue :" in meeting.agenda
    assert "Comité technique de suivi (réunion due le" in meeting.agenda


def test_files_are_joined_to_a_meeting_and_read_by_the_readers(copil, people, convention):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = services.schedule_meeting(copil, people["paris_coord"], date=TODAY, place="")
    url = reverse("governance:attach", args=[convention.pk, meeting.pk])
    coord = client_for(people["paris_coord"])
    response = coord.post(url, {"file": SimpleUploadedFile("Présentation COPIL.pdf", b"%PDF-1.7 diapositives")})
    assert response.status_code == 302
    item = meeting.attachments.get()
    assert item.original_name == "Présentation COPIL.pdf" and item.size == 21
    download = client_for(people["montclair_pilot"]).get(
        reverse("governance:meeting-attachment", args=[convention.pk, meeting.pk, item.pk])
    )
    assert b"".join(download.streaming_content) == b"%PDF-1.7 diapositives"
    assert "Présentation COPIL.pdf" in _page(coord, reverse("governance:meeting", args=[convention.pk, meeting.pk]))
    refused = client_for(people["paris_pilot"]).post(url, {"file": SimpleUploadedFile("x.txt", b"x")})
    assert refused.status_code == 403 and meeting.attachments.count() == 1
    empty = coord.post(url, {})
    assert empty.status_code == 400 and meeting.attachments.count() == 1
    outsider = client_for(people["outsider"]).get(
        reverse("governance:meeting-attachment", args=[convention.pk, meeting.pk, item.pk])
    )
    assert outsider.status_code == 404


def test_approved_minutes_are_not_rewritten_and_a_member_who_stays_keeps_their_attendance(copil, people, convention):
    first = factories.meeting(copil, TODAY - dt.timedelta(days=60), by=people["paris_coord"], minutes="Texte approuvé")
    second = factories.meeting(copil, TODAY, status=Meeting.Status.PLANNED, by=people["paris_coord"])
    anne = copil.seats.get(name="Anne Martin")
    services.hold_meeting(
        second,
        people["paris_coord"],
        minutes="Second",
        approve_previous=True,
        presence={anne.pk: (SeatAttendance.Presence.PRESENT, "")},
    )
    first.refresh_from_db()
    with pytest.raises(DomainError, match="ne se modifie plus"):
        services.hold_meeting(first, people["paris_coord"], minutes="Texte réécrit")
    # the body edited, Anne kept: holding again updates her line, not a second one
    services.update_body(
        copil,
        people["paris_coord"],
        min_meetings_per_year=2,
        secretariat="",
        seats={party(convention, PARIS).pk: "Anne Martin, anne.martin@paris.example"},
    )
    assert copil.seats.get(name="Anne Martin").pk == anne.pk
    services.hold_meeting(
        second, people["paris_coord"], minutes="Second", presence={anne.pk: (SeatAttendance.Presence.EXCUSED, "")}
    )
    assert list(second.seat_attendance.values_list("name", "presence")) == [("Anne Martin", "excused")]
