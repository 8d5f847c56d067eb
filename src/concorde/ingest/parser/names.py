"""People's names as registers and minutes write them.

French administrative acts write a person as a civility and a surname (« M. Troussel »), a given
name and a surname in capitals (« Jean-Marc DUMONT », « Paul LE BIHAN »), or both (« Madame
Hélène DE COMARMOND »). Lists run names together, separated by commas, dashes, or nothing at all
when a layout was flattened. These functions find the names and nothing around them: a role
(« Maire », « vice-présidents »), a remark in parentheses, the next label.
"""

from __future__ import annotations

import re

from .vocabulary import CAPS_LABELS, CIVILITIES, ROLE_WORDS

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
CIVILITY = r"(?:" + "|".join(re.escape(c) for c in CIVILITIES) + r")(?![\w])"
# Words are separated by one space: a line break (kept in the text read) ends a name.
_NOT_A_NAME = r"(?!(?:Monsieur|Madame|Mademoiselle|Messieurs|Mesdames|Mmes|Mme|Mlle|Mr)\b)"
# « Jean-Marc », « Tréfina », « Marie Christine »: capitalised words with lower-case letters (a
# civility is not one).
GIVEN = rf"{_NOT_A_NAME}[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)*"
# « DUMONT », « LE BIHAN », « BARAC’H », « MEGRET-MERGER »: the register's surnames in capitals (the
# capitalised labels of registers are not).
_CAPS_LABEL = r"(?!(?:" + "|".join(CAPS_LABELS) + rf")(?![{_UP}'’-]))"
CAPS_WORD = rf"{_CAPS_LABEL}[{_UP}][{_UP}'’\-]*[{_UP}]"
CAPS = rf"{CAPS_WORD}(?: {CAPS_WORD})*"
# after a civility a surname may be written in mixed case: « Troussel », « Saïd-Anzum », « Martin P-Y »
MIXED = rf"{_NOT_A_NAME}[{_UP}][{_LOW}'’]+(?:-[{_UP}][{_LOW}]+)*(?: [{_UP}](?:-[{_UP}])?\.?(?=[\s,;]|$))?"
PARTICLE = r"(?:de|du|des|d['’]|le|la|van|von|da|di)"

# A person written with a given name and a surname in capitals.
# (a line break may fall between a given name and its surname: « Sonya\nNICOLAS »)
FULL = re.compile(rf"{GIVEN}(?:[ \n]{GIVEN})?[ \n]{CAPS}(?![{_LOW}])")
# A person led by a civility: « Madame Hélène DE COMARMOND », « M. Troussel », « Mme la Maire » excluded.
WITH_CIVILITY = re.compile(
    rf"{CIVILITY}[ \n](?!(?:le|la|les|l['’])\s)(?:(?:{GIVEN})[ \n](?=[{_UP}]))*(?:{CAPS}(?![{_LOW}])|(?:{PARTICLE} )?{MIXED})"
)
_ROLE_TAIL = re.compile(r"\s*[,(]?\s*\b(?:" + "|".join(ROLE_WORDS) + r")\b.*$", re.I)
_CIVILITY_HEAD = re.compile(rf"^\s*{CIVILITY}\s+")


def clean(name: str | None) -> str | None:
    """A name without its civility (kept when only a surname follows), its role and punctuation."""
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" .,;:-–—|")
    name = _ROLE_TAIL.sub("", name).strip(" .,;:-–—(")
    bare = _CIVILITY_HEAD.sub("", name)
    if bare != name and (FULL.fullmatch(bare) or re.fullmatch(rf"{GIVEN} (?:{PARTICLE} )?{MIXED}", bare)):
        name = bare
    return name or None


def first_person(text: str) -> str | None:
    """The first person named at the start of a text (« Jean-Marc DUMONT, Maire », « M. Stéphane
    Troussel »), or None."""
    text = text.strip(" :,")
    m = WITH_CIVILITY.match(text) or FULL.match(text)
    return clean(m.group(0)) if m else None


def people(text: str, strict: bool = False) -> list[str]:
    """Every person a list names, in order: split at each civility when the list uses them,
    else each « Given SURNAME »; else (unless `strict`) the comma-separated items."""
    if re.search(CIVILITY + r"\s", text):
        found = [clean(m.group(0)) for m in WITH_CIVILITY.finditer(text)]
        return [f for f in found if f]
    found = [clean(m.group(0)) for m in FULL.finditer(text)]
    if found or strict:
        return [f for f in found if f]
    return [p.strip() for p in re.split(r"[,;]", text) if re.search(rf"[{_UP}]", p)]
