"""A whole year of a convention in a real browser, as its two coordinations and the secretary
of its comité de pilotage live it, at desktop width and on a phone: the body set up with its
members and secretariat, a meeting convened, held and its follow-up closed; an avenant
drafted, approved at the next comité (which approves the previous minutes) and adopted by
both assemblies; the first yearly evaluation; then the renewal denounced in time.

The server's clock moves through the year (time_machine travels the whole process, the live
server's thread included); each step signs in again, as a session would have ended."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from concorde.conventions.lifecycle import add_years
from concorde.governance import legal
from concorde.governance.models import Avenant, Evaluation, FollowUp, Meeting

from .conftest import login
from .test_accessibility import violations
from .test_search_browser import WIDTHS, overflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARIS, MONTCLAIR = "Ville de Paris", "Commune de Montclair-sur-Marne"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_year_of_the_convention(browser, page, live_server, people, convention, width):
    # the year starts a month from now: the browser's cookies, stamped by the server's clock, stay valid
    start = dt.date.today() + dt.timedelta(days=30)
    convention.signed_on = convention.effective_date = start
    convention.save(update_fields=["signed_on", "effective_date"])
    legal.refresh(convention)
    url = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    with time_machine.travel(dt.datetime.combine(start, dt.time(9), tzinfo=zone), tick=True) as clock:

        def on(day: int, username: str, target: str) -> dt.date:
            """The morning of the year's `day`, signed in as `username`, on the page `target`."""
            clock.move_to(dt.datetime.combine(start + dt.timedelta(days=day), dt.time(9), tzinfo=zone))
            page.context.clear_cookies()
            login(page, live_server, username)
            page.goto(url + target)
            return start + dt.timedelta(days=day)

        def told() -> str:
            return page.get_by_role("status").inner_text()

        bodies = reverse("governance:bodies", args=[convention.pk])

        # --- January: Paris sets up the comité de pilotage and its secretariat -------------------
        on(5, "paris_coord", bodies)
        copil = page.locator("article").filter(has=page.get_by_role("heading", name="Comité de pilotage"))
        copil.get_by_text("Modifier l'instance").click()
        copil.get_by_label(f"Membres pour {PARIS}").fill("Anne Martin, anne.martin@paris.example")
        copil.get_by_label(f"Membres pour {MONTCLAIR}").fill("Inès Robert, ines.robert@montclair.example")
        copil.get_by_label("Partie assurant le secrétariat").select_option(label=PARIS)
        copil.get_by_label("paris_pilot").check()
        copil.get_by_role("button", name="Enregistrer l'instance").click()
        assert "Instance enregistrée" in told()
        assert "assuré par Ville de Paris — paris_pilot" in copil.inner_text()
        assert not overflows(page)

        # --- the secretary schedules the first comité and convenes its members -----------------
        first_day = start + dt.timedelta(days=40)
        on(10, "paris_pilot", bodies)
        page.get_by_label("Instance", exact=True).select_option(label="Comité de pilotage")
        page.get_by_label("Date", exact=True).fill(first_day.isoformat())
        page.get_by_label("Heure", exact=True).fill("14:30")
        page.get_by_label("Lieu", exact=True).fill("Hôtel de Ville, salle des commissions")
        page.get_by_role("button", name="Programmer la réunion").click()
        assert page.get_by_role("heading", level=1).inner_text() == f"Comité de pilotage du {first_day:%d/%m/%Y}"
        page.get_by_role("button", name="Convoquer les membres").click()
        assert "Convocation envoyée à 2 membres" in told()
        assert any(m.subject.startswith("Convocation") for m in mail.outbox)
        meeting_url = page.url
        assert not overflows(page)
        assert violations(page) == []

        # --- February: the comité is held; a follow-up goes to Montclair -----------------------
        on(40, "paris_pilot", meeting_url.removeprefix(url))
        page.get_by_label(f"Anne Martin ({PARIS})", exact=True).select_option(label="Présent")
        page.get_by_label(f"Inès Robert ({MONTCLAIR})", exact=True).select_option(label="Excusé")
        page.get_by_label("Compte rendu", exact=True).fill("Le comité a lancé le plan d'actions.")
        page.get_by_role("button", name="Déclarer tenue").click()
        assert "Réunion déclarée tenue" in told()
        # the secretary writes the minutes and the follow-ups; decisions are the coordinations'
        assert page.get_by_role("button", name="Enregistrer la décision").count() == 0
        page.get_by_label("Suite à donner", exact=True).fill("Transmettre le calendrier des travaux")
        page.get_by_label("Responsable").select_option(label="montclair_coord")
        page.get_by_label("Échéance").fill((start + dt.timedelta(days=70)).isoformat())
        page.get_by_role("button", name="Ajouter").click()
        assert "Suite à donner enregistrée" in told()

        on(60, "montclair_coord", meeting_url.removeprefix(url))
        page.get_by_role("button", name="Clore : Transmettre le calendrier des travaux").click()
        assert "Suite à donner close" in told()
        assert FollowUp.objects.get().done_at is not None

        # --- July: an avenant is drafted, approved at the next comité, adopted by both ------------
        on(180, "paris_coord", reverse("governance:avenants", args=[convention.pk]))
        page.get_by_label("Objet de l'avenant").fill("Allongement de la convention")
        page.get_by_role("button", name="Créer l'avenant").click()
        avenant_url = page.url.removeprefix(url)
        page.get_by_text("Modifier la durée").click()
        page.get_by_label("Durée", exact=True).fill("5")
        page.get_by_role("button", name="Ajouter la modification de durée").click()
        assert "Modification ajoutée" in told()

        second_day = on(200, "paris_coord", bodies)
        page.get_by_label("Instance", exact=True).select_option(label="Comité de pilotage")
        page.get_by_label("Date", exact=True).fill(second_day.isoformat())
        page.get_by_label("Lieu", exact=True).fill("Mairie de Montclair-sur-Marne")
        page.get_by_role("button", name="Programmer la réunion").click()
        page.get_by_label(f"Anne Martin ({PARIS})", exact=True).select_option(label="Présent")
        page.get_by_label(f"Inès Robert ({MONTCLAIR})", exact=True).select_option(label="Présent")
        page.get_by_label("Compte rendu", exact=True).fill("Le comité a examiné l'avenant n° 1.")
        page.get_by_label(f"Le compte rendu de la réunion du {first_day:%d/%m/%Y} est approuvé").check()
        page.get_by_role("button", name="Déclarer tenue").click()
        assert "Réunion déclarée tenue" in told()
        first = Meeting.objects.get(date=first_day)
        assert first.minutes_approved_at.date == second_day

        page.goto(url + avenant_url)
        page.get_by_label("Réunion du comité de pilotage").select_option(
            label=f"Comité de pilotage du {second_day:%d/%m/%Y}"
        )
        page.get_by_role("button", name="Enregistrer l'approbation").click()
        assert "Avenant approuvé" in told()

        adopted_on = on(215, "montclair_coord", avenant_url)
        form = page.locator("form").filter(
            has=page.get_by_role("button", name=f"Enregistrer l'adoption par {MONTCLAIR}")
        )
        form.get_by_label("Date de la délibération").fill(adopted_on.isoformat())
        form.get_by_label("Numéro de l'acte").fill("DEL-07-2027")
        form.get_by_role("button").click()
        assert f"Adoption par {MONTCLAIR} enregistrée" in told()
        on(216, "paris_coord", avenant_url)
        form = page.locator("form").filter(has=page.get_by_role("button", name=f"Enregistrer l'adoption par {PARIS}"))
        form.get_by_label("Date de la délibération").fill(adopted_on.isoformat())
        form.get_by_label("Numéro de l'acte").fill("2027 DGRI 40")
        form.get_by_role("button").click()
        assert "l'avenant est en vigueur" in told()
        assert Avenant.objects.get().status == Avenant.Status.IN_FORCE
        assert not overflows(page)

        # --- a year on: the first yearly evaluation, assessed by each, concluded together --------
        evaluations = reverse("governance:evaluations", args=[convention.pk])
        on(366, "paris_coord", evaluations)
        page.get_by_role("button", name="Ouvrir : Évaluation annuelle n° 1").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Évaluation annuelle n° 1"
        evaluation_url = page.url.removeprefix(url)
        for username, party_label, rating in (
            ("paris_coord", PARIS, "Atteint"),
            ("montclair_coord", MONTCLAIR, "Partiellement atteint"),
        ):
            on(367, username, evaluation_url)
            pending = page.locator("details[open] form").filter(
                has=page.get_by_role("button", name=f"Enregistrer l'appréciation de {party_label}")
            )
            while pending.count():
                pending.first.get_by_label("Appréciation").select_option(label=rating)
                pending.first.get_by_label("Analyse").fill(f"Vu par {party_label}.")
                pending.first.get_by_role("button").click()
                assert "Appréciation enregistrée" in told()
        page.get_by_role("textbox", name="Conclusion partagée").fill("Une première année tenue ; le calendrier suivi.")
        page.get_by_role("button", name="Proposer la conclusion").click()
        on(368, "paris_coord", evaluation_url)
        page.get_by_role("button", name="Approuver la conclusion").click()
        assert "Évaluation conclue" in told()
        assert Evaluation.objects.get().status == Evaluation.Status.CONCLUDED
        assert not overflows(page)

        # --- and Montclair denounces the renewal, well before the notice runs out ----------------
        notified = on(380, "montclair_coord", reverse("governance:legal", args=[convention.pk]))
        page.get_by_text("Dénoncer la reconduction").click()
        page.get_by_label("Date de notification aux autres parties").fill(notified.isoformat())
        page.get_by_label("Numéro de la délibération qui dénonce (facultatif)").fill("DEL-01-2028")
        page.get_by_role("button", name="Enregistrer la dénonciation").click()
        assert "Dénonciation enregistrée" in told()
        # the avenant made it five years: the convention ends on the eve of its fifth anniversary
        term = add_years(start, 5) - dt.timedelta(days=1)
        assert page.locator(".lead .badge").inner_text() == "Dénoncée"
        assert f"elle prend fin le {term:%d/%m/%Y}" in page.locator(".lead").inner_text()
        assert not overflows(page)

        # the year in the meetings' list: both comités held, their minutes in order
        page.goto(url + bodies)
        table = page.get_by_role("table", name="Réunions des instances, les plus récentes d'abord").inner_text()
        assert table.count("Tenue") == 2
        assert violations(page) == []
