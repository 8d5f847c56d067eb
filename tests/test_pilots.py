"""Pilots are services: a pilot cell is read into its party's services by exact name or acronym,
what matches nothing is settled once by the party's coordination, and a pilot writes exactly the
actions their service (or a service beneath it) pilots. The texts are written for these tests."""

import pytest
from django.urls import reverse

from concorde.conventions import consent, pilots, services
from concorde.conventions.models import ActionPilot, ImportWarning
from concorde.ingest.loader import import_document, organisation_for
from concorde.territories.models import Membership, Service, ServiceAlias
from concorde.territories.service_names import Directory, names_in, parts_of

from .conftest import MAX, MONTCLAIR, PARIS, act, client_for, party, service_named


@pytest.mark.parametrize(
    "cell, names",
    [
        ("DAC, DAE ; DJS", ["DAC", "DAE", "DJS"]),
        ("DAC et DAE", ["DAC", "DAE"]),
        ("DAC/DAE", ["DAC", "DAE"]),
        ("Direction de la voirie et des déplacements", ["Direction de la voirie et des déplacements"]),
        ("Service Santé/Environnement", ["Service Santé/Environnement"]),
        ("DCPSL (pilotage)", ["DCPSL"]),
        ("Mission culture (Direction générale)", ["Mission culture"]),
        ("DCPSL (pilotage), autres directions (DEJ, DDMH)", ["DCPSL", "autres directions", "DEJ", "DDMH"]),
        ("- DASES\n- DFPE", ["DASES", "DFPE"]),
        ("", []),
    ],
)
def test_a_pilot_cell_lists_its_service_names(cell, names):
    assert names_in(cell) == names


@pytest.mark.parametrize(
    "name, parts",
    [
        ("DEF – ASE", ["DEF", "ASE"]),
        ("DASES-SDS", ["DASES", "SDS"]),
        ("DEVE–Service du paysage", ["DEVE", "Service du paysage"]),
        ("Direction - Service des sports", ["Direction", "Service des sports"]),
        ("DASCO- DAC", ["DASCO", "DAC"]),
        ("Commune de Saint-Ouen-sur-Seine", ["Commune de Saint-Ouen-sur-Seine"]),
        ("Service jeunesse-sports", ["Service jeunesse-sports"]),
    ],
)
def test_a_name_splits_into_a_direction_and_its_service_only_at_a_real_dash(name, parts):
    assert parts_of(name) == parts


def test_names_match_services_exactly_never_by_a_shared_word(db):
    org = organisation_for("Commune d'Essai-sur-Loire", "commune")
    env = Service.objects.create(organisation=org, name="Direction des services de l'environnement", acronym="DSE")
    social = Service.objects.create(organisation=org, name="Direction de l'action sociale", acronym="DAS")
    childhood = Service.objects.create(organisation=org, name="Aide sociale à l'enfance", acronym="ASE", parent=social)
    ServiceAlias.objects.create(organisation=org, label="Action sociale", service=social)
    ServiceAlias.objects.create(organisation=org, label="pilotage partagé", service=None)
    directory = Directory.of(org.pk)

    assert directory.read("Direction des transports").services == []  # « direction », « des »: no authority
    assert directory.read("direction des services de l’environnement").services == [env]  # case, accents, apostrophes
    assert directory.read("DSE, Action sociale").services == [env, social]
    assert directory.read("DAS – ASE").services == [childhood]  # the service within its direction
    assert directory.read("pilotage partagé").services == [] and directory.read("pilotage partagé").unsettled == []
    reading = directory.read("DAS – Service des familles ; Mission égalité")
    assert reading.services == [social]
    assert reading.unsettled == [
        {"label": "Service des familles", "parent": social.pk},
        {"label": "Mission égalité", "parent": None},
    ]


