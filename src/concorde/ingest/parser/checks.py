"""What the parser read, checked against what the document says of itself: a title that names no
object, a count it announces (« dix-sept actions », « trois axes ») that differs from what was
found, an axis with no action. Each doubt becomes a point to check, at its line when there is one."""
from __future__ import annotations

import re

from .numbers import NUMBER, fold_keep, parse_number
from .text import Line, lines_containing

# A title that says only what kind of act it is.
_GENERIC = re.compile(r"^(?:convention|protocole|accord|contrat|avenant|charte)(?:\s+(?:de\s+cooperation|cadre|d'objectifs|de\s+partenariat"
                      r"|d'application|territoriale|pluriannuelle|d'accord))*\s*(?:n\s*[°o]\s*\d+)?\s*[.:]?$")
_ANNOUNCED = re.compile(rf"\b({NUMBER})\s+(axes|actions|fiches[- ]actions|orientations)\b")


def title(text: str | None, details: list) -> None:
    if text and _GENERIC.match(fold_keep(text.strip())):
        details.append({"message": f"Titre générique « {text} » : lui donner l'objet de la convention", "line": None, "where": "Titre"})


def announced_counts(lines: list[Line], axes: list[dict], details: list) -> None:
    """« La convention s'organise autour de trois axes et dix-sept actions »: the counts it gives."""
    found = {"axes": len(axes), "actions": sum(_count_actions(a["actions"]) for a in axes)}
    said = set()
    for i in lines_containing(lines, ("axes", "actions")):
        for m in _ANNOUNCED.finditer(fold_keep(lines[i].text)):
            n = parse_number(m.group(1))
            what = "axes" if m.group(2) in ("axes", "orientations") else "actions"
            if n is None or n < 2 or (what, n) in said or not found[what]:
                continue
            said.add((what, n))
            if n != found[what]:
                details.append({"message": f"Le texte annonce {n} {what}, l'import en a trouvé {found[what]} : vérifier la structure",
                                "line": lines[i].lineno, "where": "Structure"})


def _count_actions(actions: list[dict]) -> int:
    return sum(1 + _count_actions(a.get("children") or []) for a in actions)


def empty_axes(axes: list[dict], details: list) -> None:
    for axis in axes:
        if not axis["actions"]:
            details.append({"message": f"L'axe {axis['number'] or ''} « {axis['title'][:80]} » n'a aucune action : en ajouter, "
                            "ou le retirer s'il n'en est pas un", "line": axis.get("source_line"), "where": f"Axe {axis['number'] or ''}".strip()})
