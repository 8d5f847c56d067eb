"""Searching in a real browser, at desktop width and on a phone (390 px): a coordination from
the header of any page, the public from the portal; the words found are marked, the facets
narrow the results and stay in the address. On a PostgreSQL run, bin/test runs it again on SQLite,
so that both backends serve the same pages."""

import pytest

from concorde.conventions.models import Convention

from .conftest import login, overflows
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [pytest.param(1280, id="bureau"), pytest.param(390, id="telephone")]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordination_searches_from_the_header(page, live_server, people, convention, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "paris_coord")
    page.goto(f"{live_server.url}/portefeuille/")
    header = page.get_by_role("search", name="Recherche sur le site")
    header.get_by_label("Rechercher sur le site").fill("baignades")
    header.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/?q=baignades")
    assert "pour « baignades »" in page.get_by_role("status").inner_text()
    results = page.locator(".search-results > li")
    assert results.count() >= 2
    assert page.locator(".search-results mark").first.inner_text().lower().startswith("baignade")
    assert not overflows(page)
    assert violations(page) == []

    # the facet « Action » narrows the results and is kept in the address
    page.get_by_role("complementary").get_by_role("link", name="Action (").click()
    page.wait_for_url("**nature=action**")
    kinds = page.locator(".search-results .badge").all_inner_texts()
    assert kinds and set(kinds) == {"Action"}
    chosen = page.get_by_role("complementary").locator("a[aria-current=true]")
    assert chosen.inner_text().startswith("Action (")

    # a result opens the action's page
    page.locator(".search-results h3 a").first.click()
    page.wait_for_url("**/actions/**")
    assert "baignade" in page.get_by_role("heading", level=1).inner_text().lower()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_public_searches_the_portal(page, live_server, people, convention, width):
    Convention.objects.filter(pk=convention.pk).update(is_public=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/public/")
    form = page.get_by_role("search", name="Rechercher dans les conventions publiées")
    form.get_by_label("Rechercher dans les conventions publiées").fill("Baignade surveillée")
    form.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/public/recherche/**")
    assert page.locator(".search-results > li").count() >= 1
    links = page.locator(".search-results h3 a")
    assert all(
        href.startswith("/public/") for href in (links.nth(i).get_attribute("href") for i in range(links.count()))
    )
    assert not overflows(page)
    assert violations(page) == []
    links.first.click()
    page.wait_for_url("**/public/conventions/**")
