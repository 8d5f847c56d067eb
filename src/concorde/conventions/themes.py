"""The policy themes a convention covers, for the portal's filter and open data. Proposed at
import from the words of its axes and actions, then kept by the people (review, coordinations)."""

from __future__ import annotations

import re

from concorde.lib.text import fold

THEMES = {
    "eau": "Eau, fleuves et milieux naturels",
    "climat": "Climat, énergie et environnement",
    "culture": "Culture et patrimoine",
    "sport": "Sport et loisirs",
    "mobilites": "Mobilités et transports",
    "logement": "Habitat et logement",
    "amenagement": "Aménagement et urbanisme",
    "economie": "Économie, emploi et formation",
    "solidarites": "Solidarités, santé et social",
    "education": "Éducation, enfance et jeunesse",
    "securite": "Sécurité et prévention",
    "numerique": "Numérique et données",
    "alimentation": "Agriculture et alimentation",
    "tourisme": "Tourisme et attractivité",
}
CHOICES = list(THEMES.items())

# Word stems of each theme (accents and case folded); generic vocabulary, never one document's.
_STEMS = {
    "eau": [
        "eau",
        "eaux",
        "baignade",
        "berge",
        "fleuve",
        "riviere",
        "canal",
        "canaux",
        "assainissement",
        "crue",
        "inondation",
        "biodiversite",
        "zone humide",
        "milieux aquatiques",
    ],
    "climat": [
        "climat",
        "energ",
        "renovation thermique",
        "carbone",
        "dechet",
        "pollution",
        "qualite de l'air",
        "vegetalis",
        "ilot de chaleur",
        "environnement",
        "transition ecologique",
    ],
    "culture": [
        "cultur",
        "patrimoine",
        "musee",
        "bibliotheque",
        "mediatheque",
        "spectacle",
        "artist",
        "festival",
        "theatre",
        "musique",
        "lecture publique",
    ],
    "sport": ["sport", "piscine", "olympi", "paralympi", "gymnase", "stade", "loisir", "activite physique"],
    "mobilites": [
        "mobilit",
        "transport",
        "velo",
        "cyclable",
        "voirie",
        "metro",
        "tramway",
        "bus",
        "stationnement",
        "deplacement",
        "pieton",
    ],
    "logement": [
        "logement",
        "habitat",
        "hebergement",
        "sans-abri",
        "sans abri",
        "insalubr",
        "bailleur",
        "renovation urbaine",
    ],
    "amenagement": ["amenagement", "urbanis", "foncier", "friche", "quartier", "espace public", "projet urbain", "zac"],
    "economie": [
        "emploi",
        "insertion",
        "formation professionnelle",
        "entreprise",
        "economi",
        "commerce",
        "artisanat",
        "apprentissage",
        "innovation",
    ],
    "solidarites": [
        "solidarit",
        "social",
        "sante",
        "handicap",
        "precarit",
        "pauvrete",
        "senior",
        "personnes agees",
        "aide alimentaire",
        "acces aux droits",
        "medic",
    ],
    "education": [
        "educat",
        "ecole",
        "college",
        "lycee",
        "enfan",
        "jeunesse",
        "jeunes",
        "periscolaire",
        "creche",
        "petite enfance",
    ],
    "securite": ["securite", "prevention de la delinquance", "police", "tranquillite", "videoprotection", "secours"],
    "numerique": ["numerique", "donnees", "open data", "systeme d'information", "dematerialis", "inclusion numerique"],
    "alimentation": ["alimentation", "agricult", "circuit court", "restauration collective", "maraich", "bio "],
    "tourisme": ["touris", "attractivite", "visiteur", "rayonnement"],
}
_PATTERNS = {
    theme: re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + ")") for theme, stems in _STEMS.items()
}


def suggest(titles: list[str], headings: list[str]) -> list[str]:
    """Themes named in an axis heading, or in at least two action titles; in the order of THEMES."""
    heading_text = fold(" \n ".join(headings))
    counts = {t: sum(1 for title in titles if p.search(fold(title))) for t, p in _PATTERNS.items()}
    return [t for t in THEMES if _PATTERNS[t].search(heading_text) or counts[t] >= 2]


def labels(codes) -> list[str]:
    return [THEMES[c] for c in codes or () if c in THEMES]
