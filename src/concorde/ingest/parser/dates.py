"""Dates as French acts write them: in figures (« 16/02/2023 », « 30 novembre 2023 », « lundi 08
juin 2020 », « 1er juillet ») and in words, as the opening formula of a sitting does (« L'an deux
mil vingt, le vingt-cinq du mois de mai », « le premier décembre deux mille vingt-deux »).
Patterns are searched in folded text (lower case, no accents): see numbers.fold."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from concorde.lib.text import fold_keep

from .numbers import MONTHS, parse_number

MONTH = "(?:" + "|".join(MONTHS) + ")"
WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+"
NUMBER_WORD = r"(?:zero|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cents?|mil(?:le)?|et)"
WORDS = rf"{NUMBER_WORD}(?:[- ]+{NUMBER_WORD})*"
DAY_WORDS = rf"(?:premier|{WORDS})"

FIGURES = re.compile(
    rf"\b(?:{WEEKDAY})?(\d{{1,2}})\s*(?:er)?\s+({MONTH})\s+(\d{{4}})\b"  # 30 novembre 2023, 1 er juillet 2021
    r"|\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b"  # 16/02/2023, 22/10/21
    r"|\b(\d{4})-(\d{2})-(\d{2})\b"
)  # 2021-10-13
IN_WORDS = re.compile(rf"\b(?:le\s+)?(?:{WEEKDAY})?({DAY_WORDS})\s+(?:du\s+mois\s+d['e]\s*)?({MONTH})\s+({WORDS})\b")
# « L'an deux mil vingt-trois, le jeudi 30 novembre 2023 », « L'an deux mille vingt, le huit juin »
FORMULA = re.compile(
    rf"\bl\s?['’]\s?an\s+({WORDS}|\d{{4}})\s*,?\s+le\s+(?:{WEEKDAY})?({DAY_WORDS}|\d{{1,2}})\s*(?:er)?\s+(?:du\s+mois\s+d['e]\s*)?({MONTH})(?:\s+(\d{{4}}|{WORDS}))?"
)


@dataclass(frozen=True)
class Found:
    date: dt.date
    start: int
    end: int


def make(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if not (year and month and day):
        return None
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def day_number(word: str) -> int | None:
    word = word.strip()
    if word == "premier":
        return 1
    return int(word) if word.isdigit() else parse_number(word)


def in_figures(folded: str) -> list[Found]:
    """Every date written in figures, in order."""
    out = []
    for m in FIGURES.finditer(folded):
        if m.group(1):
            d = make(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
        elif m.group(4):
            d = make(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        else:
            d = make(int(m.group(7)), int(m.group(8)), int(m.group(9)))
        if d:
            out.append(Found(d, m.start(), m.end()))
    return out


def in_words(folded: str) -> list[Found]:
    """Every date written in words (day, month and year), in order."""
    out = []
    for m in IN_WORDS.finditer(folded):
        year = parse_number(m.group(3))
        if year and 1900 < year < 2200:
            d = make(year, MONTHS[m.group(2)], day_number(m.group(1)))
            if d:
                out.append(Found(d, m.start(), m.end()))
    return out


def formula(folded: str) -> Found | None:
    """The date of the opening formula « L'an …, le … » (its year in words or figures)."""
    m = FORMULA.search(folded)
    if not m:
        return None
    year = int(m.group(1)) if m.group(1).isdigit() else parse_number(m.group(1))
    if m.group(4):  # « le jeudi 30 novembre 2023 »: the year written again
        again = int(m.group(4)) if m.group(4).isdigit() else parse_number(m.group(4))
        year = again or year
    d = make(year, MONTHS[m.group(3)], day_number(m.group(2)))
    return Found(d, m.start(), m.end()) if d else None


def first(text: str) -> dt.date | None:
    """The first date of a text, in figures or in words."""
    folded = fold_keep(text)
    found = sorted(in_figures(folded) + in_words(folded), key=lambda f: f.start)
    return found[0].date if found else None
