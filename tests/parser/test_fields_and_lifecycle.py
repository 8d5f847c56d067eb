"""Field tables, governance, term and evaluation clauses on small texts written for these tests."""

import pytest

from concorde.ingest.parser import extract
from concorde.ingest.parser.fields import PartyNames, parse_table, split_units
from concorde.ingest.parser.numbers import meetings_per_year, parse_french_date, parse_number
from concorde.ingest.parser.text import logical_lines
from concorde.lib.amounts import budget_amount

ALIASES = PartyNames(["Paris", "Haut-Pays"])


def table(raw: str):
    return parse_table(logical_lines(raw)[0], ALIASES)


def test_inline_table_with_both_parties_on_the_label_row():
    t = table(
        "Délai de mise en œuvre :\t2031\nServices opérationnels pilotes : Paris : Haut-Pays :\tDASES DEF – ASE\n"
        "Budget estimé :\t30 000 €\nPartenaires mobilisés :\tARS, IRTS\nIndicateurs de réalisation :\tNombre de places (45 comme cible)"
    )
    assert t.fields == {
        "delai": "2031",
        "pilotes": {"Paris": "DASES", "Haut-Pays": "DEF – ASE"},
        "budget": "30 000 €",
        "partenaires": "ARS, IRTS",
        "indicateurs": "Nombre de places (45 comme cible)",
    }
    assert t.warnings == []


def test_table_with_labels_and_values_on_separate_lines():
    t = table(
        "Délai de mise en œuvre :\n\nLancement en 2031.\n\nServices opérationnels pilotes :\n\nParis\n\nDVD – Agence\n\n"
        "DVD – Section\n\nHaut-Pays :\n\nDU\n\nBudget estimé :\n\n1 M€\n\nPartenaires mobilisés :\n\nCommunes\n\n"
        "Indicateurs de réalisation :\n\nLinéaire créé\n\nUn paragraphe après la table."
    )
    assert t.fields["pilotes"] == {"Paris": "DVD – Agence ; DVD – Section", "Haut-Pays": "DU"}
    assert t.fields["indicateurs"] == "Linéaire créé"
    assert t.fields["budget"] == "1 M€"


def test_cells_slipped_up_by_one_row_are_realigned_with_a_warning():
    t = table(
        "Délai de mise en œuvre :\t2031\nServices opérationnels pilotes :\tDASES DEF\nParis :\t\n"
        "Haut-Pays :\tMobilisation des ressources courantes\nBudget estimé :\tCroix-Rouge\nPartenaires mobilisés :\t\n"
        "Indicateurs de réalisation :\tNombre de jeunes"
    )
    assert t.fields["pilotes"] == {"Paris": "DASES", "Haut-Pays": "DEF"}
    assert t.fields["budget"] == "Mobilisation des ressources courantes"
    assert t.fields["partenaires"] == "Croix-Rouge"
    assert t.warnings


def test_an_extra_cell_pushing_values_down_to_an_empty_row_is_realigned():
    t = table(
        "Budget estimé :\tÀ définir\n\tCommunes du territoire\nPartenaires mobilisés :\tSurfaces investies\n"
        "Indicateurs de réalisation :\t"
    )
    assert (t.fields["budget"], t.fields["partenaires"], t.fields["indicateurs"]) == (
        "À définir",
        "Communes du territoire",
        "Surfaces investies",
    )
    assert t.warnings


@pytest.mark.parametrize(
    "value, expected",
    [
        ("MMPCR – DASES - DAJ MMPCR – DADJ", ["MMPCR – DASES - DAJ", "MMPCR – DADJ"]),
        ("DAC, DAE DCPSL, DINSI", ["DAC, DAE", "DCPSL, DINSI"]),
        ("DJS DCPSL", ["DJS", "DCPSL"]),
        ("DVD", None),
    ],
)
def test_pilot_cell_holding_both_parties_is_split_between_directorates(value, expected):
    assert split_units(value, 2) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("se réunira au minimum une fois par semestre", 2),
        ("se réunira au minimum une fois par trimestre", 4),
        ("se réunira une fois par an", 1),
        ("se réunira deux fois par an", 2),
        ("se réunit trois fois par an au moins", 3),
        ("réunion mensuelle", 12),
        ("se réunira en tant que de besoin", None),
    ],
)
def test_meeting_frequencies(text, expected):
    assert meetings_per_year(text) == expected