def test_the_hole_a_pilot_of_another_service_of_the_same_party_cannot_write_the_action(
    convention, people, django_user_model
):
    """Before: any word of three letters or more of one's service in the pilot cell made one its pilot,
    so « Direction des services de l'environnement » piloted what « Direction des transports » pilots."""
    paris = party(convention, PARIS)
    action = act(convention, "n°4")
    pilot = action.pilots.get(party=paris)
    transports = service_named(paris.organisation, "Direction des transports et de la voirie")
    pilot.service = "Direction des transports et de la voirie"
    pilots.read_cell(pilot, Directory.of(paris.organisation_id))
    env_pilot = django_user_model.objects.create_user("env_pilot", password="x")
    Membership.objects.create(
        user=env_pilot,
        organisation=paris.organisation,
        role="pilot",
        service=service_named(paris.organisation, "Direction des services de l'environnement"),
    )
    transport_pilot = django_user_model.objects.create_user("transport_pilot", password="x")
    Membership.objects.create(user=transport_pilot, organisation=paris.organisation, role="pilot", service=transports)

    page = client_for(env_pilot).get(reverse("dashboard:my-actions")).content.decode()
    assert action.title not in page
    blocked = {"status": "blocked", "progress": "0", "lock_version": action.lock_version}
    assert (
        client_for(env_pilot).post(reverse("dashboard:track", args=[convention.pk, action.pk]), blocked).status_code
        == 403
    )
    action.refresh_from_db()
    assert action.status != "blocked"

    assert action.title in client_for(transport_pilot).get(reverse("dashboard:my-actions")).content.decode()
    assert (
        client_for(transport_pilot)
        .post(reverse("dashboard:track", args=[convention.pk, action.pk]), blocked)
        .status_code
        == 302
    )
    action.refresh_from_db()
    assert action.status == "blocked"


def test_a_direction_pilots_what_its_services_pilot_but_not_the_other_way(convention, people, django_user_model):
    """Montclair's DST and its « Service des eaux »: the demo's n°1 is piloted by « DST – Service des eaux »."""
    montclair = party(convention, MONTCLAIR)
    dst = service_named(montclair.organisation, "DST")
    waters = service_named(montclair.organisation, "Service des eaux", parent=dst)
    for p in ActionPilot.objects.filter(party=montclair):
        pilots.read_cell(p, Directory.of(montclair.organisation_id))
    assert list(act(convention, "n°1").pilots.get(party=montclair).services.all()) == [waters]
    waters_pilot = django_user_model.objects.create_user("eaux", password="x")
    Membership.objects.create(user=waters_pilot, organisation=montclair.organisation, role="pilot", service=waters)

    def listed(user):
        html = client_for(user).get(reverse("dashboard:my-actions")).content.decode()
        return {a.number for a in convention.actions.all() if a.title in html}

    assert listed(people["montclair_pilot"]) == {"n°1", "2.1", "2.2"}  # DST: its own actions and its services'
    assert listed(waters_pilot) == {"n°1"}


DOCUMENT = """# Convention de coopération entre la Ville de Paris et la Commune de Montclair-sur-Marne

entre

La Ville de Paris

Et

La Commune de Montclair-sur-Marne

## Axe 1 : Les berges

Action n°1 : Nettoyer les berges

Délai de mise en œuvre :	2026
Services opérationnels pilotes : Paris : Montclair-sur-Marne :	DPE Mission rivières
Budget estimé :	10 000 €

Action n°2 : Baliser un sentier

Délai de mise en œuvre :	2027
Services opérationnels pilotes : Paris : Montclair-sur-Marne :	DPE Mission rivières
"""


def _draft(people, text=DOCUMENT, name="berges.md"):
    return import_document(
        text.encode(), name, user=people["paris_coord"], organisation=organisation_for(PARIS, None), max_bytes=MAX
    ).convention


