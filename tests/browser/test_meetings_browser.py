"""The whole cycle: a coordinator schedules a comité de pilotage, holds it, takes a decision on
an action, downloads the dossier; an avenant is approved at that comité, adopted by both
assemblies, and the new version is compared with the previous one."""

import datetime as dt

import pytest
from django.urls import reverse

from concorde.governance.models import Meeting

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_hold_decide_and_amend(browser, page, live_server, people, convention):
    convention.effective_date = dt.date.today() - dt.timedelta(days=426)
    convention.save(update_fields=["effective_date"])
    action = convention.actions.get(number="n°4")
    login(page, live_server, "montclair_coord")
    page.goto(live_server.url + reverse("conventions:convention", args=[convention.pk]))
    page.get_by_role("link", name="Instances et réunions").click()
    page.get_by_label("Instance", exact=True).select_option(label="Comité de pilotage")
    page.get_by_label("Date", exact=True).fill(dt.date.today().isoformat())
    page.get_by_label("Lieu", exact=True).fill("Mairie de Montclair-sur-Marne")
    page.get_by_role("button", name="Programmer la réunion").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Comité de pilotage du")
    assert "Questions diverses" in page.locator("pre.agenda").inner_text()

    page.get_by_label("Présents pour Commune de Montclair-sur-Marne").fill("Inès Robert")
    page.get_by_label("Compte rendu", exact=True).fill("Le comité a fait le point sur le plan.")
    page.get_by_role("button", name="Déclarer tenue").click()
    assert "Réunion déclarée tenue" in page.get_by_role("status").inner_text()

    page.get_by_label("Décision", exact=True).fill("Action suspendue jusqu'au prochain comité.")
    page.get_by_label("Action", exact=True).select_option(value=str(action.pk))
    page.get_by_label("Nouveau statut").select_option(label="En pause")
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert page.get_by_role("heading", name="Décisions").is_visible()
    assert "Action suspendue" in page.locator("#titre-decisions + ol").inner_text()
    action.refresh_from_db()
    assert action.status == "paused" and Meeting.objects.get().status == Meeting.Status.HELD

    page.get_by_role("link", name="← Instances et réunions").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"

    page.goto(live_server.url + reverse("conventions:convention", args=[convention.pk]))
    page.get_by_role("link", name="Avenants et versions").click()
    page.get_by_label("Objet de l'avenant").fill("Allongement de la convention")
    page.get_by_role("button", name="Créer l'avenant").click()
    page.get_by_text("Modifier la durée").click()
    page.get_by_label("Durée", exact=True).fill("6")
    page.get_by_role("button", name="Ajouter la modification de durée").click()
    assert "Modification de la durée — durée : 6 ans" in page.locator("#titre-modifs + ol").inner_text()
    page.get_by_role("button", name="Enregistrer l'approbation").click()
    assert "Avenant approuvé" in page.get_by_role("status").inner_text()
    montclair_form = page.locator("form").filter(
        has=page.get_by_role("button", name="Enregistrer l'adoption par Commune de Montclair-sur-Marne")
    )
    montclair_form.get_by_label("Date de la délibération").fill(dt.date.today().isoformat())
    montclair_form.get_by_label("Numéro de l'acte").fill("DEL-2026-07")
    montclair_form.get_by_role("button").click()
    assert "Adoption par Commune de Montclair-sur-Marne enregistrée" in page.get_by_role("status").inner_text()

    other = browser.new_context(locale="fr-FR").new_page()
    login(other, live_server, "paris_coord")
    other.goto(page.url)
    paris_form = other.locator("form").filter(
        has=other.get_by_role("button", name="Enregistrer l'adoption par Ville de Paris")
    )
    paris_form.get_by_label("Date de la délibération").fill(dt.date.today().isoformat())
    paris_form.get_by_label("Numéro de l'acte").fill("2026 DGRI 40")
    paris_form.get_by_role("button").click()
    assert "l'avenant est en vigueur" in other.get_by_role("status").inner_text()
    other.get_by_role("link", name="voir la version 2 et ses différences").click()
    changed = other.locator("tr.diff-changed")
    assert changed.count() == 1 and "4 ans" in changed.inner_text() and "6 ans" in changed.inner_text()
    other.context.close()
