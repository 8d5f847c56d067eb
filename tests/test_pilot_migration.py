"""An instance upgraded from free-text pilots: each membership's service becomes a service of its
organisation, each action's pilot text is read against them by exact match, and the rest waits for
the coordination on « Services pilotes à rattacher »."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from .conftest import client_for

BEFORE = [("territories", "0004_access_requests"), ("conventions", "0008_shared_cache")]


@pytest.mark.django_db(transaction=True)
def test_free_text_pilots_are_mapped_by_exact_match_and_the_rest_listed():
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organisation, User = old.get_model("territories", "Organisation"), old.get_model("auth", "User")
    Membership = old.get_model("territories", "Membership")
    paris = Organisation.objects.create(name="Ville de Paris", name_key="ville de paris")
    partner = Organisation.objects.create(
        name="Commune de Montclair-sur-Marne", name_key="commune de montclair sur marne"
    )
    coord = User.objects.create(username="coord", is_active=True)
    pilot = User.objects.create(username="pilote", is_active=True)
    Membership.objects.create(user=coord, organisation=paris, role="coordination", service="Mission Métropole")
    Membership.objects.create(user=pilot, organisation=paris, role="pilot", service="DPE")
    Convention = old.get_model("conventions", "Convention")
    c = Convention.objects.create(title="Ancienne convention", owner=paris, status="validated")
    mine = old.get_model("conventions", "Party").objects.create(convention=c, organisation=paris, label="Paris")
    theirs = old.get_model("conventions", "Party").objects.create(convention=c, organisation=partner, label="Montclair")
    axis = old.get_model("conventions", "Axis").objects.create(convention=c, title="Axe")
    Action, ActionPilot = old.get_model("conventions", "Action"), old.get_model("conventions", "ActionPilot")
    a1 = Action.objects.create(convention=c, axis=axis, title="Première")
    a2 = Action.objects.create(convention=c, axis=axis, title="Seconde")
    ActionPilot.objects.create(action=a1, party=mine, party_label="Paris", service="dpe")
    ActionPilot.objects.create(action=a2, party=mine, party_label="Paris", service="DPE, Direction de la propreté")
    ActionPilot.objects.create(action=a2, party=theirs, party_label="Montclair", service="DST")
    # consent: Montclair has acted on the convention; Valmont has people but never acted; Essai has nobody
    old.get_model("conventions", "Update").objects.create(action=a1, party=theirs, date="2026-01-05", text="Point")
    valmont = Organisation.objects.create(name="Commune de Valmont", name_key="commune de valmont")
    Membership.objects.create(
        user=User.objects.create(username="valmont", is_active=True), organisation=valmont, role="reader"
    )
    essai = Organisation.objects.create(name="Commune d'Essai", name_key="commune d essai")
    Party = old.get_model("conventions", "Party")
    Party.objects.create(convention=c, organisation=valmont, label="Valmont", order=2)
    Party.objects.create(convention=c, organisation=essai, label="Essai", order=3)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    from concorde.conventions.models import ActionPilot as Pilot
    from concorde.conventions.models import Party
    from concorde.territories.models import Membership as Member
    from concorde.territories.models import Service

    dpe = Service.objects.get(organisation_id=paris.pk, name="DPE")
    assert Member.objects.get(user_id=pilot.pk).service == dpe
    assert Member.objects.get(user_id=coord.pk).service.name == "Mission Métropole"
    read = {
        (p.action.title, p.party_label): ([s.name for s in p.services.all()], [u["label"] for u in p.unsettled])
        for p in Pilot.objects.select_related("action")
    }
    assert read == {
        ("Première", "Paris"): (["DPE"], []),  # exact, whatever the case
        ("Seconde", "Paris"): (["DPE"], ["Direction de la propreté"]),  # never by a shared word
        ("Seconde", "Montclair"): ([], ["DST"]),
    }
    # the importer and a party that acted take part; a party with people is asked; one with nobody is acted for
    assert dict(Party.objects.values_list("label", "consent")) == {
        "Paris": "accepted",
        "Montclair": "accepted",
        "Valmont": "pending",
        "Essai": "outside",
    }
    # the rest is listed for each coordination to settle
    from django.contrib.auth import get_user_model

    from concorde.territories.models import Organisation as Org

    page = (
        client_for(get_user_model().objects.get(pk=coord.pk))
        .get(reverse("conventions:settle-services", args=[paris.pk]))
        .content.decode()
    )
    assert "« Direction de la propreté »" in page and "Ancienne convention" in page
    assert Org.objects.get(pk=partner.pk).services.count() == 0
