"""Main path in a real browser: import a signed document, correct it, validate it."""

import re

import pytest

from concorde.conventions.models import Convention

from ..conftest import ROOT, run_worker
from .conftest import login
from .test_people_browser import WIDTHS, _checked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO = ROOT / "src" / "concorde" / "demo" / "convention-demo.md"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_uploads_are_followed_on_a_page_that_refreshes_itself(browser, live_server, make_member, tmp_path, width):
    make_member("paris.coord", "Ville de Paris", "coordination", "ville")
    context = browser.new_context(locale="fr-FR", viewport=WIDTHS[width])
    page = context.new_page()
    login(page, live_server, "paris.coord")
    bad = tmp_path / "image.txt"
    bad.write_bytes(bytes(range(256)) * 10)
    page.get_by_role("link", name="Importer une convention signée").click()
    page.get_by_label("Documents signés").set_input_files([str(DEMO), str(bad)])
    page.get_by_role("button", name="Envoyer les documents").click()
    page.wait_for_url(f"{live_server.url}/import/suivi/")
    assert page.get_by_role("heading", level=1).inner_text() == "Suivi des imports"
    assert page.get_by_role("row", name=re.compile("convention-demo.md")).get_by_text("Reçu, en attente").is_visible()
    assert _checked(page) == []
    run_worker()  # the worker reads both files; the page shows it at its next refresh
    page.get_by_role("link", name=re.compile("Convention de coopération")).wait_for(timeout=10000)
    assert "pas un texte lisible" in page.get_by_role("row", name=re.compile("image.txt")).inner_text()
    assert _checked(page) == []
    page.get_by_role("link", name=re.compile("Convention de coopération")).click()
    page.wait_for_url(re.compile(r"/relecture/"))
    context.close()


def test_coordinator_imports_reviews_and_validates(page, live_server, make_member):
    make_member("paris.coord", "Ville de Paris", "coordination", "ville")
    login(page, live_server, "paris.coord")

    page.get_by_role("link", name="Importer une convention signée").click()
    page.get_by_label("Documents signés").set_input_files(str(DEMO))
    page.get_by_role("button", name="Envoyer les documents").click()
    page.wait_for_url(f"{live_server.url}/import/suivi/")
    run_worker()
    page.reload()
    page.get_by_role("link", name=re.compile("Convention de coopération")).click()
    page.wait_for_url(re.compile(r"/relecture/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Relecture du brouillon"
    assert page.get_by_text("Ouvrir un site de baignade surveillé").first.is_visible()
    assert page.locator("#L1").inner_text().startswith("# Convention de coopération")

    convention = Convention.objects.get()
    action = convention.actions.get(number="n°4")
    card = page.locator(f"#action-{action.pk}")
    card.get_by_text("Corriger l'action").click()
    correction = card.locator(f"form[action$='/actions/{action.pk}/']")
    correction.get_by_label("Titre").fill("Faire circuler les expositions et les conférences")
    card.get_by_role("button", name="Enregistrer l'action").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().strip() == "Modification enregistrée."
    assert (
        page.locator(f"#action-{action.pk} h4")
        .inner_text()
        .startswith("n°4 — Faire circuler les expositions et les conférences")
    )

    page.get_by_text("Valider la convention : ce qui sera créé").click()
    assert page.locator("#validation").get_by_text("Un tableau de bord partagé de").is_visible()
    page.get_by_label("J'ai relu ce résumé : valider la convention").check()
    page.get_by_role("button", name="Valider la convention").click()
    page.wait_for_url(f"{live_server.url}/conventions/{convention.pk}/")
    assert "Validée" in page.locator(".lead").inner_text()
    assert page.get_by_text("Faire circuler les expositions et les conférences").is_visible()
    convention.refresh_from_db()
    assert convention.status == Convention.Status.VALIDATED


def test_an_empty_file_shows_a_french_error_next_to_the_field(page, live_server, make_member, tmp_path):
    make_member("paris.coord", "Ville de Paris", "coordination", "ville")
    login(page, live_server, "paris.coord")
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    page.goto(f"{live_server.url}/import/")
    page.get_by_label("Documents signés").set_input_files(str(empty))
    page.get_by_role("button", name="Envoyer les documents").click()
    alert = page.get_by_role("alert")
    assert "est vide" in alert.inner_text()
    assert Convention.objects.count() == 0


def test_keyboard_users_reach_the_content_first(page, live_server, make_member):
    make_member("paris.coord", "Ville de Paris", "coordination", "ville")
    login(page, live_server, "paris.coord")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
