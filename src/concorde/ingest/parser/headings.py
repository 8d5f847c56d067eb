"""Recognising headings: 'I. Axe 1 :', 'A. TITRE', 'Action n°7 :', 'Action 7.1', '1.', 'a)', 'i)'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from concorde.lib.text import fold

ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{0,3}))"
_SEP = r"\s*[.):–-]\s*"
_TITLE = r"(?P<title>[«\"“(A-ZÀ-ÖØ-Þ0-9].*)"

AXE = re.compile(
    r"^(?:(?P<roman>" + ROMAN + r")" + _SEP + r")?Axe(?:\s+(?:strat[ée]gique|prioritaire|th[ée]matique))?\s+"
    r"(?:n\s*[°o]\s*)?(?P<num>\d+|" + ROMAN + r"|[A-H])\s*[:.–-]\s*" + _TITLE + "$",
    re.I,
)
ARTICLE = re.compile(r"^Article\s+(?P<num>\d+|premier|1er)\s*[:.–-]\s*" + _TITLE + "$", re.I)
ACTION = re.compile(
    r"^(?:Fiche[- ]action|Action)\s+(?P<prefix>n\s*[°o]\s*)?(?P<num>\d+(?:\.\d+)*)\s*[:.–-]?\s+" + _TITLE + "$", re.I
)
UPPER_ROMAN = re.compile(r"^(?P<num>" + ROMAN + r")" + r"\s*[.)–-]\s+" + _TITLE + "$")
LETTER = re.compile(r"^(?P<num>[A-H])\s*[.)]\s+" + _TITLE + "$")
DOTTED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+" + _TITLE + "$")
ARABIC = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s+" + _TITLE + "$")
LOWER_ROMAN = re.compile(r"^(?P<num>(?:i|ii|iii|iv|v|vi|vii|viii|ix|x))\s*\)\s+" + _TITLE + "$")
ALPHA = re.compile(r"^(?P<num>[a-h])\s*\)\s+" + _TITLE + "$")

# Unnumbered headings that end the axes and open the convention's closing clauses.
CLOSING_SECTION = re.compile(
    r"^(?:suivi|pilotage|gouvernance|modalit[ée]s de (?:suivi|pilotage|mise en)|[ée]valuation|dur[ée]e|"
    r"modification|communication|r[ée]siliation|dispositions|ressources|mise en place des instances|"
    r"engagements des parties|liste des annexes|annexes?\b|glossaire|signatures?)\b",
    re.I,
)
NON_AXIS_TITLE = re.compile(
    r"^(?:pr[ée]ambule|objet|bilan|pilotage|gouvernance|suivi|dur[ée]e|[ée]valuation|modification|"
    r"communication|r[ée]siliation|ressources|dispositions|annexe|m[ée]thode|contexte|glossaire|axes de)",
    re.I,
)
SIGNATURE = re.compile(r"(?:[ée]tablie? en .{0,20}exemplaires|^fait [àa] |^pour extrait conforme)", re.I)


@dataclass(frozen=True)
class Heading:
    style: str  # axe, action, roman, letter, dotted, arabic, lower_roman, alpha
    number: str
    title: str


def _clean_title(title: str) -> str:
    title = title.strip().strip("*").strip()
    return _WHITESPACE.sub(" ", title) if "  " in title or "\t" in title else title


_WHITESPACE = re.compile(r"\s+")


_HEADING_FIRST = set("IVXABCDEFGHivxabcdefgh0123456789Ff")
# What every heading pattern below starts with: a roman number or a letter with its sign,
# a figure, « a) », or a word. A line failing it (most prose) is tried against none.
_MAYBE = re.compile(r"^(?:[IVX]+\s*[.):–-]|[A-H]\s*[.)]|\d|[a-hivx]{1,4}\s*\)|axe|action|fiche|article)", re.I)


def heading_of(text: str, prev_alpha: str | None = None) -> Heading | None:
    """The heading a line is, or None. prev_alpha resolves 'i)' after 'h)'."""
    if (
        text[:1] not in _HEADING_FIRST
        or not _MAYBE.match(text)
        or "\t" in text
        or len(text) > 260
        or text.endswith((";", ","))
    ):
        return None
    if text[0].isdigit():  # « 1. », « 2.3 »: the only patterns starting with a figure
        if len(text) > 220:
            return None
        for style, rx in (("dotted", DOTTED), ("arabic", ARABIC)):
            m = rx.match(text)
            if m:
                return Heading(style, m["num"], _clean_title(m["title"]))
        return None
    m = AXE.match(text)
    if m:
        return Heading("axe", m["roman"] or m["num"], _clean_title(m["title"]))
    m = ARTICLE.match(text)
    if m:
        return Heading("article", m["num"], _clean_title(m["title"]))
    m = ACTION.match(text)
    if m:
        num = m["num"]
        number = ("n°" + num) if m["prefix"] else num
        return Heading("action", number, _clean_title(m["title"]))
    if len(text) > 220:
        return None
    for style, rx in (("roman", UPPER_ROMAN), ("letter", LETTER)):
        m = rx.match(text)
        if m and m["num"]:
            return Heading(style, m["num"], _clean_title(m["title"]))
    m = LOWER_ROMAN.match(text)
    if m and not (m["num"] == "i" and prev_alpha == "h") and not (m["num"] in ("v", "x") and prev_alpha):
        return Heading("lower_roman", m["num"] + ")", _clean_title(m["title"]))
    m = ALPHA.match(text)
    if m:
        return Heading("alpha", m["num"] + ")", _clean_title(m["title"]))
    return None


def is_closing_section(text: str) -> bool:
    """An unnumbered heading such as 'Suivi, bilan et ajustements de la convention'."""
    return len(text) < 120 and not text.endswith((".", ";", ",")) and bool(CLOSING_SECTION.match(text))


def is_signature(text: str) -> bool:
    return ("exemplaires" in text or text[:12].lower().startswith(("fait ", "pour extrait"))) and bool(
        SIGNATURE.search(text)
    )


def is_axis_container(title: str) -> bool:
    t = fold(title)
    return "axe" in t and ("cooperation" in t or "strategique" in t or "prioritaire" in t or t.startswith("axes"))


def is_non_axis_title(title: str) -> bool:
    return bool(NON_AXIS_TITLE.match(fold(title)))