def test_french_numbers_dates_and_amounts():
    assert [parse_number(w) for w in ("trois", "quinze", "dix-huit", "quatre-vingt-dix", "12")] == [3, 15, 18, 90, 12]
    assert parse_french_date("le 1er mars 2031").isoformat() == "2031-03-01"
    assert parse_french_date("22/10/21").isoformat() == "2021-10-22"
    assert budget_amount("1,4M € pour la piste") == 1_400_000
    assert budget_amount("25.000 euros en 2030") == 25_000
    assert budget_amount("Budget moyen de 50 € par place") is None
    assert budget_amount("1 M€ puis 2 M€") is None


CLAUSES = """
Axe 1 : Agir

Action n°1 : Faire

Mise en place des instances

- Un comité de pilotage composé des deux maires ;

Le comité de pilotage se réunira une fois par an pour vérifier l'avancement de la convention.

- Un comité technique de suivi et d'évaluation composé des directions générales. Son secrétariat sera assuré par la direction générale de Paris.

Le comité technique se réunira au minimum une fois par semestre. Il proposera un tableau de bord partagé dans un délai maximum de quatre mois à compter de la prise d'effet.

Les deux parties s'engagent à mener tous les ans et à l'issue de la convention une évaluation portant sur :

- la réalisation des engagements ;
- la valeur ajoutée pour les citoyens.

Durée de la convention

La présente convention est conclue pour une durée de 3 ans à compter de sa signature, et sera renouvelée pour un an par reconduction tacite.

Si l'une des parties souhaite y mettre fin, elle respecte un délai de préavis de deux mois.

En cas de manquement, la convention pourra être résiliée de plein droit à l'expiration d'un délai de quinze jours suivant une mise en demeure.
"""


def test_governance_term_and_evaluation_clauses():
    result = extract(CLAUSES)
    bodies = [(b["body"], b["min_meetings_per_year"]) for b in result["governance"]]
    assert bodies == [("comite_pilotage", 1), ("comite_technique", 2)]
    assert result["governance"][1]["secretariat"].startswith("par la direction générale")
    assert [b["members"] for b in result["governance"]] == ["deux maires", "directions générales"]
    # the sentence naming the secretariat is not a duty; the one with « proposera » is
    assert result["governance"][1]["duties"] == [
        "Il proposera un tableau de bord partagé dans un délai maximum de quatre mois à compter de la prise d'effet"
    ]
    d = result["duration"]
    assert (d["years"], d["starts_on"], d["tacit_renewal"], d["notice_months"], d["termination_for_breach_days"]) == (
        3,
        "signature",
        {"times": 1, "years": 1},
        2,
        15,
    )
    ev = result["evaluation"]
    assert ev["annual"] is True and ev["final"] is True and ev["dashboard_deadline_months"] == 4
    assert ev["criteria"] == ["la réalisation des engagements", "la valeur ajoutée pour les citoyens"]


def test_renewal_by_successive_periods_has_no_fixed_number_and_a_limit_has_one():
    from concorde.ingest.parser.lifecycle import renewal

    assert renewal("renouvelable par tacite reconduction par périodes successives de 2 ans") == {
        "times": None,
        "years": 2,
    }
    assert renewal("reconduite tacitement pour 1 an, dans la limite de deux reconductions") == {"times": 2, "years": 1}
    assert renewal("Elle pourra être reconduite DEUX FOIS pour un an") == {"times": 2, "years": 1}


def test_two_duration_statements_with_different_starts_raise_a_warning():
    text = CLAUSES.replace(
        "Durée de la convention", "Elle est d'une durée de 3 ans à compter de son adoption.\n\nDurée de la convention"
    )
    warnings = extract(text)["warnings"]
    assert any("points de départ différents" in w for w in warnings)


@pytest.mark.parametrize(
    "sentence, is_duty",
    [
        ("Il est chargé de suivre l'avancement des actions", True),
        ("Le comité se réunit pour valider le bilan", True),
        ("Il examinera les fiches et réorientera les actions", True),
        ("Le comité technique préparera les séances", True),
        ("Le comité technique est là pour préparer les séances", True),
        ("Il tiendra un relevé des décisions", True),
        ("La commission sera réunie en tant que de besoin", False),
        ("Une recharge de batterie est prévue", False),  # « charg » inside a word
        ("Le secrétariat est chargé de la convocation", False),  # the secretariat is read apart
    ],
)
def test_what_a_body_is_charged_with(sentence, is_duty):
    from concorde.ingest.parser.governance import is_duty as reads_as_duty

    assert reads_as_duty(sentence) is is_duty
