"""French numbers, dates, amounts and meeting frequencies as written in conventions."""

from __future__ import annotations

import datetime as dt
import re

from concorde.lib.text import fold, fold_keep

UNITS = {
    "zéro": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "cent": 100,
    "mil": 1000,
    "mille": 1000,
}
MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
NUMBER = r"(?:\d+|(?:(?:zéro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|et)[- ]?)+)"


_NUMBER_PARTS = re.compile(r"[- ]+")


def parse_number(word: str | None) -> int | None:
    """'3' -> 3, 'trois' -> 3, 'dix-huit' -> 18, 'quatre-vingt-dix' -> 90."""
    if word is None:
        return None
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    total, current = 0, 0
    for part in _NUMBER_PARTS.split(word):
        if part in ("et", ""):
            continue
        if part not in UNITS:
            return None
        value = UNITS[part]
        if value in (100, 1000):
            current = max(current, 1) * value
            if value == 1000:
                total, current = total + current, 0
        elif value == 20 and current == 4:  # quatre-vingt
            current = 80
        else:
            current += value
    total += current
    return total or None


def parse_french_date(text: str) -> dt.date | None:
    """'13 octobre 2021', '1er mars 2020', '22/10/21', '2021-10-13'."""
    t = fold(text)
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    if m:
        return _date(int(m[1]), int(m[2]), int(m[3]))
    m = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b", t)
    if m:
        year = int(m[3])
        year += 2000 if year < 100 else 0
        return _date(year, int(m[2]), int(m[1]))
    m = re.search(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", t)
    if m:
        return _date(int(m[3]), MONTHS[m[2]], int(m[1]))
    return None


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# How often a body meets, as conventions write it (folded text): « deux fois par an », « au moins
# une fois par semestre », « chaque trimestre », « tous les deux mois », « trois réunions par an »,
# « semestriellement », « une fois l'an ».
_PER = {"an": 1, "annee": 1, "l'an": 1, "semestre": 2, "trimestre": 4, "mois": 12, "semaine": 52}
_TIMES = re.compile(
    rf"\b({NUMBER}|une?)\s+(?:fois|reunions?|seances?)\s+(?:au\s+moins\s+|au\s+minimum\s+|minimum\s+)?(?:par|chaque|l')\s*(an|annee|semestre|trimestre|mois|semaine)\b"
    rf"|\b({NUMBER}|une?)\s+(?:fois|reunions?)\s+(?:annuelles?|l'an|dans\s+l'annee)"
)
_EVERY_N = re.compile(rf"\btous\s+les\s+({NUMBER})\s+mois\b")
_ADJECTIVES = (
    (("semestriel", "par semestre", "chaque semestre", "tous les six mois"), 2),
    (("trimestriel", "par trimestre", "chaque trimestre", "tous les trois mois"), 4),
    (("bimestriel", "tous les deux mois"), 6),
    (("bimensuel",), 24),
    (("hebdomadaire", "chaque semaine"), 52),
    (("mensuel", "par mois", "chaque mois"), 12),
    (("annuel", "par an ", "par an,", "par an.", "par annee", "chaque annee", "tous les ans", "une fois l'an"), 1),
)


_MEETS = re.compile(r"reuni|reunion|seance|convoqu|se\s+tien|tiendra|siege|rencontr")


def meetings_per_year(text: str, low: str | None = None) -> int | None:
    """Minimum meetings a year a sentence sets for a body, or None when it sets none."""
    low = fold_keep(text) if low is None else fold_keep(low)
    m = _TIMES.search(low)
    if m:
        n = 1 if (m.group(1) or m.group(3)) in ("un", "une") else parse_number(m.group(1) or m.group(3))
        if n:
            return n * _PER.get(m.group(2) or "an", 1)
    m = _EVERY_N.search(low)
    if m and parse_number(m.group(1)):
        return max(1, 12 // parse_number(m.group(1)))
    # an adjective counts in a sentence about meeting (« il valide le bilan annuel » sets no meeting)
    meeting = " ".join(x for x in re.split(r"(?<=[.;])\s", low) if _MEETS.search(x))
    padded = meeting + " "
    for words, n in _ADJECTIVES:
        if meeting and any(w in padded for w in words):
            return n
    return None
