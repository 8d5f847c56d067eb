"""Conventions of other families and their clauses in the wordings the corpus does not use: a term
in months or up to a date, from signature or notification; tacit renewal told apart from express
renewal and from its exclusion; notice in days or months; termination for breach; governance
bodies under other names, their frequencies and duties; parties found through the reference
territories; and what the importer says it could not read. Texts written for these tests."""

import pytest

from concorde.ingest.parser import extract
from concorde.ingest.parser.gazetteer import Gazetteer, Place

# Reference territories of the test (the real ones come from `concorde territories`)
TERRITORIES = Gazetteer(
    [
        Place("epci", "CA du Pays de Brume", "200000001", None, 80000),
        Place("region", "Haute-Lande", "99", None),
        Place("commune", "Brume", "99001", None, 30000),
        Place("commune", "Val-Fleuri", "99002", None, 5000),
        Place("departement", "Haut-Pays", "98", 2),
    ]
)

FRAMEWORK = """CONVENTION DE COOPÉRATION TERRITORIALE

ENTRE

La Communauté d'agglomération du Pays de Brume, représentée par son Président, Monsieur Yves CARADEC, dûment habilité par délibération du conseil communautaire du 12 janvier 2034, ci-après dénommée « l'Agglomération », d'une part,

ET

La Région Haute-Lande, représentée par sa Présidente, Madame Noémie FOURNIER, habilitée par délibération de la commission permanente du 20 janvier 2034, ci-après dénommée « la Région », d'autre part,

PRÉAMBULE

Les deux collectivités s'engagent dans quatre actions réparties en deux axes.

Article 1 – Objet

La présente convention fixe le cadre de la coopération entre les parties.

Article 2 – Programme d'actions

Axe 1 – Développer les mobilités douces

Action 1 : Créer un réseau de pistes cyclables
Pilote : Direction des mobilités
Indicateur : kilomètres aménagés (objectif : 40)

Action 2 : Ouvrir des ateliers de réparation
Pilote : Service vélo

Axe 2 – Accompagner la transition énergétique

Action 3 : Rénover les bâtiments scolaires
Pilote : Direction du patrimoine

Axe 3 – Animer le territoire

Article 3 – Gouvernance

Il est institué un comité de suivi, composé des vice-présidents concernés. Il se réunit deux fois par an. Il arrête le programme annuel, examine l'état d'avancement des actions et valide les ajustements nécessaires.

Une instance de coordination technique réunit les directions des deux collectivités une fois par trimestre. Elle prépare les travaux du comité de suivi.

Article 4 – Suivi

Un tableau de bord partagé est tenu à jour et transmis au comité de suivi au plus tard le 31 mars de chaque année.

Une évaluation intermédiaire sera conduite en 2036 et une évaluation finale au terme de la convention.

Article 5 – Durée

La présente convention prend effet à compter de sa signature pour une durée de trente-six mois.

Elle est reconduite tacitement par périodes d'un an, dans la limite de deux reconductions.

Article 6 – Résiliation

Chaque partie peut résilier la présente convention par lettre recommandée avec accusé de réception, moyennant un préavis de quatre-vingt-dix jours.

En cas de manquement grave de l'une des parties à ses obligations, l'autre partie peut résilier la convention à l'issue d'un délai de deux mois suivant une mise en demeure restée infructueuse.

Fait à Brume, le 3 février 2034, en deux exemplaires originaux.

Pour la Communauté d'agglomération du Pays de Brume
Le Président
Yves CARADEC

Pour la Région Haute-Lande
La Présidente
Noémie FOURNIER
"""

# A short convention whose clause article is filled in by each test.
HEAD = """CONVENTION DE COOPÉRATION POUR LA LECTURE PUBLIQUE

ENTRE

La Commune de Val-Fleuri, représentée par son Maire, ci-après « la Commune », d'une part,

ET

Le Département du Haut-Pays, représenté par sa Présidente, d'autre part,

Article 1 – Objet

La présente convention organise la coopération des deux collectivités en matière de lecture publique et d'animation culturelle. Elle précise les engagements de chaque partie et les modalités de leur suivi partagé.

Article 2 – Dispositions

"""


