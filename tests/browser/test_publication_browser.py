"""Both coordinations publish their convention; a visitor without an account reads it."""
import pytest
from django.urls import reverse

from concorde.publication import services

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_publish_then_read_without_login(browser, page, live_server, people, convention):
    montclair = convention.parties.get(label="Commune de Montclair-sur-Marne")
    services.choose(convention, people["montclair_coord"], montclair, publish=True, publish_budgets=False)
    login(page, live_server, "paris_coord")
    page.goto(live_server.url + reverse("convention", args=[convention.pk]))
    choice = page.get_by_role("group", name="Choix de Ville de Paris")
    choice.get_by_label("Publier la convention et ses documents").check()
    choice.get_by_role("button").click()
    assert "Convention publiée sur le portail public" in page.get_by_role("status").inner_text()

    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.goto(live_server.url + reverse("portal"))
    visitor.get_by_role("link", name=convention.title).click()
    assert visitor.get_by_role("heading", level=1).inner_text() == convention.title
    assert visitor.get_by_role("heading", name="Plan d'actions et avancement").is_visible()
    visitor.context.close()
