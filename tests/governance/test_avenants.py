"""Avenants: drafted, approved at a held comité de pilotage, adopted by every assembly; only
then the convention changes and a new version can be compared with the previous one."""

import datetime as dt
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concorde.conventions import tracking
from concorde.conventions.models import Action, Document
from concorde.conventions.versions import compare
from concorde.governance import avenants, services
from concorde.governance.models import Avenant, GoverningBody
from concorde.search.models import Entry
from concorde.territories.models import Organisation
from tests import factories
from tests.conftest import act, client_for, party
from tests.governance.conftest import TODAY


@pytest.fixture
def copil_held(convention, people):
    copil = convention.bodies.get(kind=GoverningBody.Kind.STEERING)
    return factories.meeting(copil, TODAY, by=people["paris_coord"], minutes="Avenant présenté.")


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

    def adopt(client, p, act_number, transmission=""):
        return client.post(
            reverse("governance:adopt-avenant", args=[convention.pk, avenant.pk, p.pk]),
            {
                f"p{p.pk}-date": TODAY.isoformat(),
                f"p{p.pk}-act_number": act_number,
                f"p{p.pk}-transmission_id": transmission,
            },
        )

    adopt(paris, p_montclair, "X")  # Paris cannot record Montclair's vote
    assert not avenant.adoptions.exists()
    Organisation.objects.filter(pk=p_paris.organisation_id).update(siren="217500016")
    adopt(paris, p_paris, "2026 DGRI 12", f"075-217500016-{TODAY:%Y%m%d}-2026DGRI12-DE")
    avenant.refresh_from_db()
    assert avenant.status == Avenant.Status.APPROVED and convention.versions.count() == 1
    response = adopt(montclair, p_montclair, "DEL-2026-041")
    assert "en vigueur" in _page(montclair, response.url)
    avenant.refresh_from_db()
    convention.refresh_from_db()
    assert avenant.status == Avenant.Status.IN_FORCE and avenant.version.number == 2
    assert convention.duration_label == "5 ans" and convention.notice_label == "6 mois"
    assert convention.actions.filter(number="n°5", title="Créer une navette fluviale", axis=axis).exists()
    assert not convention.actions.filter(pk=removed.pk).exists()  # archived, not deleted
    assert Action.all_objects.get(pk=removed.pk).archived_reason == "Avenant n° 1 — Extension du programme"
    assert convention.deliberations.filter(act_number="2026 DGRI 12", transmission_id__startswith="075-").exists()
    # the approval is one of the comité's decisions
    assert list(copil_held.decisions.values_list("text", "avenant")) == [
        ("Approbation de l'avenant n° 1 — Extension du programme", avenant.pk)
    ]

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


def test_an_action_removed_by_avenant_is_archived_with_its_history_and_decisions(convention, people, copil_held):
    tracked = act(convention, "n°1")
    tracking.post_update(tracked, party(convention, "Ville de Paris"), people["paris_pilot"], TODAY, "Point d'étape")
    decision = services.record_decision(
        copil_held, people["paris_coord"], text="Mise en pause", action=tracked, new_status=Action.Status.PAUSED
    )
    avenant = factories.avenant(convention, changes=[])
    avenants.add_change(avenant, people["paris_coord"], {"op": "remove_action", "action": tracked.pk})
    avenants.approve(avenant, people["paris_coord"], copil_held)
    for who, label in (("paris_coord", "Ville de Paris"), ("montclair_coord", "Commune de Montclair-sur-Marne")):
        avenants.adopt(avenant, people[who], party=party(convention, label), date=TODAY, act_number="A-1")
    assert not convention.actions.filter(pk=tracked.pk).exists()
    kept = Action.all_objects.get(pk=tracked.pk)
    assert kept.archived_on == TODAY and kept.status == Action.Status.PAUSED and kept.updates.count() == 1
    decision.refresh_from_db()
    assert decision.action_id == tracked.pk and decision.new_status == Action.Status.PAUSED
    assert kept.history.first().archived_on == TODAY  # the removal is in its history
    page = _page(client_for(people["montclair_coord"]), reverse("dashboard:action", args=[convention.pk, tracked.pk]))
    assert "Action retirée du plan le" in page and "Mise en pause" in page and "Point d'étape" in page
    assert not Entry.objects.filter(kind=Entry.Kind.ACTION, object_id=tracked.pk).exists()