def with_clause(sentence: str) -> dict:
    return extract(HEAD + sentence + "\n", "convention.txt", TERRITORIES)


def unread(result: dict) -> list[str]:
    return [w for w in result["warnings"] if "Clause reconnue mais non lue" in w]


def test_a_framework_convention_of_another_family_is_read():
    result = extract(FRAMEWORK, "cadre.txt", TERRITORIES)
    parties = {p["name"]: p for p in result["parties"]}
    assert set(parties) == {"Communauté d'agglomération du Pays de Brume", "Région Haute-Lande"}
    assert parties["Région Haute-Lande"]["signatory"] == "Noémie FOURNIER"
    d = result["duration"]
    assert (d["months"], d["years"], d["starts_on"]) == (36, 3, "signature")
    assert (d["renewal"], d["tacit_renewal"]) == ("tacit", {"times": 2, "years": 1})
    assert (d["notice_days"], d["termination_for_breach_months"]) == (90, 2)
    bodies = {b["label"]: b for b in result["governance"]}
    assert bodies["comité de suivi"]["min_meetings_per_year"] == 2
    assert bodies["comité de suivi"]["members"] == "vice-présidents concernés"
    assert bodies["comité de suivi"]["duties"] == [
        "Il arrête le programme annuel, examine l'état d'avancement des actions et valide les ajustements nécessaires"
    ]
    assert bodies["instance de coordination"]["min_meetings_per_year"] == 4
    assert result["evaluation"]["years"] == [2036] and result["evaluation"]["final"] is True


def test_a_framework_convention_says_what_it_doubts():
    warnings = extract(FRAMEWORK, "cadre.txt", TERRITORIES)["warnings"]
    assert any(w.startswith("Titre — Titre générique") for w in warnings)
    assert any("annonce 4 actions, l'import en a trouvé 3" in w for w in warnings)
    assert any("annonce 2 axes, l'import en a trouvé 3" in w for w in warnings)
    assert any("L'axe 3 « Animer le territoire » n'a aucune action" in w for w in warnings)
    assert unread({"warnings": warnings}) == []


def test_the_cover_flattened_into_one_run_of_text_gives_the_same_parties():
    head, rest = FRAMEWORK.split("PRÉAMBULE", 1)
    result = extract(" ".join(head.split()) + "\n\nPRÉAMBULE" + rest, "cadre.txt", TERRITORIES)
    assert {p["name"] for p in result["parties"]} == {
        "Communauté d'agglomération du Pays de Brume",
        "Région Haute-Lande",
    }


def test_a_party_outside_the_reference_territories_is_a_point_to_check():
    result = extract(FRAMEWORK.replace("Région Haute-Lande", "Région Basse-Lande"), "cadre.txt", TERRITORIES)
    assert any("Basse-Lande" in w and "référentiel national" in w for w in result["warnings"])


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "La présente convention est conclue pour une durée de deux ans à compter de sa notification.",
            {"years": 2, "starts_on": "notification"},
        ),
        (
            "Elle est conclue pour dix-huit mois à compter de sa signature.",
            {"months": 18, "years": None, "starts_on": "signature"},
        ),
        ("La convention est conclue jusqu'au 31 décembre 2038.", {"until": "31 décembre 2038"}),
        ("Elle entre en vigueur le 1er janvier 2035 et prend fin le 31 décembre 2037.", {"until": "31 décembre 2037"}),
        (
            "La résiliation prend effet un mois après une mise en demeure restée sans effet, en cas de manquement.",
            {"years": None, "months": None, "termination_for_breach_months": 1},
        ),
    ],
)
def test_term_wordings(sentence, expected):
    d = with_clause(sentence)["duration"]
    assert {k: d[k] for k in expected} == expected


