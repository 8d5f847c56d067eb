"""French numbers, dates, amounts and meeting frequencies as written in conventions."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

UNITS = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "cent": 100, "mil": 1000, "mille": 1000,
}
MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
NUMBER = r"(?:\d+|(?:(?:zéro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|et)[- ]?)+)"


def fold(text: str) -> str:
    """Lower case, accents and non-ASCII signs removed, for matching (never for output)."""
    text = text.replace("’", "'").replace("œ", "oe").replace("Œ", "OE")
    if not text.isascii():
        text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()


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


_AMOUNT = re.compile(
    r"(\d{1,3}(?:[ .\u202f]\d{3})+|\d+(?:,\d+)?)\s*(M|k|millions?|milliers?)?\s*(?:d['’])?\s*(€|euros?)",
    re.I,
)


def parse_amounts(text: str) -> list[float]:
    """Every euro amount in a budget text: '1,4M €' -> 1400000.0, '30 000 €' -> 30000.0."""
    out = []
    for num, scale, _ in _AMOUNT.findall(text or ""):
        value = float(re.sub(r"[ .\u202f]", "", num).replace(",", ".")) if re.search(r"[ .\u202f]\d{3}", num) else float(num.replace(",", "."))
        scale = (scale or "").lower()
        if scale.startswith("m"):
            value *= 1_000_000
        elif scale.startswith("k") or scale.startswith("millier"):
            value *= 1_000
        out.append(value)
    return out


def budget_amount(text: str | None) -> float | None:
    """The budget as one figure, only when the text gives exactly one total."""
    if not text:
        return None
    amounts = parse_amounts(text)
    if len(amounts) != 1 or re.search(r"\bpar\s+(place|personne|an|mois|jour|élève|participant)", text, re.I):
        return None
    return amounts[0]


_PER = {"an": 1, "année": 1, "annee": 1, "semestre": 2, "trimestre": 4, "mois": 12}
_FOIS = re.compile(r"fois\s+(?:par|chaque)\s+(an|année|annee|semestre|trimestre|mois)\b")
_EVERY = [
    (("par semestre", "semestriel", "tous les six mois", "chaque semestre"), 2),
    (("par trimestre", "trimestriel", "tous les trois mois", "chaque trimestre"), 4),
    (("par mois", "chaque mois", "mensuel"), 12),
    (("par an ", "par an,", "par an.", "par année", "chaque année", "tous les ans", "annuel"), 1),
]


_WORD = re.compile(r"[\w-]+")


def meetings_per_year(text: str, low: str | None = None) -> int | None:
    """Minimum meetings a year from 'au minimum une fois par semestre' and the like.
    low: the text in lower case, when the caller has it already."""
    if low is None:
        low = text.lower()
    # a quick rejection: most lines name no frequency (`in` on a line beats a regex here)
    if not ("fois" in low or "semest" in low or "trimest" in low or "mensuel" in low or "annuel" in low
            or "par an" in low or "chaque" in low or "tous les" in low or "par mois" in low):
        return None
    if "fois" in low:
        m = _FOIS.search(low)
        if m:
            words = _WORD.findall(low, max(0, m.start() - 30), m.start())
            for size in (3, 2, 1):
                n = parse_number(" ".join(words[-size:])) if len(words) >= size else None
                if n:
                    return n * _PER[m.group(1)]
    padded = low + " "
    for words, n in _EVERY:
        if any(w in padded for w in words):
            return n
    return None
