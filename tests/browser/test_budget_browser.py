"""A pilot keeps an action's budget in a real browser, at desktop width and on a phone: adds a
line with its co-financers, mistypes an amount (refused, what was typed kept), removes the line
after confirming, restores it; the dashboard sums it."""

import pytest
from django.urls import reverse

from tests.conftest import act

from .conftest import login
from .test_accessibility import violations
from .test_search_browser import WIDTHS, overflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_pilot_keeps_the_budget_of_an_action(page, live_server, people, convention, width):
    page.set_viewport_size({"width": width, "height": 900})
    action = act(convention, "n°1")
    login(page, live_server, "paris_pilot")
    page.goto(live_server.url + reverse("dashboard:action", args=[convention.pk, action.pk]))
    budget = page.get_by_role("region", name="Budget")
    budget.get_by_text("Ajouter une ligne budgétaire").click()
    budget.get_by_label("Année").fill("2026")
    budget.get_by_label("Nature").select_option(label="Investissement")
    budget.get_by_label("Objet (facultatif)").fill("Aménagement des berges")
    budget.get_by_label("Prévu (€)").fill("cinquante mille")
    budget.get_by_label("Cofinancements (facultatif)").fill("Région Île-de-France : 20 000")
    budget.get_by_role("button", name="Ajouter la ligne").click()
    assert "Un montant en euros" in page.get_by_role("region", name="Budget").inner_text()
    budget = page.get_by_role("region", name="Budget")
    assert budget.get_by_label("Objet (facultatif)").input_value() == "Aménagement des berges"
    budget.get_by_label("Prévu (€)").fill("50 000")
    budget.get_by_role("button", name="Ajouter la ligne").click()
    assert "Ligne budgétaire ajoutée" in page.get_by_role("status").inner_text()
    table = page.get_by_role("table", name="Lignes budgétaires")
    assert "Aménagement des berges" in table.inner_text() and "Région Île-de-France : 20\xa0000 €" in table.inner_text()
    assert not overflows(page)
    assert violations(page) == []

    page.get_by_text("Modifier la ligne 2026").click()
    page.get_by_role("button", name="Retirer la ligne").click()
    # unconfirmed, the browser does not send it: the confirmation is required
    confirm = page.get_by_label("Je confirme le retrait de cette ligne")
    assert confirm.evaluate("box => !box.validity.valid")
    assert page.get_by_role("table", name="Lignes budgétaires").is_visible()
    page.get_by_label("Je confirme le retrait de cette ligne").check()
    page.get_by_role("button", name="Retirer la ligne").click()
    assert "elle peut être rétablie" in page.get_by_role("status").inner_text()
    page.get_by_role("button", name="Rétablir la ligne 2026 de Ville de Paris").click()
    assert "Ligne budgétaire rétablie" in page.get_by_role("status").inner_text()

    page.goto(live_server.url + reverse("dashboard:dashboard", args=[convention.pk]))
    assert "Prévu 50\xa0000 €" in page.get_by_role("region", name="Budget").inner_text()
    assert "Région Île-de-France" in page.get_by_role("table", name="Par cofinanceur").inner_text()
    assert not overflows(page)
