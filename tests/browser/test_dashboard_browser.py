"""Main path of the shared dashboard in a real browser: a pilot of each party updates an
action and enters a measurement; the other party's coordination validates it."""

import pytest

from concorde.conventions.models import Measurement

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_parties_share_one_plan(page, live_server, people, convention):
    action = convention.actions.get(number="n°1")
    action_url = f"{live_server.url}/conventions/{convention.pk}/actions/{action.pk}/"

    # the Paris pilot moves the action forward
    login(page, live_server, "paris_pilot")
    page.get_by_role("link", name="Mes actions").click()
    page.get_by_role("link", name="n°1 — Ouvrir un site de baignade surveillé à Montclair-sur-Marne").click()
    page.get_by_label("Statut").select_option(label="En cours")
    page.get_by_label("Avancement (%)").fill("30")
    page.get_by_role("button", name="Enregistrer le suivi").click()
    assert page.get_by_role("status").inner_text().strip() == "Suivi de l'action enregistré."

    # the Montclair pilot enters a measurement on its own side
    page.context.clear_cookies()
    login(page, live_server, "montclair_pilot")
    page.goto(action_url)
    assert "En cours" in page.locator("#titre-fiche + dl").inner_text()
    form = page.locator("form[action$='/mesures/']")
    form.get_by_label("Indicateur").select_option(label="Nombre de jours de baignade ouverts")
    form.get_by_label("Valeur").fill("18")
    form.get_by_label("Date de la mesure").fill("2026-07-14")
    form.get_by_role("button", name="Enregistrer la mesure").click()
    assert "attend la validation" in page.get_by_role("status").inner_text()
    measurement = Measurement.objects.get()
    assert measurement.party.label == "Commune de Montclair-sur-Marne"

    # the Paris coordination validates it from the dashboard's action page
    page.context.clear_cookies()
    login(page, live_server, "paris_coord")
    page.goto(f"{live_server.url}/conventions/{convention.pk}/tableau-de-bord/")
    assert "1 mesure à valider" in page.locator(".lead").inner_text()
    page.get_by_role("link", name="n°1 — Ouvrir un site de baignade surveillé à Montclair-sur-Marne").click()
    page.locator(f"#mesure-{measurement.pk}").get_by_role("button", name="Valider").click()
    assert page.get_by_role("status").inner_text().strip() == "Mesure validée."
    measurement.refresh_from_db()
    assert measurement.status == "validated"
    page.goto(f"{live_server.url}/conventions/{convention.pk}/tableau-de-bord/")
    assert "0 mesure à valider" in page.locator(".lead").inner_text()
