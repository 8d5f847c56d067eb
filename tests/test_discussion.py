"""Discussing an action: comments that mention people of either party, withdrawn and put back by
their author; the notifications of what concerns a person (a mention, an assignment as pilot, a
measurement to validate), shown after a short delay so that a mistake undone in time is never
told, and the daily e-mail that sums them up."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from concorde.conventions import pilots, tracking
from concorde.discussion import services
from concorde.discussion.models import Comment, Notification
from concorde.governance.models import ReminderChoice

from .conftest import MONTCLAIR, PARIS, act, client_for, party


def later(minutes: int = 11):
    """Past the delay a notification waits before anyone is told."""
    return time_machine.travel(timezone.now() + dt.timedelta(minutes=minutes), tick=False)


def comment(client, convention, action, text, **extra):
    return client.post(
        reverse("dashboard:post-comment", args=[convention.pk, action.pk]), {"comment-text": text, **extra}, follow=True
    )


@pytest.fixture
def emails(people):
    for name in ("paris_coord", "paris_pilot", "montclair_coord", "montclair_pilot"):
        people[name].email = f"{name}@exemple.fr"
        people[name].save()
    return people


def test_a_mention_reaches_the_person_after_the_delay_and_leads_to_the_comment(convention, emails):
    people = emails
    action = act(convention, "n°1")
    page = comment(
        client_for(people["paris_pilot"]), convention, action, "Le relevé est prêt, @montclair_coord peux-tu regarder ?"
    )
    assert "1 personne(s) mentionnée(s)" in page.content.decode()
    made = Comment.objects.get()
    assert made.party.label == PARIS and list(made.mentions.all()) == [people["montclair_coord"]]
    montclair = client_for(people["montclair_coord"])
    assert services.unread_count(people["montclair_coord"]) == 0  # not yet: a mistake could still be undone
    with later():
        listing = montclair.get(reverse("discussion:notifications")).content.decode()
        assert "vous mentionne à propos de l&#x27;action n°1" in listing and "1 non lue(s)" in listing
        assert 'Notifications <span class="badge">1' in listing
        opened = montclair.get(reverse("discussion:open", args=[Notification.objects.get().pk]))
        assert opened["Location"].endswith(f"/actions/{action.pk}/#commentaire-{made.pk}")
        assert services.unread_count(people["montclair_coord"]) == 0
    action_page = montclair.get(reverse("dashboard:action", args=[convention.pk, action.pk])).content.decode()
    assert "Le relevé est prêt" in action_page and "Mentionné(e)s" in action_page


def test_a_name_that_is_nobody_of_the_parties_is_refused_and_the_text_kept(convention, people):
    action = act(convention, "n°1")
    page = comment(client_for(people["paris_pilot"]), convention, action, "Voir avec @inconnu et @outsider")
    html = page.content.decode()
    assert (
        page.status_code == 400
        and "@inconnu, @outsider" in html
        and "Voir avec @inconnu et @outsider</textarea>" in html
    )
    assert not Comment.objects.exists() and not Notification.objects.exists()


def test_a_reader_reads_the_discussion_but_does_not_take_part(convention, people):
    action = act(convention, "n°1")
    services.post_comment(action, people["paris_coord"], "Point à faire en COPIL")
    reader = client_for(people["paris_reader"])
    page = reader.get(reverse("dashboard:action", args=[convention.pk, action.pk])).content.decode()
    assert "Point à faire en COPIL" in page and "Publier le commentaire" not in page
    assert comment(reader, convention, action, "Moi aussi").status_code == 403
    assert Comment.objects.count() == 1


def test_a_comment_withdrawn_within_the_delay_is_never_told_and_can_be_put_back(convention, people):
    action = act(convention, "n°2")
    made = services.post_comment(action, people["montclair_coord"], "Erreur de destinataire @paris_pilot")
    other = client_for(people["paris_coord"])
    assert (
        other.post(reverse("dashboard:withdraw-comment", args=[convention.pk, action.pk, made.pk])).status_code == 403
    )
    assert Comment.objects.get().deleted_at is None  # only its author withdraws it
    author = client_for(people["montclair_coord"])
    author.post(reverse("dashboard:withdraw-comment", args=[convention.pk, action.pk, made.pk]))
    with later():
        assert services.unread_count(people["paris_pilot"]) == 0
    page = author.get(reverse("dashboard:action", args=[convention.pk, action.pk])).content.decode()
    assert "Vos commentaires retirés" in page
    assert (
        "Erreur de destinataire"
        not in other.get(reverse("dashboard:action", args=[convention.pk, action.pk])).content.decode()
    )
    author.post(reverse("dashboard:restore-comment", args=[convention.pk, action.pk, made.pk]))
    assert Comment.objects.get().deleted_at is None


def test_an_assignment_undone_in_time_is_never_told_one_kept_is(convention, people):
    action = act(convention, "n°2")
    montclair = party(convention, MONTCLAIR)
    coord, pilot = people["montclair_coord"], people["montclair_pilot"]
    pilots.designate(action, montclair, [], [pilot], coord)
    pilots.designate(action, montclair, [], [], coord)  # a slip, corrected at once
    with later():
        assert services.unread_count(pilot) == 0
    pilots.designate(action, montclair, [], [pilot], coord)
    with later():
        texts = [n.text for n in services.shown(pilot)]
    assert len(texts) == 1 and texts[0].startswith("montclair_coord vous désigne pilote de l'action n°2")
    assert texts[0].endswith("pour Commune de Montclair-sur-Marne")


def test_a_measurement_to_validate_is_told_to_the_other_party_and_leaves_once_reviewed(convention, people):
    action = act(convention, "n°1")
    indicator = action.indicators.first()
    m = tracking.enter_measurement(
        indicator, party(convention, MONTCLAIR), people["montclair_pilot"], Decimal(14), dt.date(2026, 6, 1)
    )
    with later():
        assert (
            services.unread_count(people["paris_coord"]) == 1 and services.unread_count(people["montclair_coord"]) == 0
        )
        text = services.shown(people["paris_coord"]).get().text
        assert text.startswith("Mesure à valider : 14 au 01/06/2026") and "(action n°1)" in text
        tracking.review_measurement(m, people["paris_coord"], accept=True)
        assert services.unread_count(people["paris_coord"]) == 0


def test_the_daily_digest_mails_each_notification_once_and_respects_the_choice(convention, emails):
    people = emails
    action = act(convention, "n°1")
    services.post_comment(action, people["paris_coord"], "@montclair_coord et @paris_pilot, relisez la fiche")
    ReminderChoice.objects.create(user=people["paris_pilot"], declined=["notifications"])
    with later():
        out = io.StringIO()
        call_command("remind", "--dry-run", stdout=out)
        assert "notification : paris_coord vous mentionne" in out.getvalue() and not mail.outbox
        call_command("remind", stdout=io.StringIO())
        digests = [m for m in mail.outbox if "notification" in m.subject]
        assert [m.to for m in digests] == [["montclair_coord@exemple.fr"]]
        assert "vous mentionne à propos de l'action n°1" in digests[0].body and "#commentaire-" in digests[0].body
        call_command("remind", stdout=io.StringIO())
        assert len([m for m in mail.outbox if "notification" in m.subject]) == 1  # once


def test_the_people_named_pilots_of_an_action_hear_of_its_discussion(convention, people):
    action = act(convention, "n°2")
    montclair = party(convention, MONTCLAIR)
    pilots.designate(action, montclair, [], [people["montclair_pilot"]], people["montclair_coord"])
    services.post_comment(action, people["paris_coord"], "Le calendrier des travaux est-il arrêté ?")
    services.post_comment(action, people["paris_coord"], "@montclair_pilot, une date ?")  # mentioned: told once
    with later():
        kinds = sorted(n.kind for n in services.shown(people["montclair_pilot"]))
    assert kinds == ["assignment", "comment", "mention"]
