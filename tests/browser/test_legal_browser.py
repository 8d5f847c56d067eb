"""The legal life in a real browser, at desktop width and on a phone (390 px): the coordination
of Montclair reads where the convention stands, tries to denounce it with a date to come (refused,
what was typed kept), then denounces it in time; the page then says when it ends."""

import datetime as dt

import pytest
from django.urls import reverse

from concorde.conventions.lifecycle import add_years
from concorde.governance import legal

from .conftest import login
from .test_accessibility import violations
from .test_search_browser import WIDTHS, overflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordination_denounces_the_renewal_in_time(page, live_server, people, convention, width):
    today = dt.date.today()
    convention.signed_on = add_years(today, -4) + dt.timedelta(days=90)
    convention.effective_date = add_years(today, -4) + dt.timedelta(days=100)  # its term in 99 days
    convention.save(update_fields=["signed_on", "effective_date"])
    legal.refresh(convention)
    term = add_years(convention.effective_date, 4) - dt.timedelta(days=1)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "montclair_coord")
    page.goto(live_server.url + reverse("conventions:convention", args=[convention.pk]))
    assert page.locator(".lead .badge").inner_text() == "En vigueur"
    page.get_by_role("link", name="Vie juridique : périodes, dénonciation, résiliation").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vie juridique de la convention"
    assert "Reconduction n° 1" in page.get_by_role("table", name="Périodes de la convention").inner_text()
    assert not overflows(page)
    assert violations(page) == []

    page.get_by_text("Dénoncer la reconduction").click()
    page.get_by_label("Date de notification aux autres parties").fill((today + dt.timedelta(days=5)).isoformat())
    page.get_by_label("Numéro de la délibération qui dénonce (facultatif)").fill("2026-118")
    page.get_by_role("button", name="Enregistrer la dénonciation").click()
    assert "ne peut être datée d'un jour à venir" in page.get_by_role("status").inner_text()
    assert page.get_by_label("Numéro de la délibération qui dénonce (facultatif)").input_value() == "2026-118"

    page.get_by_label("Date de notification aux autres parties").fill(today.isoformat())
    page.get_by_role("button", name="Enregistrer la dénonciation").click()
    assert "Dénonciation enregistrée" in page.get_by_role("status").inner_text()
    assert page.locator(".lead .badge").inner_text() == "Dénoncée"
    assert f"elle prend fin le {term:%d/%m/%Y}" in page.locator(".lead").inner_text()
    assert "Dénoncer la reconduction" not in page.content()
    assert not overflows(page)
