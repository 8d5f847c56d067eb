"""Axes, actions, sub-actions and commitments on small texts written for these tests."""

from concorde.ingest.parser import extract

PARTIES = """Convention de coopération 2030-2034

entre

La Ville de Nulle-Part

Représentée par Madame la Maire,

Et

Le Département du Haut-Pays

Représenté par Monsieur le Président,
"""


def outline(result):
    def walk(nodes, depth):
        for n in nodes:
            yield depth, n["number"], n["title"]
            yield from walk(n.get("children") or [], depth + 1)

    return [(a["number"], a["title"], list(walk(a["actions"], 0))) for a in result["axes"]]


def test_roman_axe_headings_and_arabic_actions_with_letter_and_unnumbered_sub_actions():
    text = (
        PARTIES
        + """
Préambule

1. Un point du préambule qui n'est pas une action

I. Axe 1 : Mieux respirer

1. Planter des arbres

Axes de coopération

- Planter mille arbres ;
- Arroser ensemble.

II. Axe 2 : Mieux travailler

1. Partager les compétences

a) Former ensemble

Partager des bureaux entre agents des deux collectivités

"""
        + ("Un long paragraphe d'explication qui décrit le contexte et les enjeux de ce projet commun. " * 3)
        + """

Axes de coopération

- Ouvrir deux bureaux partagés.

b) Recruter ensemble

III. Pilotage et mise en œuvre

1. Méthode
"""
    )
    got = outline(extract(text))
    assert got == [
        ("I", "Mieux respirer", [(0, "1", "Planter des arbres")]),
        (
            "II",
            "Mieux travailler",
            [
                (0, "1", "Partager les compétences"),
                (1, "a)", "Former ensemble"),
                (2, None, "Partager des bureaux entre agents des deux collectivités"),
                (1, "b)", "Recruter ensemble"),
            ],
        ),
    ]
    result = extract(text)
    assert result["axes"][0]["actions"][0]["engagements"] == ["Planter mille arbres ;", "Arroser ensemble."]
    sub = result["axes"][1]["actions"][0]["children"][0]["children"][0]
    assert sub["engagements"] == ["Ouvrir deux bureaux partagés."]


def test_action_numbers_with_sub_actions_7_1_and_a_closing_section():
    text = (
        PARTIES
        + """
Axe 1 : Circuler

Action n°7 : Améliorer l'air

Action 7.1 : Une journée sans voiture

Action 7.2 : Une étude

Action n°8 : Relier les pistes

Suivi, bilan et ajustements de la convention

Les deux parties s'engagent à :

- se réunir souvent ;
"""
    )
    result = extract(text)
    assert outline(result) == [
        (
            "1",
            "Circuler",
            [
                (0, "n°7", "Améliorer l'air"),
                (1, "7.1", "Une journée sans voiture"),
                (1, "7.2", "Une étude"),
                (0, "n°8", "Relier les pistes"),
            ],
        )
    ]
    # the closing clauses are not commitments of the last action
    assert result["axes"][0]["actions"][1]["engagements"] == []


def test_letter_axes_in_capitals_under_an_axes_section_with_roman_lower_sub_actions():
    text = (
        PARTIES
        + """
I. Bilan du protocole précédent

A. Un historique qui n'est pas un axe

II. Axes de coopération

A. RELEVER LE DEFI
CLIMATIQUE

1. Créer une instance

i) Mise en place d'un comité

ii) Mise en place d'un groupe

B. PROMOUVOIR LA SOLIDARITE

1. Établir un état des lieux

III. Pilotage de la convention
"""
    )
    assert outline(extract(text)) == [
        (
            "A",
            "RELEVER LE DEFI CLIMATIQUE",
            [
                (0, "1", "Créer une instance"),
                (1, "i)", "Mise en place d'un comité"),
                (1, "ii)", "Mise en place d'un groupe"),
            ],
        ),
        ("B", "PROMOUVOIR LA SOLIDARITE", [(0, "1", "Établir un état des lieux")]),
    ]


def test_only_commitment_lists_become_engagements():
    text = (
        PARTIES
        + """
Axe 1 : Agir

Action n°1 : Soigner

L'établissement :

- accueillera des enfants ;
- proposera des soins.

Les deux collectivités s'engagent à :

- ouvrir un service commun ;
- partager les données.

Action n°2 : Coopérer

Paris et le Haut-Pays s'accordent à partager leurs pratiques. En particulier

- sur la prévention ;

Trois enjeux principaux :

- un enjeu culturel.
"""
    )
    result = extract(text)
    a1, a2 = result["axes"][0]["actions"]
    assert a1["engagements"] == ["ouvrir un service commun ;", "partager les données."]
    assert a2["engagements"] == ["sur la prévention ;"]


def test_parties_from_the_cover_and_from_a_two_column_signature_block():
    text = PARTIES + "\nAxe 1 : Agir\n\nAction n°1 : Faire\n"
    parties = extract(text)["parties"]
    assert [(p["name"], p["kind"], p["represented_by"]) for p in parties] == [
        ("Ville de Nulle-Part", "commune", "Madame la Maire"),
        ("Département du Haut-Pays", "departement", "Monsieur le Président"),
    ]
    block = """Axe 1 : Agir\n\nAction n°1 : Faire\n\nConvention établie en 2 exemplaires originaux.

La Commune de Bourg-Neuf La Ville de Paris
Représentée par Monsieur le Maire Représentée par Madame la Maire
JEAN DUPONT MARIE DURAND
"""
    parties = extract(block)["parties"]
    assert [(p["name"], p["represented_by"], p["signatory"]) for p in parties] == [
        ("Commune de Bourg-Neuf", "Monsieur le Maire", "JEAN DUPONT"),
        ("Ville de Paris", "Madame la Maire", "MARIE DURAND"),
    ]


def test_table_of_contents_disagreeing_with_the_body_is_a_warning():
    text = (
        PARTIES
        + """
Table des matières

Axe 1 : Agir.....\t2
Action n°1 : Faire.....\t3
Action n°2 : Une action oubliée dans le texte.....\t4

Axe 1 : Agir

Action n°1 : Faire
"""
    )
    warnings = extract(text)["warnings"]
    assert any("Une action oubliée" in w and "sommaire" in w.lower() for w in warnings)


def test_cross_references_to_other_conventions_are_kept():
    text = (
        PARTIES
        + """
Axe 1 : Agir

Action n°1 : Une journée commune

Partenaires mobilisés :\tEPT, communes (action commune avec la Convention 75-94)
"""
    )
    refs = extract(text)["cross_references"]
    assert refs and "Convention 75-94" in refs[0] and refs[0].startswith("Action n°1")