def test_pilots_do_not_draft(convention, people):
    with pytest.raises(avenants.DomainError, match="coordination"):
        avenants.create(convention, people["paris_pilot"], "Non")
    response = client_for(people["paris_pilot"]).post(
        reverse("governance:create-avenant", args=[convention.pk]), {"title": "Non"}
    )
    assert not Avenant.objects.exists() and response.status_code == 403


def test_an_avenant_is_approved_only_at_a_comite_held_since_it_was_prepared(convention, people):
    copil = convention.bodies.get(kind=GoverningBody.Kind.STEERING)
    earlier = factories.meeting(copil, TODAY - dt.timedelta(days=60), by=people["paris_coord"], minutes="Tenu.")
    avenant = avenants.create(convention, people["paris_coord"], "Ajustement")
    avenants.add_change(
        avenant, people["paris_coord"], {"op": "set_term", "fields": {"notice": 2, "notice_unit": "months"}}
    )
    client = client_for(people["paris_coord"])
    page = _page(client, reverse("governance:avenant", args=[convention.pk, avenant.pk]))
    assert "Aucune réunion du comité de pilotage tenue depuis la préparation" in page  # the earlier one is not offered
    with pytest.raises(avenants.DomainError, match="s'est tenu avant que l'avenant soit préparé"):
        avenants.approve(avenant, people["paris_coord"], earlier)
    response = client.post(
        reverse("governance:approve-avenant", args=[convention.pk, avenant.pk]), {"meeting": earlier.pk}
    )
    assert response.status_code == 400
    avenant.refresh_from_db()
    assert avenant.status == Avenant.Status.DRAFT and not earlier.decisions.exists()


@pytest.mark.parametrize(
    "fields, refusal",
    [
        ({"date": TODAY + dt.timedelta(days=1)}, "ne peut être datée d'un jour à venir"),
        ({"transmission_id": "n'importe quoi"}, "n'est pas un identifiant @ctes"),
        (
            {"transmission_id": f"075-200058006-{TODAY:%Y%m%d}-12-DE"},
            r"n'est pas celui de Ville de Paris \(217500016\)",
        ),
        ({"transmission_id": "075-217500016-20200101-12-DE"}, "n'est pas celle de l'acte"),
        ({"transmission_id": f"075-217500016-{TODAY:%Y%m%d}-12-CC"}, "de nature CC"),
        ({"act_number": " "}, "numéro de la délibération"),
    ],
)
def test_an_adoption_out_of_order_or_with_a_wrong_actes_identifier_is_refused(
    convention, people, copil_held, fields, refusal
):
    paris = party(convention, "Ville de Paris")
    Organisation.objects.filter(pk=paris.organisation_id).update(siren="217500016")
    paris.organisation.refresh_from_db()
    avenant = factories.avenant(convention)
    avenants.approve(avenant, people["paris_coord"], copil_held)
    given = {"date": TODAY, "act_number": "2026 DGRI 12", "transmission_id": "", **fields}
    with pytest.raises(avenants.DomainError, match=refusal):
        avenants.adopt(avenant, people["paris_coord"], party=paris, **given)
    assert not avenant.adoptions.exists() and not convention.deliberations.filter(act_number="2026 DGRI 12").exists()


