"""Reminders: the right people, each point once, nothing recorded when nothing was sent."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from concorde.conventions import tracking
from concorde.governance import reminders
from concorde.governance.models import GoverningBody, ReminderSent
from tests import factories
from tests.conftest import act, party
from tests.governance.conftest import TODAY


@pytest.fixture
def live(convention, people):
    for user in people.values():
        user.email = f"{user.username}@example.org"
        user.save()
    return factories.in_force_since(convention, 426)


def _mail_to(username):
    return [m for m in mail.outbox if m.to == [f"{username}@example.org"]]


def test_each_person_gets_one_mail_with_their_points_and_only_once(live, people):
    late = act(live, "2.1")  # piloted by the DST of Montclair
    tracking.save_tracking(
        late.pk, late.lock_version, {"due_date": TODAY - dt.timedelta(days=3)}, people["paris_coord"]
    )
    stats = reminders.send(TODAY)
    coord = _mail_to("montclair_coord")
    assert (
        len(coord) == 1 and "Comité de pilotage : prochaine réunion" in coord[0].body and "(en retard)" in coord[0].body
    )
    pilot = _mail_to("montclair_pilot")
    assert len(pilot) == 1 and late.title in pilot[0].body and f"/actions/{late.pk}/" in pilot[0].body
    assert not _mail_to("paris_pilot") and not _mail_to("outsider") and not _mail_to("paris_reader")
    assert stats["personnes"] == len(mail.outbox)
    mail.outbox.clear()
    assert reminders.send(TODAY)["rappels"] == 0 and mail.outbox == []


def test_a_point_is_recalled_again_when_its_state_changes(live, people):
    action = act(live, "n°1")  # DPE (Paris) and DST (Montclair)
    tracking.save_tracking(
        action.pk, action.lock_version, {"due_date": TODAY + dt.timedelta(days=5)}, people["paris_coord"]
    )
    reminders.send(TODAY)
    assert "échéance" in _mail_to("paris_pilot")[0].body and "(en retard)" not in _mail_to("paris_pilot")[0].body
    mail.outbox.clear()
    reminders.send(TODAY + dt.timedelta(days=6))
    assert "(en retard)" in _mail_to("paris_pilot")[0].body


def test_measurements_go_to_the_other_party_and_follow_ups_to_their_owner(live, people):
    indicator = act(live, "n°1").indicators.first()
    tracking.enter_measurement(indicator, party(live, "Ville de Paris"), people["paris_pilot"], 7, TODAY)
    copil = live.bodies.get(kind=GoverningBody.Kind.STEERING)
    meeting = factories.meeting(copil, TODAY, by=people["paris_coord"], minutes="CR")
    factories.follow_up(
        meeting, people["paris_reader"], title="Envoyer le relevé", due_date=TODAY + dt.timedelta(days=2)
    )
    reminders.send(TODAY)
    assert "mesure à valider" in _mail_to("montclair_coord")[0].body
    assert "mesure à valider" not in _mail_to("paris_coord")[0].body
    assert "Envoyer le relevé" in _mail_to("paris_reader")[0].body


def test_without_address_nothing_is_recorded_and_dry_run_records_nothing(live, people):
    people["montclair_coord"].email = ""
    people["montclair_coord"].save()
    assert reminders.send(TODAY, dry_run=True)["rappels"] > 0
    assert not ReminderSent.objects.exists() and mail.outbox == []
    stats = reminders.send(TODAY)
    assert stats["sans_adresse"] == 1
    assert not ReminderSent.objects.filter(user=people["montclair_coord"]).exists()


def test_a_failed_mail_records_nothing_for_that_person_and_the_others_get_theirs(live, people):
    real = reminders.send_mail

    def flaky(subject, body, sender, to):
        if to == ["montclair_coord@example.org"]:
            raise OSError("SMTP indisponible")
        return real(subject, body, sender, to)

    with mock.patch("concorde.governance.reminders.send_mail", side_effect=flaky):
        stats = reminders.send(TODAY)
    assert stats["echecs"] == 1 and _mail_to("paris_coord")
    assert not ReminderSent.objects.filter(user=people["montclair_coord"]).exists()
    assert ReminderSent.objects.filter(user=people["paris_coord"]).exists()
    mail.outbox.clear()
    reminders.send(TODAY)  # the next run sends what failed, and only that
    assert [m.to for m in mail.outbox] == [["montclair_coord@example.org"]]


def test_command_reports_and_refuses_a_bad_date(live, capsys):
    call_command("remind", "--dry-run")
    assert "seraient envoyés" in capsys.readouterr().out
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("remind", "--date", "21/11/2026")


def test_the_dry_run_lists_each_reminder_to_whom_about_what_and_for_when(live, people, capsys):
    copil = live.bodies.get(kind=GoverningBody.Kind.STEERING)
    meeting = factories.meeting(copil, TODAY, by=people["paris_coord"], minutes="CR")
    factories.follow_up(
        meeting, people["paris_reader"], title="Envoyer le relevé", due_date=TODAY + dt.timedelta(days=2)
    )
    call_command("remind", "--dry-run", "--date", TODAY.isoformat())
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "Envoyer le relevé" in x)
    assert line.startswith("- à paris_reader <paris_reader@example.org> — Suites à donner qui vous sont confiées :")
    assert line.endswith(f"échéance le {TODAY + dt.timedelta(days=2):%d/%m/%Y}")
    assert "montclair_coord <montclair_coord@example.org> — Échéances des conventions" in out
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_what_is_late_is_recalled_each_week_until_it_is_done(live, people):
    copil = live.bodies.get(kind=GoverningBody.Kind.STEERING)
    meeting = factories.meeting(copil, TODAY - dt.timedelta(days=20), by=people["paris_coord"], minutes="CR")
    task = factories.follow_up(
        meeting, people["paris_reader"], title="Relancer le prestataire", due_date=TODAY - dt.timedelta(days=1)
    )

    def told(day):
        mail.outbox.clear()
        reminders.send(day)
        return [m for m in _mail_to("paris_reader") if "Relancer le prestataire" in m.body]

    assert told(TODAY)
    assert not told(TODAY + dt.timedelta(days=1))  # once in the week
    assert not told(TODAY + dt.timedelta(days=5))
    again = told(TODAY + dt.timedelta(days=6))  # a week after it became late
    assert again and "(en retard)" in again[0].body and "chaque semaine" in again[0].body
    task.done_at = dt.datetime.now(dt.UTC)
    task.save()
    assert not told(TODAY + dt.timedelta(days=13))  # done: no more


def test_each_person_chooses_the_reminders_they_receive(live, people):
    from django.urls import reverse

    from tests.conftest import client_for

    action = act(live, "n°1")  # piloted by the DPE of Paris
    tracking.save_tracking(
        action.pk, action.lock_version, {"due_date": TODAY + dt.timedelta(days=5)}, people["paris_coord"]
    )
    client = client_for(people["paris_pilot"])
    url = reverse("governance:reminder-choices")
    page = client.get(url).content.decode()
    assert 'type="checkbox"' in page and "checked" in page
    kinds = [k for k in reminders.KINDS if k != "action"]
    assert client.post(url, {"received": kinds}).status_code == 302
    assert client.post(url, {"received": ["pas-un-choix"]}).status_code == 400
    reminders.send(TODAY)
    assert not [m for m in _mail_to("paris_pilot") if action.title in m.body]
    client.post(url, {"received": list(reminders.KINDS)})
    reminders.send(TODAY)
    assert [m for m in _mail_to("paris_pilot") if action.title in m.body]
