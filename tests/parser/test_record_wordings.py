"""Records of sittings in the wordings of other collectivités — dates in words or figures, printed
counts, proxies in both directions, « à l'unanimité », « / » and « néant », a commission's opinion,
the stamps of the préfecture and the publication, records of several acts — each also flattened
into one run of text. Texts written for these tests."""

import pytest

from concorde.ingest.parser import extract

# One deliberation of a commune: everything stated once, in the common wordings.
ONE_ACT = """COMMUNE DE SAINT-ALBAN-DES-PRÉS
Extrait du registre des délibérations du conseil municipal

Séance du quatorze février deux mille trente-deux

Date de convocation : 07/02/2032
Nombre de conseillers en exercice : 15
Présents : 11
Votants : 13

L'an deux mille trente-deux, le quatorze février à vingt heures, le conseil municipal, légalement convoqué, s'est réuni à la mairie sous la présidence de Monsieur Hervé LEGRAND, Maire.

Présents : Hervé LEGRAND, Sophie MOREL, Karim BENALI, Julie FAURE, Pierre GIRARD, Nadia HAMDI, Luc PERRIN, Claire VIDAL, Thomas ROGER, Inès CARON, Paul LEMAIRE.

Absents excusés : Marie DUPRÉ (pouvoir à Sophie MOREL), Alain ROCHE donne pouvoir à Luc PERRIN.
Absents : Henri BLANC, Lucie NOËL.

Secrétaire de séance : Julie FAURE.

Délibération n° 2032-07 : Approbation d'une convention de coopération avec la commune voisine

Vu le code général des collectivités territoriales,

Avis favorable de la commission des finances (pour : 6, contre : 0, abstentions : 1).

Après en avoir délibéré, le conseil municipal, à l'unanimité,
APPROUVE la convention ;
AUTORISE le Maire à la signer.

Reçu en préfecture le 18/02/2032
Publié le 19 février 2032
"""

# The minutes of an EPCI's council: several acts, counts in words, proxies written three ways.
MINUTES = """COMMUNAUTÉ DE COMMUNES DES TROIS VALLONS
PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL COMMUNAUTAIRE DU 12/03/2033

Le conseil communautaire s'est réuni le douze mars deux mille trente-trois, sous la présidence de Mme Odile FERRAND, Présidente.

Membres en exercice : 24
Soit dix-neuf présents
Procurations : 3

Présents : Mme Odile FERRAND, M. Jacques ARNAUD, Mme Rose BERTIN, M. Yann CORRE, Mme Lise DANIEL, M. Éric ESNAULT, Mme Fanny GUEGAN, M. Hugo HERVÉ, Mme Iris JOUAN, M. Kévin LE GOFF, Mme Laure MAHÉ, M. Noé OLLIVIER, Mme Paule PRIGENT, M. Quentin RIOU, Mme Sarah SALAUN, M. Tanguy TANGUY, Mme Ursule URVOY, M. Victor VALLÉE, Mme Wendy WEBER.

Absents représentés : M. Xavier YVON (Procuration de M. Bruno ZÉNON), Mme Anna ABGRALL, Repr. M. Jacques ARNAUD, M. Cyril COLIN donne pouvoir à Mme Rose BERTIN.

Secrétaire de séance : Mme Lise DANIEL

ORDRE DU JOUR

1 - Budget annexe de l'eau : décision modificative n°1
Délibération n° 2033-014
Pour : 22 Contre : / Abstentions : néant

2 - Convention de coopération avec le Département pour la voirie
Délibération n° 2033-015
M. Hugo HERVÉ ne prend pas part au vote.
Adopté à l'unanimité.

3 - Tarifs de la piscine intercommunale
Délibération n° 2033-016
Pour : 18 Contre : 3 Abstentions : 1

Transmis en préfecture le 15 mars 2033
Affiché le 16/03/2033
"""


def flattened(text: str) -> str:
    """The same record as a PDF extraction that lost its line breaks."""
    return " ".join(text.split())


def read(text: str) -> tuple[dict, list[str]]:
    result = extract(text, "registre.txt")
    return result["deliberation"], result["warnings"]


@pytest.mark.parametrize("layout", [str, flattened], ids=["lignes", "texte continu"])
def test_one_act_read_in_both_layouts(layout):
    d, warnings = read(layout(ONE_ACT))
    assert (d["body"], d["assembly_kind"], d["date"], d["act_number"]) == (
        "conseil municipal",
        "commune",
        "2032-02-14",
        "2032-07",
    )
    assert d["object"] == "Approbation d'une convention de coopération avec la commune voisine"
    assert (d["president"], d["secretary"]) == ("Hervé LEGRAND", "Julie FAURE")
    assert (d["in_office"], d["present_count"], d["voters"]) == (15, 11, 13)
    assert d["present"][-1] == "Paul LEMAIRE"  # a surname that holds a role word is kept whole
    # the holders of the proxies are not absent; both wordings, in both directions of the list
    assert sorted(d["excused"]) == ["Alain ROCHE", "Marie DUPRÉ"]
    assert sorted(d["absent"]) == ["Henri BLANC", "Lucie NOËL"]
    assert sorted(d["proxies"]) == [["Alain ROCHE", "Luc PERRIN"], ["Marie DUPRÉ", "Sophie MOREL"]]
    # « à l'unanimité » of the voters; the commission's counts stay its own
    assert (d["unanimous"], d["for"], d["against"], d["abstentions"]) == (True, 13, 0, 0)
    assert (d["committee_opinion"]["for"], d["committee_opinion"]["abstentions"]) == (6, 1)
    assert "unanimité" not in d["committee_opinion"]["text"]
    assert (d["convocation_date"], d["prefecture_ack_date"], d["publication_date"]) == (
        "2032-02-07",
        "2032-02-18",
        "2032-02-19",
    )
    assert warnings == []


