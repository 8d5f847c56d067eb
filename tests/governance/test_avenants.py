"""Avenants: drafted, approved at a held comité de pilotage, adopted by every assembly; only
then the convention changes and a new version can be compared with the previous one."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from concorde.conventions import tracking
from concorde.conventions.versions import compare
from concorde.governance import avenants, services
from concorde.governance.models import Avenant, GoverningBody
from tests import factories
from tests.conftest import act, client_for, party
from tests.governance.conftest import TODAY


@pytest.fixture
def copil_held(convention, people):
    copil = convention.bodies.get(kind=GoverningBody.Kind.STEERING)
    return factories.meeting(
        copil, TODAY - dt.timedelta(days=30), by=people["paris_coord"], minutes="Avenant présenté."
    )


def _page(client, url):
    return html.unescape(client.get(url).content.decode())


def test_whole_cycle_through_the_pages(convention, people, copil_held):
    paris, montclair = client_for(people["paris_coord"]), client_for(people["montclair_coord"])
    response = paris.post(
        reverse("governance:create-avenant", args=[convention.pk]), {"title": "Extension du programme"}
    )
    avenant = Avenant.objects.get()
    assert avenant.number == 1 and response.url == reverse("governance:avenant", args=[convention.pk, avenant.pk])

    def add(op, data):
        paris.post(reverse("governance:add-avenant-change", args=[convention.pk, avenant.pk, op]), data)

    axis = convention.axes.order_by("order").first()
    renamed, removed = act(convention, "n°4"), act(convention, "2.2")
    add("add_action", {"axis": axis.pk, "number": "n°5", "title": "Créer une navette fluviale"})
    add("change_action", {"action": renamed.pk, "title": "Faire circuler les expositions et les fonds"})
    add("remove_action", {"action": removed.pk})
    add("set_term", {"duration": "5", "duration_unit": "years", "notice": "6", "notice_unit": "months"})
    avenant.refresh_from_db()
    assert [c["op"] for c in avenant.changes] == ["add_action", "change_action", "remove_action", "set_term"]

    paris.post(reverse("governance:approve-avenant", args=[convention.pk, avenant.pk]), {"meeting": copil_held.pk})
    avenant.refresh_from_db()
    assert avenant.status == Avenant.Status.APPROVED and avenant.approved_at == copil_held
    # Nothing has changed in the convention yet.
    convention.refresh_from_db()
    assert convention.duration == 4 and convention.actions.filter(pk=removed.pk).exists()

    p_paris, p_montclair = party(convention, "Ville de Paris"), party(convention, "Commune de Montclair-sur-Marne")

    def adopt(client, p, act_number):
        return client.post(
            reverse("governance:adopt-avenant", args=[convention.pk, avenant.pk, p.pk]),
            {
                f"p{p.pk}-date": TODAY.isoformat(),
                f"p{p.pk}-act_number": act_number,
                f"p{p.pk}-transmission_id": "075-217500016-20261120-DEL-1",
            },
        )

    adopt(paris, p_montclair, "X")  # Paris cannot record Montclair's vote
    assert not avenant.adoptions.exists()
    adopt(paris, p_paris, "2026 DGRI 12")
    avenant.refresh_from_db()
    assert avenant.status == Avenant.Status.APPROVED and convention.versions.count() == 1
    response = adopt(montclair, p_montclair, "DEL-2026-041")
    assert "en vigueur" in _page(montclair, response.url)
    avenant.refresh_from_db()
    convention.refresh_from_db()
    assert avenant.status == Avenant.Status.IN_FORCE and avenant.version.number == 2
    assert convention.duration_label == "5 ans" and convention.notice_label == "6 mois"
    assert convention.actions.filter(number="n°5", title="Créer une navette fluviale", axis=axis).exists()
    assert not convention.actions.filter(pk=removed.pk).exists()
    assert convention.deliberations.filter(act_number="DEL-2026-041", transmission_id__startswith="075-").exists()

    page = _page(paris, reverse("conventions:compare-versions", args=[convention.pk]))
    assert "Version 1" in page and "Version 2" in page
    rows = compare(convention.versions.get(number=1).snapshot, convention.versions.get(number=2).snapshot)
    states = {r.state for r in rows}
    assert {"added", "removed", "changed", "same"} <= states
    assert any(r.state == "changed" and "Faire circuler les expositions et les fonds" in r.right for r in rows)
    assert any(r.state == "changed" and r.left == "4 ans" and r.right == "5 ans" for r in rows)


def test_approval_needs_a_held_comite_de_pilotage(convention, people):
    avenant = avenants.create(convention, people["paris_coord"], "Ajustement")
    avenants.add_change(
        avenant, people["paris_coord"], {"op": "set_term", "fields": {"notice": 2, "notice_unit": "months"}}
    )
    cotech = convention.bodies.get(kind=GoverningBody.Kind.TECHNICAL)
    planned = services.schedule_meeting(cotech, people["paris_coord"], date=TODAY, place="")
    with pytest.raises(avenants.DomainError, match="comité de pilotage"):
        avenants.approve(avenant, people["paris_coord"], planned)
    with pytest.raises(avenants.DomainError, match="d'abord approuvé"):
        avenants.adopt(
            avenant, people["paris_coord"], party=party(convention, "Ville de Paris"), date=TODAY, act_number="1"
        )


def test_after_approval_the_change_set_is_frozen_and_adoption_cannot_precede_it(convention, people, copil_held):
    avenant = avenants.create(convention, people["montclair_coord"], "Ajustement")
    avenants.add_change(
        avenant, people["montclair_coord"], {"op": "set_term", "fields": {"notice": 2, "notice_unit": "months"}}
    )
    avenants.approve(avenant, people["montclair_coord"], copil_held)
    with pytest.raises(avenants.DomainError, match="ne se modifie plus"):
        avenants.add_change(
            avenant, people["montclair_coord"], {"op": "set_term", "fields": {"duration": 9, "duration_unit": "years"}}
        )
    with pytest.raises(avenants.DomainError, match="avant son approbation"):
        avenants.adopt(
            avenant,
            people["paris_coord"],
            party=party(convention, "Ville de Paris"),
            date=copil_held.date - dt.timedelta(days=1),
            act_number="1",
        )


def test_a_tracked_action_is_not_removed_and_pilots_do_not_draft(convention, people):
    tracked = act(convention, "n°1")
    tracking.post_update(tracked, party(convention, "Ville de Paris"), people["paris_pilot"], TODAY, "Point d'étape")
    avenant = avenants.create(convention, people["paris_coord"], "Retrait")
    with pytest.raises(avenants.DomainError, match="abandonnée"):
        avenants.add_change(avenant, people["paris_coord"], {"op": "remove_action", "action": tracked.pk})
    with pytest.raises(avenants.DomainError, match="coordination"):
        avenants.create(convention, people["paris_pilot"], "Non")
    response = client_for(people["paris_pilot"]).post(
        reverse("governance:create-avenant", args=[convention.pk]), {"title": "Non"}
    )
    assert Avenant.objects.count() == 1 and response.status_code == 403


def test_an_action_of_another_convention_cannot_be_changed(convention, people, paris_draft):
    avenant = avenants.create(convention, people["paris_coord"], "Intrusion")
    foreign = paris_draft.actions.first()
    with pytest.raises(avenants.DomainError, match="n'appartient pas"):
        avenants.add_change(
            avenant, people["paris_coord"], {"op": "change_action", "action": foreign.pk, "fields": {"title": "Piraté"}}
        )
    assert avenant.changes == []


def test_a_convention_d_application_attaches_to_its_framework(convention, people, paris_draft):
    from concorde.conventions.models import Convention

    Convention.objects.filter(pk=convention.pk).update(kind=Convention.Kind.FRAMEWORK)
    client = client_for(people["paris_coord"])
    url = reverse("conventions:review-convention", args=[paris_draft.pk])
    base = {"convention-title": paris_draft.title, "convention-parent": convention.pk}
    refused = client.post(url, {**base, "convention-kind": "convention"})
    assert refused.status_code == 400 and "Seule une convention d" in html.unescape(refused.content.decode())
    client.post(url, {**base, "convention-kind": "application"})
    paris_draft.refresh_from_db()
    assert paris_draft.parent_id == convention.pk
    page = _page(client, reverse("conventions:convention", args=[convention.pk]))
    assert "Conventions d'application" in page and paris_draft.title in page
    # A draft is seen by its importer only: the other party does not see it listed yet.
    assert paris_draft.title not in _page(
        client_for(people["montclair_coord"]), reverse("conventions:convention", args=[convention.pk])
    )


def test_an_avenant_waiting_is_on_the_agenda_of_the_next_comite(convention, people):
    from concorde.governance import agenda

    avenant = avenants.create(convention, people["paris_coord"], "Allongement")
    assert "Avenants à approuver" not in agenda.draft(convention, TODAY)  # nothing to approve yet
    avenants.add_change(
        avenant, people["paris_coord"], {"op": "set_term", "fields": {"duration": 6, "duration_unit": "years"}}
    )
    assert "Avenant n° 1 — Allongement" in agenda.draft(convention, TODAY)
