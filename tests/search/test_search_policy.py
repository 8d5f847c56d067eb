"""Who finds what: the rules of the pages, through the search, the results page and the API."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from concorde.conventions.models import Convention
from concorde.search import service
from concorde.search.models import Entry
from tests import factories as f

pytestmark = pytest.mark.django_db


def kinds_found(user, text="baignade", **kwargs):
    return {h.entry.kind for h in service.search(user, text, **kwargs).hits}


def test_each_party_finds_the_meetings_and_indicators_the_public_does_not(people, convention):
    for member in ("paris_coord", "paris_reader", "montclair_pilot"):
        assert Entry.Kind.INDICATOR in kinds_found(people[member], "jours baignade")
    Convention.objects.filter(pk=convention.pk).update(is_public=True)
    assert Entry.Kind.INDICATOR not in kinds_found(AnonymousUser(), "jours baignade")
    assert Entry.Kind.ACTION in kinds_found(AnonymousUser())


def test_a_party_invited_but_not_answering_finds_nothing_yet(people):
    convention = f.validated(f.DEMO, by=people["paris_coord"])  # Montclair invited, no answer
    assert kinds_found(people["paris_coord"])
    assert kinds_found(people["montclair_coord"]) == set()
    assert convention.parties.get(organisation__name=f.MONTCLAIR).consent == "pending"


def test_an_unpublished_convention_stays_hidden_from_the_public_pages_and_api(people, convention):
    anonymous = Client()
    page = anonymous.get("/recherche/", {"q": "baignade"})
    assert page.status_code == 200 and "0 résultat" in page.content.decode()
    assert anonymous.get("/api/v1/recherche", {"q": "baignade"}).json()["total"] == 0


def test_the_results_page_shows_marked_excerpts_and_keeps_the_facets(people, convention):
    client = Client()
    client.force_login(people["paris_coord"])
    page = client.get("/recherche/", {"q": "baignades", "nature": "action"}).content.decode()
    assert "<mark>baignade</mark>" in page
    assert 'aria-current="true"' in page  # the chosen facet
    assert "?q=baignades&amp;nature=action&amp;partenaire=" in page  # another facet keeps the chosen one
    assert 'href="?q=baignades"' in page  # taking the facet off keeps the words


def test_a_wrong_facet_gets_a_french_message_and_no_results(people, convention):
    client = Client()
    client.force_login(people["paris_coord"])
    page = client.get("/recherche/", {"q": "baignade", "annee": "deux-mille"})
    assert page.status_code == 400
    assert "Saisissez un nombre entier" in page.content.decode()
    api = client.get("/api/v1/recherche", {"q": "baignade", "nature": "tout"})
    assert api.status_code == 400 and api.json()["detail"].startswith("Recherche refusée — nature")


def test_the_api_answers_a_member_with_links_excerpts_and_facets(people, convention):
    client = Client()
    client.force_login(people["montclair_coord"])
    body = client.get("/api/v1/recherche", {"q": "baignades"}).json()
    assert body["total"] >= 2 and body["page"] == 1
    action = next(r for r in body["resultats"] if r["nature"] == "action")
    assert "<mark>baignade</mark>" in action["titre"]
    assert action["url"].startswith("http://testserver/conventions/")
    assert action["convention"] == convention.title
    facets = {facet["parametre"]: facet for facet in body["facettes"]}
    partners = {o["libelle"] for o in facets["partenaire"]["options"]}
    assert {f.PARIS, f.MONTCLAIR} <= partners
    narrowed = client.get("/api/v1/recherche", {"q": "baignades", "nature": "indicateur"}).json()
    assert {r["nature"] for r in narrowed["resultats"]} == {"indicateur"}


def test_the_api_schema_documents_the_search():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/recherche"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "nature", "partenaire", "theme", "statut", "annee"}


def test_the_api_list_of_conventions_searches_words_and_leaves_drafts_out(people, convention):
    f.draft(f.small_plan("Coopération avec Montclair, brouillon", f.MONTCLAIR), by=people["paris_coord"])
    client = Client()
    client.force_login(people["paris_coord"])
    listed = client.get("/api/v1/conventions", {"q": "montclair"}).json()["items"]
    assert [c["id"] for c in listed] == [convention.pk]  # a party's name, found without its accents or case
    assert client.get("/api/v1/conventions", {"q": "coopérations"}).json()["count"] == 1  # another form


def test_a_sentence_naming_another_convention_becomes_a_link_both_ways(people, convention):
    from concorde.conventions.models import CrossReference

    action = convention.actions.get(number="n°1")
    CrossReference.objects.create(
        convention=convention,
        action=action,
        text="Cette action figure aussi dans la convention des jardins de Montclair.",
    )
    other = f.validated(
        f.small_plan("Convention des jardins partagés de Montclair", f.MONTCLAIR), by=people["paris_coord"]
    )
    reference = CrossReference.objects.get(convention=convention)
    assert reference.target == other  # resolved when the named convention was validated
    client = Client()
    client.force_login(people["paris_coord"])
    action_page = client.get(f"/conventions/{convention.pk}/actions/{action.pk}/").content.decode()
    assert f'href="/conventions/{other.pk}/">Convention des jardins partagés de Montclair</a>' in action_page
    cited = client.get(f"/conventions/{other.pk}/").content.decode()
    assert "Citée par d'autres conventions" in cited and f"/conventions/{convention.pk}/actions/{action.pk}/" in cited
    client.force_login(people["montclair_coord"])  # invited to the other one, not yet a party: no link
    assert (
        f'href="/conventions/{other.pk}/"'
        not in client.get(f"/conventions/{convention.pk}/actions/{action.pk}/").content.decode()
    )


def test_a_sentence_naming_two_conventions_equally_stays_a_sentence():
    from concorde.conventions.models import Convention
    from concorde.conventions.references import named_convention, telling_words

    a, b = Convention(title="Convention des berges 2026"), Convention(title="Convention des berges 2027")
    candidates = [(c, telling_words(c.title)) for c in (a, b)]
    assert named_convention("voir la convention des berges", candidates) is None
    assert named_convention("voir la convention des berges de 2027", candidates) is b


def test_a_signed_in_reader_of_a_published_convention_of_others_gets_the_portal_links(people, convention):
    Convention.objects.filter(pk=convention.pk).update(is_public=True)
    hits = service.search(people["outsider"], "baignade").hits
    assert hits and all(h.url.startswith("/public/") for h in hits)
    client = Client()
    client.force_login(people["outsider"])
    assert client.get(hits[0].url).status_code == 200


def test_a_forged_answer_to_a_proposal_changes_nothing(people, convention):
    from concorde.deliberations.models import Deliberation

    d = Deliberation.objects.create(source="scdl", delib_id="X1", subject="Approbation", proposed_convention=convention)
    client = Client()
    client.force_login(people["paris_coord"])
    page = client.post(
        f"/conventions/{convention.pk}/deliberations/{d.pk}/rattachement/", {"reponse": "n'importe"}, follow=True
    )
    assert "Réponse non comprise" in page.content.decode()
    d.refresh_from_db()
    assert (d.proposed_convention, d.rejected_convention, d.convention) == (convention, None, None)
