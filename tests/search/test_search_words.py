"""The words the search finds, as a table: each query and the records it must give, on texts
written for this test. The suite runs it on PostgreSQL and again on SQLite (bin/test): both
backends giving this same table is what « the same results on both » means."""

import datetime as dt

import pytest

from concorde.conventions.models import Action, Axis, Commitment, Convention, Party
from concorde.deliberations.models import Deliberation
from concorde.governance.models import GoverningBody, Meeting
from concorde.search import service, terms
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordination():
    return f.member("coord", f.PARIS, "coordination")


@pytest.fixture
def plan(coordination):
    paris, partner = f.organisation(f.PARIS), f.organisation("Commune de Saint-Loup-sur-Île")
    c = Convention.objects.create(title="Convention pour l'Île-de-Loisirs", owner=paris, status="validated")
    for org in (paris, partner):
        Party.objects.create(convention=c, organisation=org, label=org.name, consent="accepted")
    axis = Axis.objects.create(convention=c, number="A", title="Les bords de l'eau")
    texts = {
        "1": ("Ouvrir des baignades surveillées en été", "Une baignade par an, surveillée par des sauveteurs"),
        "2": ("Créer une piscine école", "Les écoles élémentaires y apprennent à nager en sécurité"),
        "3": ("Aménager les berges", "Une promenade continue, aménagée pour les cycles. ECLAIRAGE RENFORCE"),
    }
    for number, (title, commitment) in texts.items():
        a = Action.objects.create(convention=c, axis=axis, number=number, title=title)
        Commitment.objects.create(action=a, text=commitment)
    body = GoverningBody.objects.create(convention=c, kind="comite_pilotage", label="Comité de pilotage")
    Meeting.objects.create(body=body, date=dt.date(2026, 3, 2), agenda="Bilan de la saison de baignade")
    Deliberation.objects.create(
        source="scdl",
        collectivite_siret="21750001600019",
        collectivite_name="Commune de Vaux",
        delib_id="2026-014",
        date=dt.date(2026, 2, 1),
        subject="Approbation du règlement des baignades municipales",
    )
    return c


CASES = [
    # (query, the titles found, in any order)
    (
        "baignade",
        {
            "A.1 Ouvrir des baignades surveillées en été",
            "Comité de pilotage du 02/03/2026",
            "Approbation du règlement des baignades municipales",
        },
    ),
    (
        "BAIGNADES",
        {
            "A.1 Ouvrir des baignades surveillées en été",
            "Comité de pilotage du 02/03/2026",
            "Approbation du règlement des baignades municipales",
        },
    ),
    ("surveillée", {"A.1 Ouvrir des baignades surveillées en été"}),  # feminine, plural, masculine: one word
    ("surveille", {"A.1 Ouvrir des baignades surveillées en été"}),
    ("ecole", {"A.2 Créer une piscine école"}),  # accents folded
    ("Écoles", {"A.2 Créer une piscine école"}),
    ("ile", {"Convention pour l'Île-de-Loisirs"}),  # in the title and a party's name, one entry
    ("aménagées", {"A.3 Aménager les berges"}),
    ("amenagee", {"A.3 Aménager les berges"}),  # typed without its accents: « aménagée » all the same
    ("securite", {"A.2 Créer une piscine école"}),
    ("éclairage renforcé", {"A.3 Aménager les berges"}),  # written in capitals without accents
    ("élementaires", {"A.2 Créer une piscine école"}),
    ('"piscine école"', {"A.2 Créer une piscine école"}),
    ('"école piscine"', set()),  # a phrase is in its order
    ("baignade -municipales", {"A.1 Ouvrir des baignades surveillées en été", "Comité de pilotage du 02/03/2026"}),
    ("baignade piscine", set()),  # every word is required
    ("été", {"A.1 Ouvrir des baignades surveillées en été"}),  # « été » (summer) is not a stop word here
    ("le la de", set()),  # only stop words: nothing to find
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q for q, _ in CASES])
def test_what_each_query_finds(plan, coordination, query, expected):
    assert {h.entry.title for h in service.search(coordination, query).hits} == expected


def test_a_title_ranks_before_a_mere_mention(plan, coordination):
    hits = service.search(coordination, "berges").hits
    assert hits[0].entry.title == "A.3 Aménager les berges"


def test_the_excerpt_marks_every_form_of_the_word_and_escapes_the_text():
    query = terms.parse("baignade")
    out = terms.excerpt("Deux <baignades> et une Baignade.", query)
    assert out == "Deux &lt;<mark>baignades</mark>&gt; et une <mark>Baignade</mark>."


def test_a_long_text_is_cut_around_the_first_match():
    text = "début " * 100 + "la baignade ouvre " + "fin " * 100
    out = terms.excerpt(text, terms.parse("baignade"))
    assert out.startswith("…") and out.endswith("…") and "<mark>baignade</mark>" in out
    assert len(out) < 300
