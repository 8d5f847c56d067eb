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
    page.goto(live_server.url + reverse("conventions:convention", args=[convention.pk]))
    choice = page.get_by_role("group", name="Choix de Ville de Paris")
    choice.get_by_label("Publier la convention et ses documents").check()
    choice.get_by_role("button").click()
    assert "Convention publiée sur le portail public" in page.get_by_role("status").inner_text()

    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.goto(live_server.url + reverse("publication:portal"))
    visitor.get_by_role("link", name=convention.title).click()
    assert visitor.get_by_role("heading", level=1).inner_text() == convention.title
    assert visitor.get_by_role("heading", name="Plan d'actions et avancement").is_visible()
    visitor.context.close()


def test_visitor_downloads_open_data_and_reads_a_deliberation(browser, live_server, people, convention):
    import csv
    import datetime as dt
    import io

    from concorde.deliberations.models import Deliberation

    for p in convention.parties.all():
        services.choose(
            convention,
            people["paris_coord"] if "Paris" in p.label else people["montclair_coord"],
            p,
            publish=True,
            publish_budgets=False,
        )
    paris = convention.parties.get(label="Ville de Paris").organisation
    paris.siren, paris.siret = "217500016", "21750001600019"
    paris.save()
    Deliberation.objects.create(
        convention=convention,
        organisation=paris,
        body="Conseil de Paris",
        date=dt.date(2026, 3, 3),
        act_number="2026 DEVE 5",
        subject="Approbation de la convention",
        matter_code="5.7",
        voters=12,
        votes_for=11,
        votes_against=1,
        abstentions=0,
        transmission_id="075-217500016-20260303-2026DEVE5-DE",
    )
    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.goto(live_server.url + reverse("publication:portal"))
    visitor.get_by_role("link", name="télécharger les données ouvertes").click()
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Délibérations (SCDL) — CSV").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert [(r["COLL_SIRET"], r["DELIB_ID"], r["PREF_ID"]) for r in rows] == [
        ("21750001600019", "2026 DEVE 5", "PREF075")
    ]
    visitor.goto(live_server.url + reverse("publication:public-convention", args=[convention.pk]))
    visitor.get_by_role("link", name="Conseil de Paris du 03/03/2026, acte 2026 DEVE 5").click()
    assert "Délibérations" in visitor.get_by_text("075-217500016-20260303-2026DEVE5-DE").inner_text()
    visitor.context.close()


def test_a_member_creates_a_token_and_a_program_uses_it(page, live_server, people, convention):
    login(page, live_server, "paris_pilot")
    page.get_by_role("link", name="mon compte").click()
    page.get_by_role("link", name="Jetons d'API").click()
    page.get_by_label("Nom du jeton").fill("Tableau de bord DPE")
    page.get_by_role("button", name="Créer le jeton").click()
    token = page.get_by_label("Votre nouveau jeton (affiché une seule fois)").input_value()
    api = page.context.request
    action = convention.actions.get(number="n°1")
    url = f"{live_server.url}/api/v1/conventions/{convention.pk}/actions/{action.pk}"
    response = api.fetch(
        url,
        method="PATCH",
        headers={"Authorization": f"Bearer {token}"},
        data={"version": action.lock_version, "avancement": 45},
    )
    assert response.status == 200 and response.json()["avancement"] == 45
    page.get_by_role("button", name="Révoquer le jeton Tableau de bord DPE").click()
    assert api.get(url, headers={"Authorization": f"Bearer {token}"}).status == 401
    page.get_by_role("link", name="Documentation de l'API").click()  # served from the site itself, within its CSP
    page.get_by_role("heading", name="API Concorde").first.wait_for()
