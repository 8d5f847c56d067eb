"""French agreement with the name of a collectivité or an organisation: « la Ville de Paris,
représentée par… », « le Département de la Seine-Saint-Denis, représenté par… ». Pure functions."""

from __future__ import annotations

import re

from .text import fold

# the head nouns of the names French public bodies bear, by gender (folded, singular)
_FEMININE = {
    "agence",
    "appartenance",
    "assemblee",
    "association",
    "caisse",
    "chambre",
    "collectivite",
    "commune",
    "communaute",
    "demande",
    "federation",
    "fondation",
    "invitation",
    "metropole",
    "mission",
    "organisation",
    "prefecture",
    "region",
    "regie",
    "societe",
    "universite",
    "ville",
}
_MASCULINE = {
    "centre",
    "conseil",
    "departement",
    "epci",
    "ept",
    "etablissement",
    "etat",
    "gip",
    "groupement",
    "institut",
    "jeton",
    "office",
    "pays",
    "pole",
    "quota",
    "service",
    "sivom",
    "sivu",
    "syndicat",
    "territoire",
}
_ARTICLE = re.compile(r"^(la|le|les|l['’])\s*", re.I)


def is_feminine(name: str) -> bool | None:
    """Whether the name's head noun is feminine; None when it is not one we know."""
    words = re.findall(r"[\w-]+", fold(_ARTICLE.sub("", (name or "").strip())))
    if not words:
        return None
    for head in (words[0], words[0].removesuffix("s")):  # « Communes de… », « Pays de… »
        if head in _FEMININE:
            return True
        if head in _MASCULINE:
            return False
    return None


def agreed(masculine: str, name: str) -> str:
    """The participle agreed with the name: « représenté » or « représentée »; « représenté(e) »
    when the name's gender is not known."""
    feminine = is_feminine(name)
    if feminine is None:
        return f"{masculine}(e)"
    return masculine + ("e" if feminine else "")


def _elided(noun: str) -> bool:
    return fold(noun[:1]) in tuple("aeiouyh")


def of_the(noun: str) -> str:
    """« de l'organisation », « du service », « de la collectivité de référence »."""
    if _elided(noun):
        return f"de l'{noun}"
    return f"de la {noun}" if is_feminine(noun) else f"du {noun}"


def of_a(noun: str) -> str:
    """« d'une organisation », « d'un service »."""
    return f"d'une {noun}" if is_feminine(noun) else f"d'un {noun}"
