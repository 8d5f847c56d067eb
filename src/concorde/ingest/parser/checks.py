"""What the parser read, checked against what the document says of itself: a title that names no
object, a count it announces (« dix-sept actions », « trois axes ») that differs from what was
found, an axis with no action. Each doubt becomes a point to check, at its line when there is one."""

from __future__ import annotations

import re

from concorde.lib.text import fold_keep

from .document import Document
from .numbers import NUMBER, parse_number
from .text import sentences
from .vocabulary import ANNOUNCING, ANOTHER_TEXT, ORGANISED

# A title that says only what kind of act it is, perhaps with its years or its number.
_GENERIC = re.compile(
    r"^(?:convention|protocole|accord|contrat|avenant|charte)(?:\s+(?:de\s+cooperation|cadre|d'objectifs|de\s+partenariat"
    r"|d'application|territoriale|pluriannuelle|d'accord|-))*\s*(?:n\s*[°o]\s*\d+|\d{4}\s*[-–/]\s*\d{4}|\d{4})?\s*[.:]?$"
)
_ANNOUNCED = re.compile(
    rf"\b(?:{'|'.join(ANNOUNCING)})\s+({NUMBER})\s+(?:grand(?:e)?s\s+)?(axes|actions|fiches[- ]actions|orientations)\b"
    rf"|\b({NUMBER})\s+(axes|actions|fiches[- ]actions|orientations)\s+(?:{'|'.join(ORGANISED)})"
)
_ANOTHER_TEXT = re.compile(rf"\b(?:{'|'.join(ANOTHER_TEXT)})\b")


def title(text: str | None, details: list) -> None:
    if text and _GENERIC.match(fold_keep(text.strip())):
        details.append(
            {
                "message": f"Titre générique « {text} » : lui donner l'objet de la convention",
                "line": None,
                "where": "Titre",
            }
        )


def announced_counts(lines: Document, axes: list[dict], details: list) -> None:
    """« La convention s'organise autour de trois axes et dix-sept actions »: the counts it gives."""
    # an announced number of actions may count the sub-actions or not
    found = {
        "axes": {len(axes)},
        "actions": {sum(len(a["actions"]) for a in axes), sum(_count_actions(a["actions"]) for a in axes)},
    }
    said = set()
    for i in lines.containing(("axes", "actions", "orientations")):
        for sentence in sentences(fold_keep(lines[i].text)):
            if _ANOTHER_TEXT.search(sentence):
                continue
            for m in _ANNOUNCED.finditer(sentence):
                number, noun = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                n = parse_number(number)
                what = "axes" if noun in ("axes", "orientations") else "actions"
                if n is None or n < 2 or (what, n) in said or not max(found[what]):
                    continue
                said.add((what, n))
                if n not in found[what]:
                    details.append(
                        {
                            "message": f"Le texte annonce {n} {what}, l'import en a trouvé {min(found[what])} : vérifier la structure",
                            "line": lines[i].lineno,
                            "where": "Structure",
                        }
                    )


def _count_actions(actions: list[dict]) -> int:
    return sum(1 + _count_actions(a.get("children") or []) for a in actions)


def empty_axes(axes: list[dict], details: list) -> None:
    for axis in axes:
        if not axis["actions"]:
            details.append(
                {
                    "message": f"L'axe {axis['number'] or ''} « {axis['title'][:80]} » n'a aucune action : en ajouter, "
                    "ou le retirer s'il n'en est pas un",
                    "line": axis.get("source_line"),
                    "where": f"Axe {axis['number'] or ''}".strip(),
                }
            )