@pytest.mark.parametrize("layout", [str, flattened], ids=["lignes", "texte continu"])
def test_minutes_of_several_acts_give_each_act_its_vote(layout):
    d, warnings = read(layout(MINUTES))
    assert (d["body"], d["assembly_kind"], d["date"]) == ("conseil communautaire", "epci", "2033-03-12")
    assert (d["president"], d["secretary"]) == ("Odile FERRAND", "Lise DANIEL")
    assert (d["in_office"], d["present_count"], len(d["present"])) == (24, 19, 19)
    assert sorted(d["proxies"]) == [
        ["Anna ABGRALL", "Jacques ARNAUD"],
        ["Bruno ZÉNON", "Xavier YVON"],
        ["Cyril COLIN", "Rose BERTIN"],
    ]
    acts = {a["act_number"]: a for a in d["acts"]}
    assert list(acts) == ["2033-014", "2033-015", "2033-016"]
    assert acts["2033-014"]["object"] == "Budget annexe de l'eau : décision modificative n°1"
    assert (acts["2033-014"]["for"], acts["2033-014"]["against"], acts["2033-014"]["abstentions"]) == (
        22,
        0,
        0,
    )  # « / », « néant »
    assert acts["2033-015"]["unanimous"] and acts["2033-015"]["not_voting"] == ["Hugo HERVÉ"]
    assert (acts["2033-016"]["for"], acts["2033-016"]["against"], acts["2033-016"]["abstentions"]) == (18, 3, 1)
    assert (d["prefecture_ack_date"], d["publication_date"]) == ("2033-03-15", "2033-03-16")
    assert warnings == []


def test_a_printed_count_wins_and_a_list_that_disagrees_is_a_point_to_check():
    text = ONE_ACT.replace("Présents : 11\n", "Présents : 12\n")
    d, warnings = read(text)
    assert d["present_count"] == 12
    assert any("Présents : 12 selon le texte, 11 noms" in w for w in warnings)
    assert any("Présents (12) + pouvoirs (2) = 14, mais le nombre de votants indiqué est 13" in w for w in warnings)


def test_the_minutes_title_dates_the_sitting_but_an_approved_minutes_does_not():
    text = ONE_ACT.replace(
        "Séance du quatorze février deux mille trente-deux\n",
        "Approbation du procès-verbal de la séance du 10 janvier 2032\n",
    )
    d, _ = read(text)
    assert d["date"] == "2032-02-14"  # from the opening formula, not the minutes approved


@pytest.mark.parametrize(
    "wording, proxy",
    [
        ("Madame Rose VIDAL donne pouvoir à Monsieur Paul NOIR.", ["Rose VIDAL", "Paul NOIR"]),
        ("Madame Rose VIDAL a donné procuration à Monsieur Paul NOIR.", ["Rose VIDAL", "Paul NOIR"]),
        ("Madame Rose VIDAL (pouvoir à Monsieur Paul NOIR).", ["Rose VIDAL", "Paul NOIR"]),
        ("Madame Rose VIDAL, représentée par Monsieur Paul NOIR.", ["Rose VIDAL", "Paul NOIR"]),
        ("Monsieur Paul NOIR (procuration de Madame Rose VIDAL).", ["Rose VIDAL", "Paul NOIR"]),
        ("Monsieur Paul NOIR, porteur du pouvoir de Madame Rose VIDAL.", ["Rose VIDAL", "Paul NOIR"]),
        ("Madame Rose VIDAL délègue son vote à Monsieur Paul NOIR.", ["Rose VIDAL", "Paul NOIR"]),
    ],
)
def test_proxy_wordings(wording, proxy):
    text = ONE_ACT.replace(
        "Absents excusés : Marie DUPRÉ (pouvoir à Sophie MOREL), Alain ROCHE donne pouvoir à Luc PERRIN.",
        "Absents excusés : " + wording,
    )
    d, _ = read(text)
    assert d["proxies"] == [proxy]


@pytest.mark.parametrize(
    "wording, counts",
    [
        ("Pour : 12 Contre : 1 Abstention : 0", (12, 1, 0, False)),
        ("Votes pour : douze ; votes contre : néant ; abstentions : une", (12, 0, 1, False)),
        ("adopté par 12 voix pour et une abstention", (12, None, 1, False)),
        ("Pour : 13 Contre : / Abstentions : /", (13, 0, 0, False)),
        ("le conseil municipal, à l'unanimité, approuve la convention", (13, 0, 0, True)),
    ],
)
def test_vote_wordings(wording, counts):
    text = ONE_ACT.replace(
        "Après en avoir délibéré, le conseil municipal, à l'unanimité,", "Après en avoir délibéré, " + wording + "."
    )
    d, _ = read(text)
    assert (d["for"], d["against"], d["abstentions"], d["unanimous"]) == counts