def test_an_unmatched_pilot_name_is_a_point_to_check_then_settled_once_for_every_action(people):
    montclair_org = organisation_for(MONTCLAIR, None)
    draft = _draft(people)
    montclair = draft.parties.get(organisation=montclair_org)
    assert {p.service for p in ActionPilot.objects.filter(party=montclair)} == {"Mission rivières"}
    warning = ImportWarning.objects.get(convention=draft, section="Services pilotes")
    assert "« Mission rivières »" in warning.message and "(2 actions)" in warning.message
    assert {
        p.action.number: [s.short for s in p.services.all()]
        for p in ActionPilot.objects.filter(party__organisation=organisation_for(PARIS, None))
    } == {"n°1": ["DPE"], "n°2": ["DPE"]}

    coord = client_for(people["paris_coord"])
    review = coord.get(reverse("conventions:review", args=[draft.pk])).content.decode()
    assert "Services pilotes" in review and "La coordination de Commune de Montclair-sur-Marne rattachera" in review
    # Montclair has its own coordination: Paris cannot create Montclair's services for it
    data = {"label": "Mission rivières", "convention": draft.pk, "choice": "new", "name": "Mission rivières"}
    assert coord.post(reverse("conventions:settle-service", args=[montclair_org.pk]), data).status_code == 403
    assert not Service.objects.filter(organisation=montclair_org, name="Mission rivières").exists()

    mine = client_for(people["montclair_coord"])
    settle_page = reverse("conventions:settle-services", args=[montclair_org.pk])
    assert "Mission rivières" not in mine.get(settle_page).content.decode()  # Paris's draft is not Montclair's to see
    services.validate(draft, people["paris_coord"])
    consent.accept(montclair, people["montclair_coord"])
    page = mine.get(settle_page).content.decode()
    assert "« Mission rivières »" in page and "2 actions" in page and draft.title[:40] in page
    assert (
        mine.post(reverse("conventions:settle-service", args=[montclair_org.pk]), {**data, "acronym": "MR"}).status_code
        == 302
    )
    rivers = Service.objects.get(organisation=montclair_org, name="Mission rivières")
    assert all(
        list(p.services.all()) == [rivers] and not p.unsettled for p in ActionPilot.objects.filter(party=montclair)
    )
    warning.refresh_from_db()
    assert warning.resolved
    # the next import reads the name: no point to check
    again = _draft(people, DOCUMENT.replace("Nettoyer", "Entretenir"), "berges-2.md")
    assert not again.import_warnings.filter(section="Services pilotes").exists()


def test_a_name_settled_as_no_service_is_ignored_from_then_on(people):
    montclair_org = organisation_for(MONTCLAIR, None)
    draft = _draft(people)
    services.validate(draft, people["paris_coord"])
    consent.accept(draft.parties.get(organisation=montclair_org), people["montclair_coord"])
    mine = client_for(people["montclair_coord"])
    data = {"label": "Mission rivières", "choice": "ignore"}
    assert mine.post(reverse("conventions:settle-service", args=[montclair_org.pk]), data).status_code == 302
    assert not ActionPilot.objects.filter(action__convention=draft, needs_settling=True).exists()
    assert ServiceAlias.objects.get(organisation=montclair_org).service is None
    # an existing service named at settling must be the organisation's own
    other = Service.objects.create(organisation=organisation_for(PARIS, None), name="Mission Seine")
    forged = {"label": "Autre mission", "choice": "existing", "service": other.pk}
    response = mine.post(reverse("conventions:settle-service", args=[montclair_org.pk]), forged)
    assert response.status_code == 302 and not ServiceAlias.objects.filter(key="autre mission").exists()


def test_the_importer_settles_for_a_party_without_coordination(people):
    """« Hors Concorde »: an organisation with nobody on the instance has its pilot names settled by the importer."""
    text = DOCUMENT.replace("Montclair-sur-Marne", "Valmont-les-Bains")
    draft = _draft(people, text)
    valmont = draft.parties.exclude(organisation=organisation_for(PARIS, None)).get().organisation
    coord = client_for(people["paris_coord"])
    assert (
        "Rattacher « Mission rivières »" in coord.get(reverse("conventions:review", args=[draft.pk])).content.decode()
    )
    data = {"label": "Mission rivières", "convention": draft.pk, "choice": "new", "name": "Mission des rivières"}
    response = coord.post(reverse("conventions:settle-service", args=[valmont.pk]), data)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/conventions/{draft.pk}/relecture/#services-pilotes"
    )
    assert Service.objects.filter(organisation=valmont, name="Mission des rivières").exists()
    # another organisation's coordination has no say
    data["label"] = "DPE"
    assert (
        client_for(people["outsider"]).post(reverse("conventions:settle-service", args=[valmont.pk]), data).status_code
        == 403
    )
    services.validate(draft, people["paris_coord"])
    assert draft.parties.get(organisation=valmont).consent == "outside"


