"""Publication for the whole term, as the conventions promise it: approved minutes and their
decisions, concluded evaluations and signed avenants are published as each party chooses; a
withdrawal before the term asks for a reason, kept with who gave it, and the public page says
what was withdrawn and when."""

import datetime as dt
import html

from django.urls import reverse

from concorde.governance import legal, services
from concorde.governance.models import Evaluation, GoverningBody
from concorde.publication.models import Withdrawal
from tests import factories
from tests.conftest import MONTCLAIR, PARIS, client_for, party

ANONYMOUS = None
EVERYTHING = {"publish": "on", "publish_minutes": "on", "publish_evaluations": "on"}


def _choose(convention, people, who, label, data):
    """The party's choice posted; the page it leads to, with its message."""
    client = client_for(people[who])
    response = client.post(
        reverse("publication:choose-publication", args=[convention.pk, party(convention, label).pk]), data
    )
    return html.unescape(client.get(response.url).content.decode())


def _public(convention):
    response = client_for(ANONYMOUS).get(reverse("publication:public-convention", args=[convention.pk]))
    return response.status_code, html.unescape(response.content.decode())


def _governed(convention, people):
    today = dt.date.today()
    factories.in_force_since(convention, 426)
    copil = convention.bodies.get(kind=GoverningBody.Kind.STEERING)
    approved = factories.meeting(
        copil, today - dt.timedelta(days=90), by=people["paris_coord"], minutes="Compte rendu approuvé de mars."
    )
    services.record_decision(approved, people["paris_coord"], text="Lancer l'étude de la navette")
    provisional = factories.meeting(copil, today, status="planned", by=people["paris_coord"])
    services.hold_meeting(provisional, people["paris_coord"], minutes="Compte rendu provisoire.", approve_previous=True)
    factories.evaluation(
        convention, due_date=today, status=Evaluation.Status.CONCLUDED, conclusion="Objectifs atteints."
    )


def test_what_each_party_chose_is_published_for_the_term(convention, people):
    _governed(convention, people)
    _choose(convention, people, "paris_coord", PARIS, EVERYTHING)
    _choose(convention, people, "montclair_coord", MONTCLAIR, {"publish": "on", "publish_minutes": "on"})
    status, page = _public(convention)
    assert status == 200
    assert "Compte rendu approuvé de mars." in page and "Lancer l'étude de la navette" in page
    assert "Compte rendu provisoire." not in page  # minutes are published once approved
    assert "Objectifs atteints." not in page  # Montclair did not choose the evaluations
    _choose(convention, people, "montclair_coord", MONTCLAIR, EVERYTHING)
    assert "Objectifs atteints." in _public(convention)[1]


def test_a_withdrawal_before_the_term_asks_a_reason_and_the_public_page_says_it(convention, people):
    _governed(convention, people)
    for who, label in (("paris_coord", PARIS), ("montclair_coord", MONTCLAIR)):
        _choose(convention, people, who, label, EVERYTHING)
    refused = _choose(convention, people, "montclair_coord", MONTCLAIR, {"publish": "on", "publish_evaluations": "on"})
    assert "dire pourquoi la retirer" in refused
    convention.refresh_from_db()
    assert convention.public_minutes and not Withdrawal.objects.exists()  # nothing changed
    _choose(
        convention,
        people,
        "montclair_coord",
        MONTCLAIR,
        {"publish": "on", "publish_evaluations": "on", "reason": "Données nominatives dans les comptes rendus."},
    )
    withdrawal = Withdrawal.objects.get()
    assert (withdrawal.party.label, withdrawal.by, withdrawal.reason) == (
        MONTCLAIR,
        people["montclair_coord"],
        "Données nominatives dans les comptes rendus.",
    )
    status, page = _public(convention)
    assert "Compte rendu approuvé de mars." not in page
    assert (
        f"Le {dt.date.today():%d/%m/%Y}, {MONTCLAIR} a retiré de la publication les comptes rendus approuvés et les décisions."
        in page
    )
    # the whole publication withdrawn: the public address says so, rather than vanishing
    _choose(convention, people, "paris_coord", PARIS, {"reason": "Convention en cours de renégociation."})
    status, page = _public(convention)
    assert status == 410 and "sa publication a été retirée avant son terme" in page
    assert f"{PARIS} a retiré de la publication la convention et ses documents" in page


def test_after_its_term_a_convention_leaves_the_portal_without_a_reason(convention, people):
    for who, label in (("paris_coord", PARIS), ("montclair_coord", MONTCLAIR)):
        _choose(convention, people, who, label, EVERYTHING)
    convention.effective_date = dt.date.today() - dt.timedelta(days=365 * 7)
    convention.save(update_fields=["effective_date"])
    legal.refresh(convention)
    assert convention.status == "ended"
    _choose(convention, people, "paris_coord", PARIS, {})
    convention.refresh_from_db()
    assert not convention.is_public and not Withdrawal.objects.exists()
    assert _public(convention)[0] == 404