@pytest.mark.parametrize(
    "sentence, renewal, tacit",
    [
        (
            "Elle est conclue pour 3 ans. Elle est renouvelable par tacite reconduction pour une durée identique, dans la limite d'une fois.",
            "tacit",
            {"times": 1, "years": 3},
        ),
        (
            "Elle est conclue pour 3 ans. Elle se renouvelle ensuite par tacite reconduction d'année en année.",
            "tacit",
            {"times": None, "years": 1},
        ),
        (
            "Elle est conclue pour 3 ans, reconductible tacitement par périodes successives de deux ans.",
            "tacit",
            {"times": None, "years": 2},
        ),
        ("Elle pourra être renouvelée par avenant, après délibération concordante des assemblées.", "express", None),
        ("Elle ne pourra faire l'objet d'aucune reconduction tacite.", "excluded", None),
        ("Elle est conclue pour 2 ans et n'est pas renouvelable.", "excluded", None),
    ],
)
def test_renewal_wordings(sentence, renewal, tacit):
    d = with_clause(sentence)["duration"]
    assert (d["renewal"], d["tacit_renewal"]) == (renewal, tacit)


@pytest.mark.parametrize(
    "sentence, notice_months, notice_days",
    [
        ("Chacune des parties peut y mettre fin à tout moment en respectant un préavis de six mois.", 6, None),
        ("Chacune des parties peut la dénoncer au moins trente jours avant son échéance.", None, 30),
        ("Elle peut être dénoncée moyennant un préavis de huit semaines.", None, 56),
    ],
)
def test_notice_wordings(sentence, notice_months, notice_days):
    d = with_clause(sentence)["duration"]
    assert (d["notice_months"], d["notice_days"]) == (notice_months, notice_days)


@pytest.mark.parametrize(
    "sentence, days, months",
    [
        (
            "En cas de manquement, elle est résiliée de plein droit quinze jours après une mise en demeure restée sans effet.",
            15,
            None,
        ),
        (
            "En cas d'inexécution, l'autre partie peut la résilier à l'expiration d'un délai de trois mois suivant une mise en demeure.",
            None,
            3,
        ),
    ],
)
def test_breach_wordings(sentence, days, months):
    d = with_clause(sentence)["duration"]
    assert (d["termination_for_breach_days"], d["termination_for_breach_months"]) == (days, months)


@pytest.mark.parametrize(
    "sentence, what",
    [
        (
            "Elle est conclue pour 3 ans. Elle est tacitement reconduite selon des modalités fixées ultérieurement.",
            "la durée d'une reconduction n'a pas été lue",
        ),
        (
            "La convention peut être résiliée par chacune des parties, dans des conditions à convenir.",
            "son délai n'a pas été lu",
        ),
        (
            "En cas de manquement, la convention peut être résiliée après mise en demeure.",
            "le délai après mise en demeure n'a pas été lu",
        ),
        (
            "La présente convention entre en vigueur à sa signature pour la durée du programme.",
            "sa longueur n'a pas été lue",
        ),
    ],
)
def test_a_clause_recognised_but_not_read_is_a_point_to_check_naming_its_sentence(sentence, what):
    points = unread(with_clause(sentence))
    assert len(points) == 1 and what in points[0] and sentence.split(". ")[-1][:50] in points[0]


@pytest.mark.parametrize(
    "sentence, label, kind, per_year",
    [
        ("Une conférence des maires se réunit au moins une fois par semestre.", "conférence des maires", "other", 2),
        ("Un groupe de travail se réunit chaque mois.", "groupe de travail", "groupe_travail", 12),
        ("Le comité de pilotage se réunit tous les deux mois.", "comité de pilotage", "comite_pilotage", 6),
        (
            "Le comité technique se réunit en tant que de besoin et au minimum quatre fois par an.",
            "comité technique",
            "comite_technique",
            4,
        ),
    ],
)
def test_bodies_under_any_name_and_their_frequency(sentence, label, kind, per_year):
    bodies = with_clause(sentence)["governance"]
    assert [(b["label"], b["body"], b["min_meetings_per_year"]) for b in bodies] == [(label, kind, per_year)]


def test_a_body_whose_frequency_is_not_said_is_kept_and_flagged():
    result = with_clause("Un comité de pilotage se réunit régulièrement. Il valide le bilan annuel des actions.")
    assert [(b["label"], b["min_meetings_per_year"]) for b in result["governance"]] == [("comité de pilotage", None)]
    assert result["governance"][0]["duties"] == ["Il valide le bilan annuel des actions"]
    assert any("fréquence minimale des réunions non trouvée" in w for w in result["warnings"])
