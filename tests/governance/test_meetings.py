"""Bodies and meetings: who organises them, what holding one changes, decisions that act on
the plan, follow-up tasks — through the pages, as the users do."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from concorde.conventions.lifecycle import add_months
from concorde.conventions.models import Action
from concorde.governance import agenda, services
from concorde.governance.deadlines import deadlines_of
from concorde.governance.models import Decision, FollowUp, GoverningBody, Meeting
from tests import factories
from tests.conftest import act, client_for, party
from tests.governance.conftest import TODAY


@pytest.fixture
def copil(convention):
    factories.in_force_since(convention, 426)
    return convention.bodies.get(kind=GoverningBody.Kind.STEERING)


def _schedule(client, convention, body, date, place="Hôtel de Ville"):
    return client.post(
        reverse("governance:schedule-meeting", args=[convention.pk]),
        {"body": body.pk, "date": date.isoformat(), "place": place},
    )


def _held(copil, people, date=None):
    return factories.meeting(
        copil, date or TODAY - dt.timedelta(days=1), by=people["paris_coord"], minutes="Compte rendu."
    )


def test_either_coordination_schedules_and_the_agenda_comes_from_the_dashboard(convention, copil, people):
    late = act(convention, "2.1")
    late.status, late.due_date = Action.Status.LATE, TODAY - dt.timedelta(days=10)
    late.save()
    client = client_for(people["montclair_coord"])
    response = _schedule(client, convention, copil, TODAY + dt.timedelta(days=20))
    meeting = Meeting.objects.get()
    assert response.url == reverse("governance:meeting", args=[convention.pk, meeting.pk])
    assert "Actions en retard" in meeting.agenda and late.title in meeting.agenda
    assert meeting.agenda.splitlines()[-1].endswith("Questions diverses")
    page = client.get(response.url).content.decode()
    assert "Ordre du jour" in page and late.title in page


@pytest.mark.parametrize("who", ["paris_pilot", "paris_reader"])
def test_pilots_and_readers_see_but_do_not_organise(convention, copil, people, who):
    client = client_for(people[who])
    assert client.get(reverse("governance:bodies", args=[convention.pk])).status_code == 200
    response = _schedule(client, convention, copil, TODAY, "Salle")
    assert Meeting.objects.count() == 0
    assert response.status_code == 403 and "la coordination d&#x27;une des parties" in response.content.decode()


def test_outsiders_and_other_conventions_get_nothing(convention, copil, people, paris_draft):
    meeting = _held(copil, people)
    assert client_for(people["outsider"]).get(reverse("governance:bodies", args=[convention.pk])).status_code == 404
    # A meeting reached through another convention's address is not found.
    assert (
        client_for(people["paris_coord"])
        .get(reverse("governance:meeting", args=[paris_draft.pk, meeting.pk]))
        .status_code
        == 404
    )


def test_holding_a_meeting_resets_the_body_frequency(convention, copil, people):
    before = {d.label: d for d in deadlines_of(convention)}["Comité de pilotage : prochaine réunion"]
    assert before.state == "en_retard"
    meeting = services.schedule_meeting(copil, people["paris_coord"], date=TODAY - dt.timedelta(days=3), place="")
    planned = {d.label: d for d in deadlines_of(convention)}
    assert planned["Comité de pilotage : réunion programmée"].detail == "à déclarer tenue"
    client = client_for(people["montclair_coord"])
    montclair = party(convention, "Commune de Montclair-sur-Marne")
    client.post(
        reverse("governance:hold-meeting", args=[convention.pk, meeting.pk]),
        {"minutes": "Le comité a examiné l'avancement.", f"presents_{montclair.pk}": "Inès Robert\nHugo Petit"},
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.attendance.get(party=montclair).attendees == "Inès Robert\nHugo Petit"
    after = {d.label: d for d in deadlines_of(convention)}
    # Once a year, counted from the meeting held three days ago.
    assert after["Comité de pilotage : prochaine réunion"].date == add_months(TODAY - dt.timedelta(days=3), 12)
    assert after["Comité de pilotage : prochaine réunion"].state == "a_venir"
    assert "Comité de pilotage : réunion programmée" not in after


def test_a_future_meeting_cannot_be_declared_held(convention, copil, people):
    meeting = services.schedule_meeting(copil, people["paris_coord"], date=TODAY + dt.timedelta(days=5), place="")
    client = client_for(people["paris_coord"])
    response = client.post(
        reverse("governance:hold-meeting", args=[convention.pk, meeting.pk]), {"minutes": "Trop tôt."}
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and "à partir de sa date" in page
    assert "Trop tôt." in page  # what was typed comes back
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and meeting.minutes == ""


def test_a_decision_arbitrates_an_action_and_its_history_says_so(convention, copil, people):
    meeting = _held(copil, people)
    action = act(convention, "n°4")
    new_due = TODAY + dt.timedelta(days=200)
    client = client_for(people["montclair_coord"])
    client.post(
        reverse("governance:decide", args=[convention.pk, meeting.pk]),
        {
            "text": "Report de l'action après arbitrage budgétaire.",
            "action": action.pk,
            "new_status": "paused",
            "new_due_date": new_due.isoformat(),
        },
    )
    action.refresh_from_db()
    assert action.status == "paused" and action.due_date == new_due
    assert action.history.first().history_user == people["montclair_coord"]
    assert Decision.objects.get().action == action
    page = html.unescape(client.get(reverse("governance:meeting", args=[convention.pk, meeting.pk])).content.decode())
    assert "Report de l'action après arbitrage budgétaire." in page and "En pause" in page


def test_a_decision_needs_a_held_meeting_and_an_action_of_the_convention(convention, copil, people, paris_draft):
    planned = services.schedule_meeting(copil, people["paris_coord"], date=TODAY, place="")
    with pytest.raises(services.DomainError, match="réunion tenue"):
        services.record_decision(planned, people["paris_coord"], text="Trop tôt")
    held = _held(copil, people)
    foreign = paris_draft.actions.first()
    with pytest.raises(services.DomainError, match="n'appartient pas"):
        services.record_decision(held, people["paris_coord"], text="x", action=foreign, new_status="done")
    assert not Decision.objects.exists() and foreign.status != "done"


def test_follow_ups_go_to_members_of_the_parties_and_their_owner_closes_them(convention, copil, people):
    meeting = _held(copil, people)
    client = client_for(people["paris_coord"])
    url = reverse("governance:follow-up", args=[convention.pk, meeting.pk])
    client.post(url, {"title": "Chiffrer la variante", "owner": people["outsider"].pk, "due_date": TODAY.isoformat()})
    assert not FollowUp.objects.exists()  # not a member: not even offered in the list
    client.post(
        url,
        {
            "title": "Chiffrer la variante",
            "owner": people["montclair_pilot"].pk,
            "due_date": (TODAY + dt.timedelta(days=30)).isoformat(),
        },
    )
    item = FollowUp.objects.get()
    assert item.owner == people["montclair_pilot"]
    close = reverse("governance:follow-up-done", args=[convention.pk, meeting.pk, item.pk])
    client_for(people["paris_pilot"]).post(close)
    item.refresh_from_db()
    assert item.done_at is None
    client_for(people["montclair_pilot"]).post(close)
    item.refresh_from_db()
    assert item.done_at is not None


def test_body_members_per_party_and_frequency_are_editable(convention, copil, people):
    paris, montclair = party(convention, "Ville de Paris"), party(convention, "Commune de Montclair-sur-Marne")
    client = client_for(people["paris_coord"])
    prefix = f"instance{copil.pk}"
    client.post(
        reverse("governance:edit-body", args=[convention.pk, copil.pk]),
        {
            f"{prefix}-min_meetings_per_year": "2",
            f"{prefix}-secretariat": "Mission Métropole",
            f"{prefix}-membres_{paris.pk}": "La Maire de Paris\nL'adjoint chargé de la Métropole",
            f"{prefix}-membres_{montclair.pk}": "Le Maire de Montclair-sur-Marne",
        },
    )
    copil.refresh_from_db()
    assert copil.min_meetings_per_year == 2 and copil.secretariat == "Mission Métropole"
    assert list(copil.seats.filter(party=paris).values_list("name", flat=True)) == [
        "La Maire de Paris",
        "L'adjoint chargé de la Métropole",
    ]
    bad = client.post(
        reverse("governance:edit-body", args=[convention.pk, copil.pk]), {f"{prefix}-min_meetings_per_year": "400"}
    )
    assert "Entre 1 et 52" in client.get(bad.url).content.decode()
    copil.refresh_from_db()
    assert copil.min_meetings_per_year == 2


def test_cancelled_meeting_no_longer_counts(convention, copil, people):
    meeting = services.schedule_meeting(copil, people["paris_coord"], date=TODAY + dt.timedelta(days=9), place="")
    client_for(people["paris_coord"]).post(reverse("governance:cancel-meeting", args=[convention.pk, meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert "Comité de pilotage : réunion programmée" not in {d.label for d in deadlines_of(convention)}


def test_agenda_lists_actions_awaiting_a_decision(convention, copil):
    blocked = act(convention, "n°1")
    blocked.status = Action.Status.BLOCKED
    blocked.save()
    text = agenda.draft(convention, TODAY)
    assert "Actions en attente d'une décision" in text and blocked.title in text and "(bloqué)" in text


def test_the_dashboard_shows_what_changed_since_the_last_comite_de_pilotage(convention, copil, people):
    held_on = TODAY - dt.timedelta(days=75)
    _held(copil, people, date=held_on)
    page = client_for(people["paris_reader"]).get(reverse("dashboard:dashboard", args=[convention.pk])).content.decode()
    assert f"Ce qui a changé depuis le {held_on:%d/%m/%Y}" in page


def test_my_actions_lists_my_follow_ups_still_to_do(convention, copil, people):
    meeting = _held(copil, people)
    item = services.add_follow_up(
        meeting,
        people["paris_coord"],
        title="Chiffrer la variante",
        owner=people["paris_pilot"],
        due_date=TODAY - dt.timedelta(days=1),
    )
    page = html.unescape(client_for(people["paris_pilot"]).get(reverse("dashboard:my-actions")).content.decode())
    assert "Chiffrer la variante" in page and "(en retard)" in page
    services.complete_follow_up(item, people["paris_pilot"])
    page = html.unescape(client_for(people["paris_pilot"]).get(reverse("dashboard:my-actions")).content.decode())
    assert "Chiffrer la variante" not in page and "Aucune suite à donner en cours." in page
