"""Reference names of collectivités the parser recognises without a type word.

A small built-in list (the établissements publics territoriaux of the Métropole du Grand
Paris); the full national reference list is loaded into the database by the territories
app, and names not in this list are still found through their type word ('Ville de …').
"""
from __future__ import annotations

from functools import lru_cache

from .numbers import fold

EPT = [
    "Vallée Sud - Grand Paris", "Grand Paris Seine Ouest", "Paris Ouest La Défense",
    "Boucle Nord de Seine", "Plaine Commune", "Paris Terres d'Envol", "Est Ensemble",
    "Grand Paris Grand Est", "Paris-Est-Marne et Bois", "Grand Paris Sud Est Avenir",
    "Grand-Orly Seine Bièvre",
]
OTHER = {"Ville de Paris": "ville", "Métropole du Grand Paris": "other"}


@lru_cache(maxsize=1)
def known_organisations() -> dict[str, str]:
    """Folded name -> kind."""
    return {fold(name): kind for name, kind in _all().items()}


@lru_cache(maxsize=1)
def canonical_names() -> dict[str, str]:
    """Folded name -> the name as written officially."""
    return {fold(name): name for name in _all()}


def _all() -> dict[str, str]:
    return {**{name: "ept" for name in EPT}, **OTHER}
