"""In a real browser, at desktop width and on a phone (390 px): a coordination invites a pilot who
opens an account from the link; the pilot's service settles a name of the documents; a partner's
coordination answers the invitation to take part. Each page is checked with axe and for overflow."""

import pytest
from django.core import mail
from django.urls import reverse

from concorde.conventions import services
from concorde.ingest.loader import import_document, organisation_for

from ..conftest import MAX, PARIS
from .conftest import login
from .test_accessibility import AXE, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"bureau": {"width": 1280, "height": 900}, "téléphone": {"width": 390, "height": 844}}


def _checked(page) -> list[str]:
    """Serious accessibility violations, and a page wider than the screen."""
    problems = violations(page) if AXE.exists() else ["axe-core absent : lancer bin/test (npm install)"]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.viewport_size["width"]:
        problems.append(f"la page déborde : {width} px pour un écran de {page.viewport_size['width']} px")
    return problems


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_coordination_invites_a_pilot_who_joins_from_the_link(browser, live_server, people, width):
    from concorde.territories.models import Membership

    from ..conftest import service_named

    paris = organisation_for(PARIS, None)
    service_named(paris, "DPE")
    context = browser.new_context(locale="fr-FR", viewport=WIDTHS[width])
    page = context.new_page()
    login(page, live_server, "paris_coord")
    page.get_by_role("link", name="mon compte").click()
    page.get_by_role("link", name="Membres et invitations de Ville de Paris").click()
    assert _checked(page) == []
    form = page.locator("form", has=page.get_by_role("button", name="Envoyer l'invitation"))
    form.get_by_label("Adresse électronique").fill("nadia.haddad@paris.example")
    form.get_by_label("Prénom").fill("Nadia")
    form.get_by_label("Nom", exact=True).fill("Haddad")
    form.get_by_label("Rôle").select_option(label="Service pilote")
    form.get_by_label("Direction ou service").select_option(label="DPE")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    assert "Invitation envoyée à nadia.haddad@paris.example" in page.get_by_role("status").inner_text()
    assert page.get_by_role("cell", name="nadia.haddad@paris.example").is_visible()
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitation/" in line).strip()
    context.close()

    newcomer = browser.new_context(locale="fr-FR", viewport=WIDTHS[width]).new_page()
    newcomer.goto(live_server.url + link[link.index("/invitation/") :])
    assert newcomer.get_by_role("heading", name="Ouvrir mon compte").is_visible()
    assert _checked(newcomer) == []
    newcomer.get_by_label("Mot de passe", exact=True).fill("une phrase de passe solide")
    newcomer.get_by_label("Confirmer le mot de passe").fill("une phrase de passe solide")
    newcomer.get_by_role("button", name="Ouvrir mon compte et rejoindre Ville de Paris").click()
    newcomer.wait_for_url(f"{live_server.url}/")
    assert (
        "Bienvenue : vous êtes membre de Ville de Paris (service pilote)" in newcomer.get_by_role("status").inner_text()
    )
    member = Membership.objects.get(user__email="nadia.haddad@paris.example")
    assert (member.role, member.service.short) == ("pilot", "DPE")
    newcomer.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_partner_settles_its_service_names_and_accepts_to_take_part(browser, live_server, people, demo_text, width):
    text = demo_text.replace(b"DST \xe2\x80\x93 Service des eaux", b"Mission des berges")
    draft = import_document(
        text, "demo.md", user=people["paris_coord"], organisation=organisation_for(PARIS, None), max_bytes=MAX
    ).convention
    services.validate(draft, people["paris_coord"])
    montclair = draft.parties.exclude(label=PARIS).get()

    page = browser.new_context(locale="fr-FR", viewport=WIDTHS[width]).new_page()
    login(page, live_server, "montclair_coord")
    assert page.get_by_role("heading", name="Invitations à répondre").is_visible()
    page.get_by_role("link", name="la lire, puis accepter ou refuser").click()
    assert "Ville de Paris vous désigne comme partie de cette convention" in page.get_by_role("status").inner_text()
    assert _checked(page) == []
    page.get_by_label("Accepter : mon organisation est partie à cette convention").check()
    page.get_by_role("button", name=f"Envoyer la réponse de {montclair.organisation}").click()
    assert "est partie à" in page.get_by_role("status").inner_text()
    assert page.get_by_role("link", name="Tableau de bord de suivi").is_visible()

    page.goto(live_server.url + reverse("conventions:settle-services", args=[montclair.organisation.pk]))
    assert _checked(page) == []
    form = page.locator("form", has=page.get_by_role("button", name="Rattacher « Mission des berges »"))
    form.get_by_label("Un nouveau service").check()
    form.get_by_label("Sigle").fill("MB")
    form.get_by_role("button", name="Rattacher « Mission des berges »").click()
    assert "« Mission des berges » rattaché pour 1 action" in page.get_by_role("status").inner_text()
    page.goto(live_server.url + reverse("dashboard:action", args=[draft.pk, draft.actions.get(number="n°1").pk]))
    assert page.get_by_text("MB (selon le document : Mission des berges)").is_visible()
    page.context.close()
