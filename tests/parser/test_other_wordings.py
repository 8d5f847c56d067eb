"""Other conventions of the same family word things differently: the parser must not depend
on the corpus' own phrasing. Texts written for these tests."""

from concorde.ingest.parser import extract

OTHER = """CONVENTION DE PARTENARIAT 2031-2034

ENTRE

La Commune de Val-Fleuri, représentée par son Maire, Monsieur Paul DUVAL, dûment habilité par délibération du 3 mars 2031, ci-après dénommée « la Commune », d'une part,

ET

Le Département du Haut-Pays, représenté par sa Présidente, Madame Léa ROUX, ci-après dénommé « le Département », d'autre part,

Article 1 – Objet

La présente convention organise la coopération des deux collectivités.

AXE STRATÉGIQUE N°1 – MIEUX SE DÉPLACER

Fiche action n°1 : Ouvrir une ligne de bus commune

Calendrier :\tRentrée 2032
Pilotes : Val-Fleuri : Haut-Pays :\tService transports DMOB
Coût estimé :\t250 000 euros
Partenaires associés :\tAutorité organisatrice des mobilités
Indicateurs de suivi :\tFréquentation mensuelle (2000 comme cible)

Axe stratégique n°2 – Vivre ensemble

Fiche action n°2 : Partager les équipements sportifs

Article 5 – Gouvernance

Un comité de pilotage, composé des deux exécutifs, se réunit semestriellement.

Un comité technique se réunit au moins trois fois par an.

Article 6 – Durée

La présente convention est conclue pour une durée de trois (3) ans à compter de sa notification. Elle est renouvelable une fois par tacite reconduction pour une durée identique.

Chaque partie peut la dénoncer moyennant un préavis de deux (2) mois.

En cas de manquement, elle peut être résiliée de plein droit à l'expiration d'un délai de trente (30) jours suivant une mise en demeure restée sans effet.
"""


def test_axes_and_actions_worded_otherwise():
    result = extract(OTHER)
    assert [(a["number"], a["title"]) for a in result["axes"]] == [("1", "MIEUX SE DÉPLACER"), ("2", "Vivre ensemble")]
    assert [a["title"] for a in result["axes"][0]["actions"]] == ["Ouvrir une ligne de bus commune"]
    fields = result["axes"][0]["actions"][0]["fields"]
    assert fields["delai"] == "Rentrée 2032" and fields["budget"] == "250 000 euros"
    assert fields["pilotes"] == {"Val-Fleuri": "Service transports", "Haut-Pays": "DMOB"}
    assert fields["indicateurs"].startswith("Fréquentation mensuelle")


def test_term_with_numbers_written_twice_and_a_renewal_for_the_same_duration():
    d = extract(OTHER)["duration"]
    assert (d["years"], d["starts_on"], d["notice_months"], d["termination_for_breach_days"]) == (
        3,
        "notification",
        2,
        30,
    )
    assert d["tacit_renewal"] == {"times": 1, "years": 3}


def test_bodies_meeting_semestrially_or_three_times_a_year():
    bodies = [(b["body"], b["min_meetings_per_year"]) for b in extract(OTHER)["governance"]]
    assert bodies == [("comite_pilotage", 2), ("comite_technique", 3)]


def test_parties_introduced_in_one_paragraph_each():
    parties = extract(OTHER)["parties"]
    assert [(p["name"], p["kind"]) for p in parties] == [
        ("Commune de Val-Fleuri", "commune"),
        ("Département du Haut-Pays", "departement"),
    ]
    assert parties[0]["represented_by"] == "son Maire, Monsieur Paul DUVAL"
    assert parties[1]["represented_by"] == "sa Présidente, Madame Léa ROUX"


def test_signature_block_written_pour_la_ville():
    text = """Convention de coopération\n\nAxe 1 : Agir\n\nAction n°1 : Faire\n
Fait à Paris, le 12 mars 2031, en deux exemplaires originaux.

Pour la Ville de Paris,
La Maire,

Anne HIDALGO

Pour le Département du Haut-Pays,
Le Président,

Jean DURAND
"""
    assert [(p["name"], p["represented_by"], p["signatory"]) for p in extract(text)["parties"]] == [
        ("Ville de Paris", "La Maire", "Anne HIDALGO"),
        ("Département du Haut-Pays", "Le Président", "Jean DURAND"),
    ]


def test_notice_given_months_before_the_term_and_breach_days_after_a_notice():
    text = OTHER.replace(
        "Chaque partie peut la dénoncer moyennant un préavis de deux (2) mois.",
        "Chaque partie peut la DÉNONCER par lettre recommandée trois mois avant le terme de la convention.",
    )
    text = text.replace(
        "à l'expiration d'un délai de trente (30) jours suivant une mise en demeure restée sans effet",
        "quarante-cinq jours après une mise en demeure restée sans effet",
    )
    d = extract(text)["duration"]
    assert (d["notice_months"], d["termination_for_breach_days"]) == (3, 45)