def test_a_refused_adoption_comes_back_filled(convention, people, copil_held):
    avenant = factories.avenant(convention)
    avenants.approve(avenant, people["paris_coord"], copil_held)
    paris = party(convention, "Ville de Paris")
    response = client_for(people["paris_coord"]).post(
        reverse("governance:adopt-avenant", args=[convention.pk, avenant.pk, paris.pk]),
        {
            f"p{paris.pk}-date": TODAY.isoformat(),
            f"p{paris.pk}-act_number": "2026-9",
            f"p{paris.pk}-transmission_id": "faux",
        },
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and "n'est pas un identifiant @ctes" in page
    assert 'value="2026-9"' in page and 'value="faux"' in page


def test_the_signed_avenant_is_attached_as_a_pdf(convention, people, copil_held):
    avenant = factories.avenant(convention)
    client = client_for(people["paris_coord"])
    url = reverse("governance:attach-signed-avenant", args=[convention.pk, avenant.pk])
    pdf = b"%PDF-1.7\n% avenant signe\n"
    avenants.approve(avenant, people["paris_coord"], copil_held)
    refused = client.post(url, {"file": SimpleUploadedFile("avenant.pdf", pdf)})
    assert refused.status_code == 400 and "une fois adopté" in html.unescape(refused.content.decode())
    for who, label in (("paris_coord", "Ville de Paris"), ("montclair_coord", "Commune de Montclair-sur-Marne")):
        avenants.adopt(avenant, people[who], party=party(convention, label), date=TODAY, act_number="A-1")
    refused = client.post(url, {"file": SimpleUploadedFile("avenant.docx", b"PK\x03\x04 un docx")})
    assert refused.status_code == 400 and "se dépose en PDF" in html.unescape(refused.content.decode())
    assert not convention.documents.filter(role=Document.Role.AVENANT).exists()
    assert client.post(url, {"file": SimpleUploadedFile("avenant-1-signe.pdf", pdf)}).status_code == 302
    avenant.refresh_from_db()
    document = avenant.signed_document
    assert document.role == Document.Role.AVENANT and document.original_name == "avenant-1-signe.pdf"
    download = client_for(people["montclair_coord"]).get(
        reverse("conventions:document", args=[convention.pk, document.pk])
    )
    assert b"".join(download.streaming_content) == pdf
    # a new signed copy replaces the first, in the documents and on the portal
    assert client.post(url, {"file": SimpleUploadedFile("avenant-1-v2.pdf", pdf + b"v2")}).status_code == 302
    assert list(convention.documents.filter(role=Document.Role.AVENANT).values_list("original_name", flat=True)) == [
        "avenant-1-v2.pdf"
    ]


def test_two_pending_avenants_cannot_touch_the_same_action(convention, people, copil_held):
    action = act(convention, "2.2")
    first = factories.avenant(convention, changes=[])
    avenants.add_change(first, people["paris_coord"], {"op": "remove_action", "action": action.pk})
    second = factories.avenant(convention, number=2, changes=[])
    with pytest.raises(avenants.DomainError, match="L'avenant n° 1 modifie déjà l'action"):
        avenants.add_change(
            second, people["paris_coord"], {"op": "change_action", "action": action.pk, "fields": {"title": "Autre"}}
        )
    assert second.changes == []


def test_an_avenant_rejected_by_an_assembly_is_abandoned_with_its_reason(convention, people, copil_held):
    action = act(convention, "2.2")
    first = factories.avenant(convention, changes=[])
    avenants.add_change(first, people["paris_coord"], {"op": "remove_action", "action": action.pk})
    avenants.approve(first, people["paris_coord"], copil_held)
    url = reverse("governance:abandon-avenant", args=[convention.pk, first.pk])
    montclair = client_for(people["montclair_coord"])
    # without a reason, or unconfirmed, nothing is abandoned and what was typed stays
    response = montclair.post(url, {"reason": "Rejeté par le conseil municipal"})
    assert response.status_code == 400 and "Rejeté par le conseil municipal" in html.unescape(response.content.decode())
    first.refresh_from_db()
    assert first.status == Avenant.Status.APPROVED
    assert client_for(people["paris_pilot"]).post(url, {"reason": "x", "confirm": "on"}).status_code == 403

    response = montclair.post(url, {"reason": "Rejeté par le conseil municipal le 3 mars", "confirm": "on"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Avenant.Status.ABANDONED and first.abandoned_by == people["montclair_coord"]
    page = _page(montclair, reverse("governance:avenant", args=[convention.pk, first.pk]))
    assert page.split("</title>")[0].endswith(f"Avenant n° 1 — {convention.title} — Concorde")
    assert "Abandonné" in page and "Rejeté par le conseil municipal le 3 mars" in page
    assert "Enregistrer l'adoption" not in page and "Abandonner l'avenant" not in page
    # the action stays, and a new avenant may remove it
    assert convention.actions.filter(pk=action.pk).exists()
    second = factories.avenant(convention, number=2, changes=[])
    avenants.add_change(second, people["paris_coord"], {"op": "remove_action", "action": action.pk})
    # an abandoned avenant is not adopted, nor abandoned twice; one in force is not abandoned
    with pytest.raises(avenants.DomainError, match="d'abord approuvé"):
        avenants.adopt(
            first, people["paris_coord"], party=party(convention, "Ville de Paris"), date=TODAY, act_number="1"
        )
    with pytest.raises(avenants.DomainError, match="déjà abandonné"):
        avenants.abandon(first, people["paris_coord"], "encore")
    in_force = factories.avenant(convention, number=3, changes=[], status=Avenant.Status.IN_FORCE)
    with pytest.raises(avenants.DomainError, match="en vigueur ne s'abandonne pas"):
        avenants.abandon(in_force, people["paris_coord"], "trop tard")
