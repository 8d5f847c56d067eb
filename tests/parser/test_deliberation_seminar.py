"""A council deliberation, @ctes identifiers and seminar slides, on texts written for these tests."""

import pytest

from concorde.ingest.parser import extract
from concorde.lib.identifiers import parse as parse_actes
from concorde.lib.identifiers import siren_is_valid

DELIBERATION = """SEANCE DU CONSEIL MUNICIPAL
DU 3 MARS 2031

N°CM2031/042

L'an deux mil trente et un, le trois mars, le conseil municipal de la commune de Bourg-Neuf s'est réuni sous la présidence de Madame Jeanne MARTIN, Maire.

Etaient présents :

Madame Jeanne MARTIN, Monsieur Paul DUVAL, Madame Léa ROUX, Monsieur Marc BLANC.

Etaient absents représentés ayant donné pouvoir :

Monsieur Jean NOIR à Madame Léa ROUX, Madame Anne VERT à Monsieur Paul DUVAL.

Secrétaire de séance : Monsieur Marc BLANC.

Nombre de votants : {voters}

Vote(s) pour : 5

Vote(s) contre : 1

Abstention(s) : 0

LE CONSEIL MUNICIPAL, REGULIEREMENT CONVOQUE LE 25 FEVRIER 2031, APRES EN AVOIR DELIBERE,

ARTICLE 1 : ADOPTE la convention de coopération ci-annexée.

FAIT A BOURG-NEUF, LE TROIS MARS DEUX MIL TRENTE ET UN.

Accusé réception le\t05/03/31
Identifiant télétransmission\t093-217500016-20310303-cm042-DE-1-1
"""


def test_deliberation_record_is_read_and_its_arithmetic_checked():
    result = extract(DELIBERATION.format(voters=6), "delib.txt")
    d = result["deliberation"]
    assert result["kind"] == "deliberation"
    assert (d["date"], d["act_number"], d["president"], d["secretary"]) == (
        "2031-03-03",
        "CM2031/042",
        "Jeanne MARTIN",
        "Marc BLANC",
    )
    assert (d["present_count"], d["voters"], d["for"], d["against"], d["abstentions"]) == (4, 6, 5, 1, 0)
    assert d["proxies"] == [["Jean NOIR", "Léa ROUX"], ["Anne VERT", "Paul DUVAL"]]
    assert d["convocation_date"] == "2031-02-25" and d["prefecture_ack_date"] == "2031-03-05"
    assert d["transmission_id"] == "093-217500016-20310303-cm042-DE-1-1"
    assert not any("votants" in w for w in result["warnings"])


def test_vote_arithmetic_mismatch_is_a_warning():
    warnings = extract(DELIBERATION.format(voters=7), "delib.txt")["warnings"]
    assert any("Présents (4) + pouvoirs (2) = 6" in w for w in warnings)
    assert any("Pour (5) + contre (1) + abstentions (0) = 6" in w for w in warnings)


def test_actes_identifier_is_parsed_and_checked():
    act = parse_actes("094-200058006-20211013-lmc128156-CC-1-1")
    assert (act.department, act.siren, act.date.isoformat(), act.number, act.nature) == (
        "094",
        "200058006",
        "2021-10-13",
        "lmc128156",
        "CC",
    )
    assert act.identifier == "094-200058006-20211013-lmc128156-CC" and act.nature_label.startswith("Contrats")
    assert siren_is_valid("200058006") and not siren_is_valid("200058007")
    for wrong in (
        "094-200058007-20211013-x-CC",
        "094-200058006-20211313-x-CC",
        "094-200058006-20211013-x-ZZ",
        "n'importe quoi",
    ):
        with pytest.raises(ValueError):
            parse_actes(wrong)


SLIDES = """Séminaire des élus : nos priorités


Programme de la matinée



Faire mieux ensemble : axes prioritaires 2030-2035

Mieux vivre ensemble

• Jeanne MARTIN, vice-présidente déléguée au logement

• Paul DUVAL, vice-président délégué aux sports



POUR DES LOGEMENTS
DIGNES

Constats du séminaire :
- un constat qui n'est pas une priorité

Priorités 2030-2035

• Rénover mille logements

• Lutter contre l'habitat
indigne



Une bulle de texte mise en avant



POUR DES LOGEMENTS DIGNES

• Créer un observatoire



Faire mieux ensemble : axes prioritaires 2030-2035

Travailler mieux

• Léa ROUX, vice-présidente déléguée à l'emploi

• Marc BLANC, conseiller délégué à l'insertion



POUR L'EMPLOI

Priorités 2030-2035

Faciliter l'accès à l'emploi par :

• les clauses d'insertion



PROCHAINS RENDEZ-VOUS

2030 2031
Oct Nov Déc Jan

Plan logement

Marchés 2031
"""


def test_seminar_themes_priorities_and_milestones():
    result = extract(SLIDES, "seminaire.txt")
    assert result["kind"] == "seminar"
    assert [(a["title"], [x["title"] for x in a["actions"]]) for a in result["axes"]] == [
        ("Mieux vivre ensemble", ["POUR DES LOGEMENTS DIGNES"]),
        ("Travailler mieux", ["POUR L'EMPLOI"]),
    ]
    first = result["axes"][0]["actions"][0]
    assert first["engagements"] == [
        "Rénover mille logements",
        "Lutter contre l'habitat indigne",
        "Créer un observatoire",
    ]
    assert result["axes"][1]["actions"][0]["engagements"] == [
        "Faciliter l'accès à l'emploi par :",
        "les clauses d'insertion",
    ]
    assert result["period"] == {"start_year": 2030, "end_year": 2035}
    milestones = {m["label"]: m["when"] for m in result["seminar"]["milestones"]}
    assert milestones["Marchés 2031"] == "2031" and milestones["Plan logement"].endswith("2031")
