"""Two coordinations evaluate the convention together: each assesses, one concludes, the
other approves."""

import datetime as dt

import pytest
from django.urls import reverse

from concorde.governance.models import Evaluation

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _assess(page, live_server, username, party_label, rating):
    login(page, live_server, username)
    page.goto(live_server.url + reverse("governance:evaluations", args=[Evaluation.objects.get().convention_id]))
    page.get_by_role("link", name="Évaluation annuelle n° 1").click()
    # A criterion not yet assessed shows its form open; once saved, the form folds away.
    pending = page.locator("details[open] form").filter(
        has=page.get_by_role("button", name=f"Enregistrer l'appréciation de {party_label}")
    )
    count = pending.count()
    assert count == 2
    for _ in range(count):
        form = pending.first
        form.get_by_label("Appréciation").select_option(label=rating)
        form.get_by_label("Analyse").fill(f"Vu par {party_label}.")
        form.get_by_role("button").click()
        assert "Appréciation enregistrée" in page.get_by_role("status").inner_text()
    assert pending.count() == 0


def test_two_parties_evaluate_and_conclude(browser, page, live_server, people, convention):
    convention.effective_date = dt.date.today() - dt.timedelta(days=426)
    convention.save(update_fields=["effective_date"])
    login(page, live_server, "paris_coord")
    page.goto(live_server.url + reverse("governance:evaluations", args=[convention.pk]))
    page.get_by_role("button", name="Ouvrir : Évaluation annuelle n° 1").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Évaluation annuelle n° 1"
    _assess(page, live_server, "paris_coord", "Ville de Paris", "Atteint")

    other = browser.new_context(locale="fr-FR").new_page()
    _assess(other, live_server, "montclair_coord", "Commune de Montclair-sur-Marne", "Partiellement atteint")

    page.reload()
    page.get_by_role("textbox", name="Conclusion partagée").fill(
        "Une première année utile ; la promenade reste à relier."
    )
    page.get_by_role("button", name="Proposer la conclusion").click()
    other.reload()
    other.get_by_role("button", name="Approuver la conclusion").click()
    assert "Évaluation conclue" in other.get_by_role("status").inner_text()
    assert Evaluation.objects.get().status == Evaluation.Status.CONCLUDED
    other.context.close()
