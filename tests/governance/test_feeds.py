"""Deadlines on the convention page, alerts on the portfolio, and the ICS feeds."""

import datetime as dt
import re

from django.urls import reverse
from icalendar import Calendar

from concorde.governance import ics
from concorde.governance.calendar import Deadline
from concorde.governance.feeds import personal_token
from tests import factories
from tests.conftest import client_for
from tests.governance.conftest import TODAY


def _in_force_for_14_months(convention):
    return factories.in_force_since(convention, 426)


def _events(body: str) -> list[str]:
    unfolded = body.replace("\r\n ", "")
    return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfolded, re.S)


def test_convention_page_lists_the_deadlines_with_their_state(convention, people):
    _in_force_for_14_months(convention)
    html = (
        client_for(people["montclair_coord"])
        .get(reverse("conventions:convention", args=[convention.pk]))
        .content.decode()
    )
    section = html.split('id="titre-echeances"')[1].split("</section>")[0]
    assert "Comité de pilotage : prochaine réunion" in section and "en retard" in section
    assert "Dernier jour pour dénoncer la reconduction" in section
    assert "Reconduction tacite n° 1" in section
    assert reverse("governance:convention-calendar", args=[convention.pk]) in section


def test_without_effective_date_the_page_says_what_is_missing(convention, people):
    html = (
        client_for(people["paris_coord"]).get(reverse("conventions:convention", args=[convention.pk])).content.decode()
    )
    assert "dès que la date de prise d'effet et la durée sont connues" in html


def test_portfolio_shows_the_most_pressing_governance_alert(convention, people):
    _in_force_for_14_months(convention)
    html = client_for(people["paris_pilot"]).get(reverse("dashboard:portfolio")).content.decode()
    assert "Alerte de gouvernance" in html
    row = html.split(convention.title)[1].split("</tr>")[0]
    assert "en retard" in row and "prochaine réunion" in row


def test_convention_feed_is_a_calendar_for_its_readers_only(convention, people):
    _in_force_for_14_months(convention)
    url = reverse("governance:convention-calendar", args=[convention.pk])
    response = client_for(people["montclair_pilot"]).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    events = _events(body)
    assert any("SUMMARY:Convention de coopération" in e and "Fin de la convention" in e for e in events)
    assert all(re.search(r"DTSTART;VALUE=DATE:\d{8}", e) for e in events)
    assert len({re.search(r"UID:(\S+)", e).group(1) for e in events}) == len(events)
    assert client_for(people["outsider"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302  # to the login page


def test_personal_feed_by_secret_address_revoked_by_a_new_password(convention, people):
    _in_force_for_14_months(convention)
    user = people["montclair_pilot"]
    url = reverse("governance:personal-calendar", args=[personal_token(user)])
    response = client_for(None).get(url)
    assert response.status_code == 200 and len(_events(response.content.decode())) > 5
    assert (
        client_for(None)
        .get(reverse("governance:personal-calendar", args=[personal_token(people["outsider"])]))
        .content.count(b"BEGIN:VEVENT")
        == 0
    )
    forged = url.replace("/echeances.ics", "x/echeances.ics")
    assert client_for(None).get(forged).status_code == 404
    user.set_password("un-autre-mot-de-passe")
    user.save()
    revoked = client_for(None).get(url)
    assert revoked.status_code == 404


def test_portfolio_gives_the_personal_address(convention, people):
    html = client_for(people["paris_pilot"]).get(reverse("dashboard:portfolio")).content.decode()
    assert reverse("governance:personal-calendar", args=[personal_token(people["paris_pilot"])]) in html


def test_ics_escapes_text_and_folds_long_lines():
    deadline = Deadline("terme", "Fin; de la convention, « longue »" * 3, dt.date(2027, 3, 14), "ligne 1\nligne 2")
    body = ics.feed(
        "Échéances",
        [("7", "Titre", deadline, "https://exemple.fr/c/7/")],
        "exemple.fr",
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["summary"]) == "Titre — " + "Fin; de la convention, « longue »" * 3
    assert str(event["description"]).startswith("ligne 1\nligne 2")
    assert event.decoded("dtstart") == dt.date(2027, 3, 14) and event.decoded("dtend") == dt.date(2027, 3, 15)


def test_personal_feed_carries_the_persons_follow_ups(convention, people):
    from concorde.governance.models import GoverningBody

    _in_force_for_14_months(convention)
    copil = convention.bodies.get(kind=GoverningBody.Kind.STEERING)
    meeting = factories.meeting(copil, TODAY, by=people["paris_coord"], minutes="CR")
    due = TODAY + dt.timedelta(days=10)
    factories.follow_up(meeting, people["paris_pilot"], title="Envoyer le relevé", due_date=due)
    body = (
        client_for(None)
        .get(reverse("governance:personal-calendar", args=[personal_token(people["paris_pilot"])]))
        .content.decode()
    )
    event = next(e for e in _events(body) if "Suite à donner : Envoyer le relevé" in e)
    assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}" in event and f"/reunions/{meeting.pk}/" in event
    other = (
        client_for(None)
        .get(reverse("governance:personal-calendar", args=[personal_token(people["montclair_pilot"])]))
        .content
    )
    assert b"Envoyer le relev" not in other
