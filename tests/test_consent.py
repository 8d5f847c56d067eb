"""Parties consent: an organisation named by another's import takes part only once its coordination
accepts; one with no coordination on the instance is « hors Concorde » and the importer acts for it."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from concorde.conventions import consent, services
from concorde.conventions.models import Convention, Party
from concorde.governance import reminders
from concorde.ingest.loader import organisation_for
from concorde.lib.errors import DomainError
from concorde.publication import services as publication
from concorde.territories.models import Membership

from .conftest import MAX, MONTCLAIR, PARIS, client_for, import_committed


def _imported(people, text: bytes, by="paris_coord", org=PARIS):
    c = import_committed(
        text, "demo.md", user=people[by], organisation=organisation_for(org, None), max_bytes=MAX
    ).convention
    c.effective_date = timezone.localdate() - dt.timedelta(days=400)  # so that it has deadlines
    c.save()
    return c


def test_the_hole_a_third_organisation_cannot_validate_a_convention_in_others_names(people, demo_text):
    """Before: « Commune de Nulle-Part » imported a document naming Paris and Montclair, validated it alone,
    and it appeared in Paris's portfolio and home page with its deadlines."""
    draft = _imported(people, demo_text, by="outsider", org="Commune de Nulle-Part")
    response = client_for(people["outsider"]).post(reverse("conventions:validate", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_draft
    page = (
        client_for(people["outsider"]).get(reverse("conventions:review", args=[draft.pk]), follow=True).content.decode()
    )
    assert "Commune de Nulle-Part n&#x27;est pas partie à cette convention" in page
    for who in ("paris_coord", "montclair_coord"):
        c = client_for(people[who])
        assert draft.title not in c.get(reverse("conventions:home")).content.decode()
        assert draft.title not in c.get(reverse("dashboard:portfolio")).content.decode()
        assert c.get(reverse("conventions:convention", args=[draft.pk])).status_code == 404


@pytest.fixture
def awaiting(people, demo_text, django_capture_on_commit_callbacks):
    """Paris imports and validates; Montclair, which has a coordination here, is invited by e-mail."""
    for who, email in (("paris_coord", "camille@paris.example"), ("montclair_coord", "ines@montclair.example")):
        people[who].email = email
        people[who].save()
    c = _imported(people, demo_text)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.validate(c, people["paris_coord"])
    assert [m.to for m in mail.outbox] == [["ines@montclair.example"]]
    assert "Ville de Paris vous désigne comme partie" in mail.outbox[0].subject
    return c


def test_an_invited_party_sees_an_invitation_and_nothing_else_until_it_accepts(
    people, awaiting, django_capture_on_commit_callbacks
):
    montclair = awaiting.parties.get(label=MONTCLAIR)
    assert montclair.consent == Party.Consent.PENDING and montclair.invited_at
    coord, pilot = client_for(people["montclair_coord"]), client_for(people["montclair_pilot"])

    home = coord.get(reverse("conventions:home")).content.decode()
    assert "Invitations à répondre" in home and "Ville de Paris vous désigne comme partie" in home
    assert awaiting.title not in coord.get(reverse("dashboard:portfolio")).content.decode()
    invitation = coord.get(reverse("conventions:convention", args=[awaiting.pk])).content.decode()
    assert (
        "Ville de Paris vous désigne comme partie de cette convention" in invitation and "Échéances" not in invitation
    )
    document = awaiting.documents.first()
    assert (
        coord.get(reverse("conventions:document", args=[awaiting.pk, document.pk])).status_code == 200
    )  # read it to decide
    for name in (
        "dashboard:dashboard",
        "governance:bodies",
        "governance:convention-calendar",
        "governance:evaluations",
    ):
        assert coord.get(reverse(name, args=[awaiting.pk])).status_code == 404, name
    assert pilot.get(reverse("conventions:convention", args=[awaiting.pk])).status_code == 404
    assert awaiting.title not in pilot.get(reverse("dashboard:my-actions")).content.decode()
    # no deadline in its calendar, no reminder but the invitation's
    from concorde.governance.feeds import personal_token

    feed = coord.get(
        reverse("governance:personal-calendar", args=[personal_token(people["montclair_coord"])])
    ).content.decode()
    assert awaiting.title not in feed
    told = [i.text for i in reminders.collect(timezone.localdate()).get(people["montclair_coord"], [])]
    assert told and all("vous désigne comme partie" in t for t in told)
    # not publishable in its name
    publication.choose(
        awaiting, people["paris_coord"], awaiting.parties.get(label=PARIS), publish=True, publish_budgets=True
    )
    with pytest.raises(DomainError):
        publication.choose(awaiting, people["montclair_coord"], montclair, publish=True, publish_budgets=True)
    awaiting.refresh_from_db()
    assert not awaiting.is_public
    assert client_for(None).get(reverse("publication:public-convention", args=[awaiting.pk])).status_code == 404

    # the pilot cannot answer for it; the coordination accepts
    answer = reverse("conventions:answer-invitation", args=[awaiting.pk, montclair.pk])
    assert pilot.post(answer, {"decision": "accept"}).status_code == 404  # it cannot see the convention at all
    with django_capture_on_commit_callbacks(execute=True):
        assert coord.post(answer, {"decision": "accept"}).status_code == 302
    montclair.refresh_from_db()
    assert montclair.consent == Party.Consent.ACCEPTED and montclair.consent_by == people["montclair_coord"]
    assert "a accepté d'être partie" in mail.outbox[-1].body and mail.outbox[-1].to == ["camille@paris.example"]
    assert awaiting.title in coord.get(reverse("dashboard:portfolio")).content.decode()
    assert coord.get(reverse("dashboard:dashboard", args=[awaiting.pk])).status_code == 200
    assert coord.post(answer, {"decision": "accept"}).status_code == 403  # answered once


def test_a_refusal_needs_a_reason_is_recorded_and_tells_the_importer(
    people, awaiting, django_capture_on_commit_callbacks
):
    montclair = awaiting.parties.get(label=MONTCLAIR)
    coord = client_for(people["montclair_coord"])
    answer = reverse("conventions:answer-invitation", args=[awaiting.pk, montclair.pk])
    coord.post(answer, {"decision": "refuse", "reason": "  "})
    montclair.refresh_from_db()
    assert montclair.consent == Party.Consent.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            coord.post(answer, {"decision": "refuse", "reason": "Nous n'avons pas signé cette version."}).status_code
            == 302
        )
    montclair.refresh_from_db()
    assert (montclair.consent, montclair.refusal_reason) == (
        Party.Consent.REFUSED,
        "Nous n'avons pas signé cette version.",
    )
    told = [m for m in mail.outbox if m.to == ["camille@paris.example"]]
    assert told and "Nous n'avons pas signé cette version." in told[-1].body
    assert coord.get(reverse("conventions:convention", args=[awaiting.pk])).status_code == 404
    paris_page = client_for(people["paris_coord"]).get(reverse("conventions:home")).content.decode()
    assert "Parties qui ont refusé" in paris_page and "Nous n&#x27;avons pas signé cette version." in paris_page
    # the importer asks again; nobody else may
    again = reverse("conventions:invite-party-again", args=[awaiting.pk, montclair.pk])
    assert client_for(people["montclair_coord"]).post(again).status_code == 404  # a refused party no longer reads it
    assert client_for(people["paris_pilot"]).post(again).status_code == 403
    assert client_for(people["paris_coord"]).post(again).status_code == 302
    montclair.refresh_from_db()
    assert montclair.consent == Party.Consent.PENDING


@pytest.fixture
def outside(people, demo_text):
    """A convention with a commune nobody represents on the instance."""
    people["paris_coord"].email = "camille@paris.example"
    people["paris_coord"].save()
    text = demo_text.replace(b"Montclair-sur-Marne", b"Valmont-les-Bains")
    c = _imported(people, text)
    services.validate(c, people["paris_coord"])
    return c


def test_a_party_outside_concorde_is_acted_for_by_the_importer_and_said_so(people, outside):
    valmont = outside.parties.exclude(label=PARIS).get()
    assert valmont.consent == Party.Consent.OUTSIDE
    coord = client_for(people["paris_coord"])
    page = coord.get(reverse("conventions:convention", args=[outside.pk])).content.decode()
    assert "hors Concorde" in page and "Ville de Paris agit en son nom" in page
    for p in outside.parties.all():
        publication.choose(outside, people["paris_coord"], p, publish=True, publish_budgets=False)
    outside.refresh_from_db()
    assert outside.is_public
    public = client_for(None).get(reverse("publication:public-convention", args=[outside.pk])).content.decode()
    assert "hors Concorde" in public
    # a pilot of Paris does not act for it; a coordination of Paris does
    action = outside.actions.get(number="n°1")
    measurement = {"indicator": action.indicators.first().pk, "party": valmont.pk, "value": "3", "date": "2026-01-05"}
    before = action.indicators.first().measurements.count()
    client_for(people["paris_pilot"]).post(
        reverse("dashboard:post-measurement", args=[outside.pk, action.pk]), measurement
    )
    assert action.indicators.first().measurements.count() == before
    assert (
        coord.post(reverse("dashboard:post-measurement", args=[outside.pk, action.pk]), measurement).status_code == 302
    )
    assert action.indicators.first().measurements.filter(party=valmont).exists()


def test_when_someone_of_a_party_outside_concorde_joins_its_consent_is_asked(
    people, outside, django_capture_on_commit_callbacks, django_user_model
):
    """The importer acted for Valmont while nobody of it was on the instance; its first member (here
    given by a site administrator) makes it an invited party: the importer stops acting for it, the
    publication stays online (published acts stay for their term) and the importer is told."""
    valmont = outside.parties.exclude(label=PARIS).get()
    for p in outside.parties.all():
        publication.choose(outside, people["paris_coord"], p, publish=True, publish_budgets=False)
    dgs = django_user_model.objects.create_user("dgs.valmont", email="dgs@valmont.example", password="x")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.create(user=dgs, organisation=valmont.organisation, role=Membership.Role.COORDINATION)
    valmont.refresh_from_db()
    outside.refresh_from_db()
    assert valmont.consent == Party.Consent.PENDING and outside.is_public
    assert [m.to for m in mail.outbox if "vous désigne comme partie" in m.subject] == [["dgs@valmont.example"]]
    assert (
        any("n'agissez plus en son nom" in m.body for m in mail.outbox if m.to == ["camille@paris.example"])
        or not people["paris_coord"].email
    )
    action = outside.actions.get(number="n°1")
    measurement = {"indicator": action.indicators.first().pk, "party": valmont.pk, "value": "3", "date": "2026-01-05"}
    assert (
        client_for(people["paris_coord"])
        .post(reverse("dashboard:post-measurement", args=[outside.pk, action.pk]), measurement)
        .status_code
        == 400
    )
    assert "Invitations à répondre" in client_for(dgs).get(reverse("conventions:home")).content.decode()
    # nobody can invite a coordination for another organisation: no such page
    assert (
        client_for(people["paris_coord"])
        .post(f"/conventions/{outside.pk}/parties/{valmont.pk}/inviter-coordination/", {"email": "x@y.fr"})
        .status_code
        == 404
    )


def test_a_member_who_cannot_answer_is_told_the_coordination_must(people, awaiting):
    page = client_for(people["montclair_pilot"]).get(reverse("conventions:home")).content.decode()
    assert "Conventions en attente de votre coordination" in page and awaiting.title in page
    assert "Invitations à répondre" not in page


def test_a_refusal_is_told_to_the_importing_coordination_only(people, awaiting):
    consent.refuse(awaiting.parties.get(label=MONTCLAIR), people["montclair_coord"], "Pas cette version.")
    assert "Pas cette version." in client_for(people["paris_coord"]).get(reverse("conventions:home")).content.decode()
    assert (
        "Pas cette version." not in client_for(people["paris_reader"]).get(reverse("conventions:home")).content.decode()
    )


def test_who_is_party_is_not_learnt_from_a_refusal(people, awaiting):
    montclair = awaiting.parties.get(label=MONTCLAIR)
    for name in ("conventions:answer-invitation", "conventions:invite-party-again"):
        for pk in (montclair.pk, 999_999):
            assert client_for(people["outsider"]).post(reverse(name, args=[awaiting.pk, pk])).status_code == 404


def test_only_the_invited_coordination_answers(people, awaiting):
    montclair = awaiting.parties.get(label=MONTCLAIR)
    with pytest.raises(DomainError):
        consent.accept(montclair, people["paris_coord"])
    consent.accept(montclair, people["montclair_coord"])
    with pytest.raises(DomainError):
        consent.refuse(montclair, people["montclair_coord"], "trop tard")
    assert Convention.objects.get(pk=awaiting.pk).parties.filter(consent=Party.Consent.ACCEPTED).count() == 2
