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
# 1"agglomération -> l’agglomération, 17évolution -> l’évolution, 1Ivry -> Ivry, I1 -> Il.
_OCR_ONE = re.compile(
    r"1(?:(?<!\w1)(?:(?=l[" + APOS + r"a-zàâéèêîôûç])|(?P<apos>(?=[" + APOS + r"]))|(?P<quote>[\"”](?=\w))"
    r"|(?P<seven>7(?=(?!(?:e|è|ème|eme|er|ère)\b)[aeiouéèêàâîôh][a-zéèêàâîôûç]{2,}))|(?=[A-Z][a-zé]))"
    r"|(?P<il>(?<=\bI1)\b))"
)


def _one(m: re.Match) -> str:
    if m["apos"] is not None or m["il"] is not None:
        return "l"
    if m["quote"] is not None or m["seven"] is not None:
        return "l’"
    return ""


# The rules led by a rare character: (that character, the rule anchored on it, replacement).
# str.find reaches a single character with memchr, many times faster than a regex scan.
_RARE_RULES = [
    ("w", re.compile(r"w(?<!\ww)(?=[vu][a-zéèê]{2,})"), ""),  # wvilles, wurbaine
    ("©", re.compile(r"©\s?(?=\w)"), ""),  # ©plan
    ("¢", re.compile(r"¢\s?(?=\w)"), ""),  # ¢élus
    ("<", re.compile(r"<(?<=\s<)(?=[a-zéèê])"), ""),  # <coopération
    ("&", re.compile(r"&(?<=\s&)(?=\s)"), "à"),
] + [(quote, re.compile(quote + r"(?<=[" + APOS + "]" + quote + ")"), "") for quote in '"”“']  # d’”incinération


def _sub_at(text: str, char: str, rule: re.Pattern, repl) -> str:
    """rule.sub(repl, text) for a rule that starts with char, tried where str.find finds it."""
    pos = text.find(char)
    if pos == -1:
        return text
    pieces, done = [], 0
    while pos != -1:
        m = rule.match(text, pos)
        if m:
            pieces.append(text[done:pos])
            pieces.append(repl if isinstance(repl, str) else repl(m))
            done = m.end()
        pos = text.find(char, max(pos + 1, done))
    pieces.append(text[done:])
    return "".join(pieces)


# "a" for "à" in OCR text, where the next word cannot follow the verb "avoir".
_OCR_A = re.compile(
    r"a(?<=\sa)(?=\s+(?:l[" + APOS + r"]|la\b|les?\b|compter\b|partir\b|proximité\b|minima\b|"
    r"[A-ZÉ][a-zé]|[a-zé]{2,}(?:er|ir)\b))"
)


def looks_ocr(text: str) -> bool:
    """True when the text carries the marks of OCR (then riskier repairs apply)."""
    sample = text[:12000]  # OCR noise is everywhere in a scanned text: its start tells
    signs = len(_ONE_SIGNS.findall(sample)) + sample.count("©") + sample.count(" wv")
    return signs >= 3


_ONE_SIGNS = re.compile(r" 1(?:l[" + APOS + r"]|l[ae](?= )|’)")  # 1l’, 1la, 1le, 1’: one scan


_OCR_T = re.compile(r"T\.(?=\s+[A-ZÉ])")
_LINE_OF_I = re.compile(r"[ \t]*I{0,3}")


# « œuvre » read as « ecuvre », « ceuvre » or « cuvre » (never French words): found by
# their common ending, one scan instead of one a spelling.
_OEUVRE = re.compile(r"uvre(?:(?<=ecuvre)|(?<=ceuvre)|(?<=cuvre))")


def _oeuvre(text: str) -> str:
    pieces, done = [], 0
    for m in _OEUVRE.finditer(text):
        start = m.end() - (5 if text.startswith("cuvre", m.end() - 5) and not text.startswith("e", m.end() - 6) else 6)
        if start < done:
            continue
        pieces.append(text[done:start])
        pieces.append("œuvre")
        done = m.end()
    pieces.append(text[done:])
    return "".join(pieces)


def repair_ocr(text: str) -> str:
    text = _OCR_ONE.sub(_one, text)
    for char, rule, repl in _RARE_RULES:
        text = _sub_at(text, char, rule, repl)
    text = _oeuvre(text)
    text = _OCR_A.sub("à", text)
    return _sub_at(text, "T", _OCR_T, _roman_t)


def _roman_t(m: re.Match) -> str:
    """'IT.' / 'IIT.' at the start of a line is a roman numeral whose last I was read as T."""
    start = m.string.rfind("\n", 0, m.start()) + 1
    return "I." if _LINE_OF_I.fullmatch(m.string, start, m.start()) else m.group(0)
