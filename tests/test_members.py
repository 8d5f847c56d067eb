"""An organisation's coordination brings in its own people and keeps its services: invitations by
e-mail (used once, expiring, revocable), roles and services changed, members removed — no step in
the Django admin."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from concorde.territories.models import Invitation, Membership, Service

from .conftest import client_for, service_named

PASSWORD = "une phrase de passe solide"


def _link(message) -> str:
    line = next(line for line in message.body.splitlines() if "/invitation/" in line)
    return line[line.index("/invitation/") :].strip()


@pytest.fixture
def paris_org(people):
    return Membership.objects.get(user=people["paris_coord"]).organisation


def _invite(people, org, email="nadia@paris.example", role="pilot", service=None, who="paris_coord"):
    mail.outbox.clear()
    data = {
        "email": email,
        "first_name": "Nadia",
        "last_name": "Haddad",
        "role": role,
        "service": service.pk if service else "",
    }
    return client_for(people[who]).post(reverse("territories:invite", args=[org.pk]), data)


def test_a_coordination_invites_a_pilot_who_opens_an_account_from_the_link(people, paris_org):
    dpe = service_named(paris_org, "DPE")
    assert _invite(people, paris_org, service=dpe).status_code == 302
    assert (
        mail.outbox[0].to == ["nadia@paris.example"]
        and "Invitation à rejoindre Ville de Paris" in mail.outbox[0].subject
    )
    link = _link(mail.outbox[0])
    stored = Invitation.objects.get()
    assert stored.token_hash not in link and link.split("/")[2] not in stored.token_hash  # only a hash is kept

    visitor = client_for(None)
    page = visitor.get(link).content.decode()
    assert "vous invite à rejoindre" in page and "Ville de Paris" in page and "Ouvrir mon compte" in page
    short = {"first_name": "Nadia", "last_name": "Haddad", "password1": "court", "password2": "court"}
    assert visitor.post(link, short).status_code == 400
    assert not get_user_model().objects.filter(email="nadia@paris.example").exists()
    response = visitor.post(link, {**short, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("conventions:home")
    membership = Membership.objects.get(user__email="nadia@paris.example")
    assert (membership.organisation, membership.role, membership.service) == (paris_org, "pilot", dpe)
    assert visitor.get(reverse("dashboard:my-actions")).status_code == 200  # signed in
    # the link is used once
    again = client_for(None).get(link)
    assert again.status_code == 410 and "déjà servi" in again.content.decode()
    # and the account signs in with the address and the password chosen
    signed = client_for(None)
    assert (
        signed.post(reverse("territories:login"), {"username": "nadia@paris.example", "password": PASSWORD}).status_code
        == 302
    )


def test_a_link_expires_can_be_revoked_and_a_wrong_one_says_so(people, paris_org):
    _invite(people, paris_org)
    link = _link(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    expired = client_for(None).get(link)
    assert expired.status_code == 410 and "a expiré" in expired.content.decode()
    _invite(people, paris_org)  # sent again: a new link, the old one revoked
    fresh = Invitation.objects.filter(revoked_at=None, accepted_at=None).get()
    coord = client_for(people["paris_coord"])
    assert coord.post(reverse("territories:revoke-invitation", args=[paris_org.pk, fresh.pk])).status_code == 302
    revoked = client_for(None).post(
        _link(mail.outbox[0]), {"first_name": "N", "last_name": "H", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert revoked.status_code == 410 and "révoquée" in revoked.content.decode()
    assert not get_user_model().objects.filter(email="nadia@paris.example").exists()
    assert client_for(None).get("/invitation/pas-un-vrai-lien/").status_code == 404


def test_an_existing_account_accepts_under_its_own_address_only(people, paris_org):
    someone = get_user_model().objects.create_user("hugo", email="hugo@exemple.fr", password=PASSWORD)
    _invite(people, paris_org, email="Hugo@Exemple.fr", role="reader")
    link = _link(mail.outbox[0])
    assert "Un compte existe pour hugo@exemple.fr" in client_for(None).get(link).content.decode()
    wrong = client_for(people["montclair_coord"])  # signed in under another address
    assert "Se déconnecter" in wrong.get(link).content.decode()
    assert wrong.post(link).status_code == 400
    assert not Membership.objects.filter(user=people["montclair_coord"], organisation=paris_org).exists()
    assert client_for(someone).post(link).status_code == 302
    assert Membership.objects.get(user=someone, organisation=paris_org).role == "reader"


def test_only_the_organisations_own_coordination_invites(people, paris_org):
    for who in ("paris_pilot", "paris_reader", "montclair_coord"):
        assert _invite(people, paris_org, who=who).status_code == 403
        assert client_for(people[who]).get(reverse("territories:members", args=[paris_org.pk])).status_code == 403
    assert not Invitation.objects.exists() and not mail.outbox
    people["paris_pilot"].email = "louis@paris.example"
    people["paris_pilot"].save()
    refused = _invite(people, paris_org, email="louis@paris.example")
    assert refused.status_code == 400 and "déjà membre" in refused.content.decode()


def test_the_coordination_changes_roles_and_services_and_removes_members_never_the_last_coordination(people, paris_org):
    coord = client_for(people["paris_coord"])
    pilot = Membership.objects.get(user=people["paris_pilot"])
    deve = service_named(paris_org, "DEVE")
    assert (
        coord.post(
            reverse("territories:change-member", args=[paris_org.pk, pilot.pk]),
            {f"m{pilot.pk}-role": "coordination", f"m{pilot.pk}-service": deve.pk},
        ).status_code
        == 302
    )
    pilot.refresh_from_db()
    assert (pilot.role, pilot.service) == ("coordination", deve)
    other_service = service_named(Membership.objects.get(user=people["montclair_coord"]).organisation, "DGS")
    coord.post(
        reverse("territories:change-member", args=[paris_org.pk, pilot.pk]),
        {f"m{pilot.pk}-role": "pilot", f"m{pilot.pk}-service": other_service.pk},
    )
    pilot.refresh_from_db()
    assert pilot.service == deve  # another organisation's service is not a choice
    reader = Membership.objects.get(user=people["paris_reader"])
    assert coord.post(reverse("territories:remove-member", args=[paris_org.pk, reader.pk])).status_code == 302
    assert not Membership.objects.filter(pk=reader.pk).exists()
    assert reader.history.filter(history_type="-").exists()  # who removed whom is kept
    # the last coordination cannot demote or remove themselves
    coord.post(reverse("territories:change-member", args=[paris_org.pk, pilot.pk]), {f"m{pilot.pk}-role": "pilot"})
    me = Membership.objects.get(user=people["paris_coord"])
    response = coord.post(reverse("territories:remove-member", args=[paris_org.pk, me.pk]), follow=True)
    assert "est la seule coordination de Ville de Paris" in response.content.decode()
    assert Membership.objects.filter(pk=me.pk, role="coordination").exists()
    # nobody else touches Paris's members
    assert (
        client_for(people["montclair_coord"])
        .post(reverse("territories:remove-member", args=[paris_org.pk, me.pk]))
        .status_code
        == 403
    )


def test_the_coordination_keeps_its_services(people, paris_org):
    coord = client_for(people["paris_coord"])
    add = reverse("territories:add-service", args=[paris_org.pk])
    assert coord.post(add, {"new-name": "Direction des affaires culturelles", "new-acronym": "DAC"}).status_code == 302
    dac = Service.objects.get(organisation=paris_org, acronym="DAC")
    assert coord.post(add, {"new-name": "Bibliothèques", "new-parent": dac.pk}).status_code == 302
    libraries = Service.objects.get(organisation=paris_org, name="Bibliothèques")
    assert libraries.parent == dac
    duplicate = coord.post(add, {"new-name": "Autre", "new-acronym": "dac"})
    assert duplicate.status_code == 400 and "déjà un service" in duplicate.content.decode()
    # a name that is another service's acronym would make « DAC » in a document designate two services
    assert coord.post(add, {"new-name": "DAC"}).status_code == 400
    cycle = coord.post(
        reverse("territories:edit-service", args=[paris_org.pk, dac.pk]),
        {f"s{dac.pk}-name": dac.name, f"s{dac.pk}-acronym": "DAC", f"s{dac.pk}-parent": libraries.pk},
    )
    assert cycle.status_code == 400
    dac.refresh_from_db()
    assert dac.parent is None
    used = client_for(people["paris_coord"]).post(
        reverse("territories:delete-service", args=[paris_org.pk, dac.pk]), follow=True
    )
    assert "le renommer plutôt que le supprimer" in used.content.decode() and Service.objects.filter(pk=dac.pk).exists()
    assert coord.post(reverse("territories:delete-service", args=[paris_org.pk, libraries.pk])).status_code == 302
    assert not Service.objects.filter(pk=libraries.pk).exists()
    page = coord.get(reverse("territories:services", args=[paris_org.pk])).content.decode()
    assert "Direction des affaires culturelles" in page
    assert client_for(people["paris_pilot"]).post(add, {"new-name": "Pirate"}).status_code == 403
    assert (
        client_for(people["montclair_coord"]).get(reverse("territories:services", args=[paris_org.pk])).status_code
        == 403
    )


def test_when_mail_is_down_the_coordination_gets_the_link_to_pass_on(people, paris_org, monkeypatch):
    from concorde.territories import people as people_module

    def down(*args, **kwargs):
        raise OSError("serveur de courriel injoignable")

    monkeypatch.setattr(people_module, "send_mail", down)
    coord = client_for(people["paris_coord"])
    response = coord.post(
        reverse("territories:invite", args=[paris_org.pk]),
        {"email": "nadia@paris.example", "role": "reader"},
        follow=True,
    )
    html = response.content.decode()
    assert "n&#x27;a pas pu partir" in html and "affiché une seule fois" in html
    link = html.split('id="lien-invitation" readonly value="')[1].split('"')[0]
    assert "/invitation/" in link and client_for(None).get(link[link.index("/invitation/") :]).status_code == 200
    assert (
        "affiché une seule fois" not in coord.get(reverse("territories:members", args=[paris_org.pk])).content.decode()
    )


def test_account_page_leads_a_coordination_to_its_people_and_services(people):
    page = client_for(people["paris_coord"]).get(reverse("territories:account")).content.decode()
    assert "Membres et invitations de Ville de Paris" in page and "Services de Ville de Paris" in page
    assert (
        "Membres et invitations"
        not in client_for(people["paris_pilot"]).get(reverse("territories:account")).content.decode()
    )


def test_another_organisations_member_is_not_reached_through_ones_own_pages(people, paris_org):
    montclair_pilot = Membership.objects.get(user=people["montclair_pilot"])
    coord = client_for(people["paris_coord"])
    assert coord.post(reverse("territories:remove-member", args=[paris_org.pk, montclair_pilot.pk])).status_code == 404
    assert (
        coord.post(
            reverse("territories:change-member", args=[paris_org.pk, montclair_pilot.pk]),
            {f"m{montclair_pilot.pk}-role": "reader"},
        ).status_code
        == 404
    )
    montclair_pilot.refresh_from_db()
    assert montclair_pilot.role == "pilot"
