"""OCR repair: the confusions scanned French administrative text shows ("1l’" for "l’",
"wvilles", "©plan", "a" for "à", "IT." for "II."). Applied only to a text that looks scanned."""
from __future__ import annotations

import re

APOS = "’'"

# OCR confusions seen in scanned French administrative text. Each rule only fires
# where the raw form cannot be a French word.
# Each rule starts with a literal so the regex engine scans fast; the look-behind that
# follows it checks the character before.
# A "1" standing for "l" or "l’", in one pass: 1l’ / 1la / 1ligne -> l…, 1’ -> l’,
# 1"agglomération -> l’agglomération, 17évolution -> l’évolution, 1Ivry -> Ivry.
_OCR_ONE = re.compile(
    r"1(?<!\w1)(?:(?=l[" + APOS + r"a-zàâéèêîôûç])|(?P<apos>(?=[" + APOS + r"]))|(?P<quote>[\"”](?=\w))"
    r"|(?P<seven>7(?=(?!(?:e|è|ème|eme|er|ère)\b)[aeiouéèêàâîôh][a-zéèêàâîôûç]{2,}))|(?=[A-Z][a-zé]))"
)


def _one(m: re.Match) -> str:
    if m["apos"] is not None:
        return "l"
    if m["quote"] is not None or m["seven"] is not None:
        return "l’"
    return ""


_OCR_RULES = [
    (_OCR_ONE, _one),
    (re.compile(r"I1(?<!\wI1)\b"), "Il"),
    (re.compile(r"w(?<!\ww)(?=[vu][a-zéèê]{2,})"), ""),  # wvilles, wurbaine
    (re.compile(r"©\s?(?=\w)"), ""),  # ©plan
    (re.compile(r"¢\s?(?=\w)"), ""),  # ¢élus
    (re.compile(r"<(?<=\s<)(?=[a-zéèê])"), ""),  # <coopération
    (re.compile(r"&(?<=\s&)(?=\s)"), "à"),
    (re.compile(r"’[\"”“]"), "’"),  # d’”incinération
    (re.compile(r"'[\"”“]"), "'"),
]
# "a" for "à" in OCR text, where the next word cannot follow the verb "avoir".
_OCR_A = re.compile(
    r"a(?<=\sa)(?=\s+(?:l[" + APOS + r"]|la\b|les?\b|compter\b|partir\b|proximité\b|minima\b|"
    r"[A-ZÉ][a-zé]|[a-zé]{2,}(?:er|ir)\b))"
)

def looks_ocr(text: str) -> bool:
    """True when the text carries the marks of OCR (then riskier repairs apply)."""
    sample = text[:12000]  # OCR noise is everywhere in a scanned text: its start tells
    signs = sum(sample.count(s) for s in (" 1l’", " 1l'", " 1la ", " 1le ", " 1’", "©", " wv"))
    return signs >= 3


_OCR_T = re.compile(r"T\.(?=\s+[A-ZÉ])")
_LINE_OF_I = re.compile(r"[ \t]*I{0,3}")


def repair_ocr(text: str) -> str:
    for pattern, repl in _OCR_RULES:
        text = pattern.sub(repl, text)
    for wrong in ("ecuvre", "ceuvre", "cuvre"):  # never French words
        text = text.replace(wrong, "œuvre")
    text = _OCR_A.sub("à", text)
    return _OCR_T.sub(_roman_t, text)


def _roman_t(m: re.Match) -> str:
    """'IT.' / 'IIT.' at the start of a line is a roman numeral whose last I was read as T."""
    start = m.string.rfind("\n", 0, m.start()) + 1
    return "I." if _LINE_OF_I.fullmatch(m.string, start, m.start()) else m.group(0)