def test_acting_for_an_organisation_outside_concorde_changes_only_ones_own_conventions(people):
    """Paris and Nulle-Part both import a convention naming Valmont, which has nobody on the instance:
    what Nulle-Part settles for Valmont touches its own draft only, and teaches later imports nothing."""
    text = DOCUMENT.replace("Montclair-sur-Marne", "Valmont-les-Bains")
    paris_draft = _draft(people, text)
    valmont = paris_draft.parties.exclude(organisation=organisation_for(PARIS, None)).get().organisation
    services.validate(paris_draft, people["paris_coord"])
    other = import_document(
        text.replace("Nettoyer", "Curer").encode(),
        "autre.md",
        user=people["outsider"],
        organisation=organisation_for("Commune de Nulle-Part", None),
        max_bytes=MAX,
    ).convention
    data = {"label": "Mission rivières", "choice": "new", "name": "Service imposé"}
    assert (
        client_for(people["outsider"]).post(reverse("conventions:settle-service", args=[valmont.pk]), data).status_code
        == 302
    )
    imposed = Service.objects.get(organisation=valmont, name="Service imposé")
    assert all(
        list(p.services.all()) == [imposed]
        for p in ActionPilot.objects.filter(action__convention=other, party__organisation=valmont)
    )
    assert not ActionPilot.objects.filter(action__convention=paris_draft, services=imposed).exists()
    assert ActionPilot.objects.filter(action__convention=paris_draft, needs_settling=True).count() == 2
    assert not ServiceAlias.objects.filter(organisation=valmont).exists()
    page = (
        client_for(people["outsider"]).get(reverse("conventions:settle-services", args=[valmont.pk])).content.decode()
    )
    assert paris_draft.title[:30] not in page  # Paris's convention is not Nulle-Part's to see


def test_naming_a_sides_pilots_is_one_transaction(convention, people, monkeypatch):
    """Creating the pilot, setting its services and people and moving the dashboard's version are
    one write: a failure at the last step leaves neither a new pilot nor changed services."""
    from concorde.conventions.models import Convention

    action = act(convention, "n°4")
    paris, montclair = party(convention, PARIS), party(convention, MONTCLAIR)
    action.pilots.filter(party=montclair).delete()
    existing = action.pilots.get(party=paris)
    before = (list(existing.services.all()), list(existing.users.all()), existing.history.count())
    version = Convention.objects.get(pk=convention.pk).data_version
    records = ActionPilot.history.filter(action_id=action.pk).count()

    def fail(convention_id):
        raise RuntimeError("panne au moment de signaler le changement")

    monkeypatch.setattr(pilots, "touch", fail)
    libraries = service_named(paris.organisation, "Bibliothèques")
    with pytest.raises(RuntimeError):
        pilots.designate(action, paris, [libraries], [people["paris_pilot"]], people["paris_coord"])
    with pytest.raises(RuntimeError):
        pilots.designate(
            action, montclair, [service_named(montclair.organisation, "Médiathèque")], [], people["montclair_coord"]
        )
    existing.refresh_from_db()
    assert (list(existing.services.all()), list(existing.users.all()), existing.history.count()) == before
    assert not action.pilots.filter(party=montclair).exists()
    assert ActionPilot.history.filter(action_id=action.pk).count() == records
    assert Convention.objects.get(pk=convention.pk).data_version == version
    monkeypatch.undo()
    pilots.designate(action, paris, [libraries], [people["paris_pilot"]], people["paris_coord"])  # and it goes through
    assert (
        list(existing.services.all()) == [libraries]
        and Convention.objects.get(pk=convention.pk).data_version == version + 1
    )
