"""A week of a pilot and of the other party's coordination, in a real browser, at desktop width
and on a phone: the pilot comments mentioning the coordination, enters a measurement with its
evidence and a budget line; the coordination is notified, validates the measurement with its
comment and evidence in view, exports the dashboard, edits it offline and re-imports it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from concorde.conventions.models import Measurement
from tests.conftest import act

from .conftest import login, overflows
from .test_accessibility import violations
from .test_search_browser import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _edited_export(page, tmp_path, convention, n2) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    wb = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    actions = wb["Actions"]
    head = [c.value for c in actions[1]]
    for row in actions.iter_rows(min_row=2):
        if row[head.index("Identifiant")].value == n2.pk:
            row[head.index("Statut")].value = "En cours"
            row[head.index("Avancement (%)")].value = 20
    budget = wb["Budget"]
    head = [c.value for c in budget[1]]
    values = {
        "Identifiant de l'action": n2.pk,
        "Partie": "Commune de Montclair-sur-Marne",
        "Année": 2027,
        "Nature": "Fonctionnement",
        "Objet": "Entretien des berges",
        "Prévu (€)": 6000,
    }
    budget.append([values.get(h) for h in head])
    path = tmp_path / "tableau-modifie.xlsx"
    wb.save(path)
    return str(path)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_pilot_and_a_coordination_go_through_their_week(
    page, live_server, people, convention, settings, tmp_path, width
):
    settings.CONCORDE_NOTIFICATION_DELAY_MINUTES = 0  # the delay is the notifications' own test
    page.set_viewport_size({"width": width, "height": 900})
    n1, n2 = act(convention, "n°1"), act(convention, "n°2")
    action_url = live_server.url + reverse("dashboard:action", args=[convention.pk, n1.pk])

    # Monday — Paris's pilot of n°1
    login(page, live_server, "paris_pilot")
    page.goto(action_url)
    discussion = page.get_by_role("region", name="Discussion")
    discussion.get_by_label("Votre commentaire").fill(
        "Premier relevé de la saison : @montclair_coord, peux-tu le valider ?"
    )
    discussion.get_by_role("button", name="Publier le commentaire").click()
    assert "1 personne(s) mentionnée(s)" in page.get_by_role("status").inner_text()

    measures = page.get_by_role("region", name="Indicateurs et mesures")
    measures.get_by_label("Indicateur").select_option(label="Nombre de jours de baignade ouverts")
    measures.get_by_label("Valeur").fill("18")
    measures.get_by_label("Date de la mesure").fill("2026-07-15")
    measures.get_by_label("Commentaire").fill("Registre du poste de secours")
    measures.get_by_label("Pièce justificative (facultatif)").set_input_files(
        {"name": "registre-juillet.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 registre"}
    )
    measures.get_by_role("button", name="Enregistrer la mesure").click()
    assert "attend la validation" in page.get_by_role("status").inner_text()

    budget = page.get_by_role("region", name="Budget")
    budget.get_by_text("Ajouter une ligne budgétaire").click()
    budget.get_by_label("Année").fill("2026")
    budget.get_by_label("Nature").select_option(label="Investissement")
    budget.get_by_label("Prévu (€)").fill("40 000")
    budget.get_by_role("button", name="Ajouter la ligne").click()
    assert "Ligne budgétaire ajoutée" in page.get_by_role("status").inner_text()
    assert not overflows(page)
    page.get_by_role("button", name="Se déconnecter").click()

    # Tuesday — Montclair's coordination
    login(page, live_server, "montclair_coord")
    page.get_by_role("link", name="Notifications").click()
    assert "2 non lue(s)" in page.get_by_role("status").inner_text()  # the mention and the measurement
    assert not overflows(page) and violations(page) == []
    page.get_by_role("link", name="paris_pilot vous mentionne").click()
    assert page.url.endswith("#commentaire-" + str(n1.comments.get().pk))
    measurement = Measurement.objects.get()
    row = page.locator(f"#mesure-{measurement.pk}")
    assert "Registre du poste de secours" in row.inner_text() and "registre-juillet.pdf" in row.inner_text()
    assert page.locator(f"svg[aria-labelledby^='indicateur-{measurement.indicator_id}-t']").is_visible()  # its chart
    row.get_by_role("button", name="Valider").click()
    assert "validée" in page.get_by_role("status").inner_text().lower()
    assert not overflows(page)

    page.goto(live_server.url + reverse("dashboard:dashboard", args=[convention.pk]))
    upload = _edited_export(page, tmp_path, convention, n2)
    page.get_by_role("link", name="Réimporter un tableau modifié").click()
    page.get_by_label("Fichier (XLSX, ODS ou CSV, 5 Mo au plus)").set_input_files(upload)
    page.get_by_role("button", name="Voir les changements").click()
    preview = page.get_by_role("region", name="Aperçu")
    assert "2 changement(s) à appliquer" in preview.inner_text()
    assert "Entretien des berges" in preview.inner_text() and "En cours" in preview.inner_text()
    assert not overflows(page) and violations(page) == []
    page.get_by_role("button", name="Appliquer ces changements").click()
    assert "2 changement(s) appliqué(s)" in page.get_by_role("status").inner_text()
    n2.refresh_from_db()
    assert (n2.status, n2.progress) == ("in_progress", 20)
    assert n2.budget_lines.get().planned == 6000
    measurement.refresh_from_db()
    assert measurement.status == Measurement.Status.VALIDATED
    assert not overflows(page)
    # the budget line Paris's pilot typed on Monday is in the export as Montclair reads it
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    head, *lines = list(load_workbook(io.BytesIO(download.value.path().read_bytes()))["Budget"].values)
    found = {(r[head.index("Partie")], r[head.index("Prévu (€)")]) for r in lines}
    assert found == {("Ville de Paris", 40000), ("Commune de Montclair-sur-Marne", 6000)}
