"""The structure parser: text of a convention -> the extraction contract (a plain dict).

Pure Python, no Django: it is tested, benchmarked and run in workers on its own.
The shape is the one of ../shared/tools/extract-contract.md, plus a few keys the review
screen uses (source_line on items, warning_details with the line each warning concerns).
"""

from __future__ import annotations

import re

from concorde.lib.text import fold

from . import checks, governance, lifecycle, resources, seminar, structure
from . import deliberation as delib
from . import parties as P
from .document import Document
from .fields import PartyNames, party_aliases
from .text import Line, drop_furniture, drop_toc, logical_lines

__all__ = ["ExtractionError", "extract"]


class ExtractionError(ValueError):
    """The text cannot be read as a document (the message is for the user, in French)."""


def extract(text: str, name: str = "document", gazetteer=None) -> dict:
    """`gazetteer`: the reference territories (parser.gazetteer.Gazetteer) the parties are read
    against; without one, collectivités are recognised by their type words only."""
    if not text or not text.strip():
        raise ExtractionError("Le document est vide : aucun texte à analyser.")
    details: list[dict] = []
    result: dict = {
        "document": name,
        "kind": "unknown",
        "title": None,
        "parties": [],
        "period": {"start_year": None, "end_year": None},
        "duration": {
            "text": None,
            "years": None,
            "until": None,
            "tacit_renewal": None,
            "notice_months": None,
            "termination_for_breach_days": None,
        },
        "governance": [],
        "evaluation": {"annual": None, "years": [], "dashboard_deadline_months": None, "criteria": []},
        "axes": [],
        "services_mobilises": None,
        "partenaires_mobilisables": None,
        "cross_references": [],
        "deliberation": None,
        "seminar": None,
        "warnings": [],
    }
    if seminar.is_seminar(text):
        _extract_seminar(text, result, details, gazetteer)
    else:
        _extract_convention(text, result, details, gazetteer)
    result["warning_details"] = details
    result["warnings"] = [_warning_text(w) for w in details]
    return result


def _warning_text(w: dict) -> str:
    where = f"{w['where']} — " if w.get("where") else ""
    line = f" (ligne {w['line']})" if w.get("line") else ""
    return f"{where}{w['message']}{line}"


def _extract_convention(text: str, result: dict, details: list, gaz) -> None:
    lines, info = logical_lines(text)
    logical = "\n".join(x.text for x in lines)  # a sentence on one line, however the file wrapped it
    body = lines
    if delib.is_record(text):
        end = delib.end_index(lines)
        record = lines[:end] if end else lines
        result["deliberation"] = delib.parse("\n".join(x.text for x in record), details, whole=text if end else None)
        body = lines[end:] if end else []  # what follows the record's closing formula (nothing when none is found)
        result["kind"] = "deliberation+convention" if _has_convention(body) else "deliberation"
    else:
        result["kind"] = "convention" if _has_convention(body) else "unknown"
    body, toc = drop_toc(body)
    body = Document(drop_furniture(body)[0])
    if info["ocr"]:
        details.append(
            {
                "message": "Texte issu d'une reconnaissance de caractères : corrections appliquées (« 1l’ » → « l’ », « a » → « à »…), relire les titres",
                "line": None,
                "where": "Document",
            }
        )
    result["title"] = _title(body)
    result["period"] = lifecycle.period_of(result["title"], body)
    if result["kind"] == "deliberation":
        parties, sig_warn = P.of_record(result["deliberation"], logical, gaz), []
    else:
        sig, sig_warn = P.from_signature_block(body, gaz)
        cover = P.merge(P.from_cover(body.head, gaz), P.in_cover_text(" ".join(x.text for x in body.head), gaz))
        parties = P.merge(cover, sig) if cover else sig
        if result["deliberation"] and len(parties) < 2:  # the collectivité that deliberated is one of them
            parties = P.merge(parties, P.of_record(result["deliberation"], logical, gaz))
    details += _unknown_parties(parties)
    result["parties"] = parties
    for w in sig_warn:
        details.append({"message": w, "line": None, "where": "Parties"})
    if len(parties) < 2 and result["kind"] != "deliberation":
        details.append(
            {
                "message": f"{len(parties)} partie(s) reconnue(s) : compléter les parties",
                "line": None,
                "where": "Parties",
            }
        )
    aliases = PartyNames(party_aliases(parties, text, body.low))
    axes, _how = structure.find_axes(body)
    refs: list[str] = []
    for axis, start, end in axes:
        structure.build_actions(axis, body, start, end)
        axis.pop("_body", None)
        axis.pop("_style", None)
        axis.pop("children", None)
        axis.pop("fields", None)
        axis.pop("engagements", None)
        for action in axis["actions"]:
            structure.fill_bodies(action, aliases, details, f"Axe {axis['number']}")
        structure.collect_cross_references(axis["actions"], refs)
    result["axes"] = [
        {"number": a["number"], "title": a["title"], "source_line": a["source_line"], "actions": a["actions"]}
        for a, _, _ in axes
    ]
    result["cross_references"] = refs
    if result["kind"] in ("convention", "deliberation+convention") and not axes:
        details.append(
            {
                "message": "Aucun axe reconnu : la structure du document est à saisir à la main",
                "line": None,
                "where": "Structure",
            }
        )
    _check_toc(toc, result["axes"], details)
    checks.title(result["title"], details)
    checks.announced_counts(body, result["axes"], details)
    checks.empty_axes(result["axes"], details)
    result["governance"] = governance.bodies(body, details)
    result["duration"] = lifecycle.duration(body, result["period"], details)
    result["evaluation"] = lifecycle.evaluation(body)
    result["services_mobilises"], result["partenaires_mobilisables"] = resources.parse(body, aliases)


def _has_convention(lines: list[Line]) -> bool:
    """A convention follows: some length of text (in lines, or flattened into a few) naming one."""
    return sum(len(x.text) for x in lines) > 1500 and any("convention" in x.low or "protocole" in x.low for x in lines)


_TITLE = re.compile(r"(?:convention|protocole|accord|contrat)\b(?!-cadre [ée]tablie)", re.I)


def _title(lines: Document) -> str | None:
    for line in lines.head:
        t = line.text.strip()
        if len(t) < 160 and _TITLE.match(t) and not t.endswith((".", ";", ":")):
            return t
    return None


def _check_toc(toc: list[str], axes: list[dict], details: list) -> None:
    """Compare the table of contents with the headings found in the body."""
    if not toc:
        return
    found = set()
    for axis in axes:
        found.add(_key(axis["title"]))
        stack = list(axis["actions"])
        while stack:
            a = stack.pop()
            found.add(_key(a["title"]))
            stack.extend(a.get("children", []))
    for entry in toc:
        m = re.match(r"^(?:[IVX]+\.\s*)?(?:Axe\s+\w+\s*:|Action\s+(?:n°)?\s*[\d.]+\s*:)\s*(.+)$", entry, re.I)
        if (
            m
            and _key(m.group(1)) not in found
            and not any(_key(m.group(1))[:40] in f or f[:40] in _key(m.group(1)) for f in found)
        ):
            details.append(
                {
                    "message": f"Entrée du sommaire sans titre correspondant dans le texte : « {entry[:100]} »",
                    "line": None,
                    "where": "Sommaire",
                }
            )


def _key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(title)).strip()


def _extract_seminar(text: str, result: dict, details: list, gaz) -> None:
    result["kind"] = "seminar"
    parsed = seminar.parse(text, details)
    result["axes"] = parsed["axes"]
    result["seminar"] = parsed["seminar"]
    result["title"] = parsed["title"]
    periods = lifecycle.PERIOD.findall(text)
    if periods:
        start, end = max(set(periods), key=periods.count)
        result["period"] = {"start_year": int(start), "end_year": int(end)}
    parties = P.mentioned(text, gaz, limit=1)
    lead = re.search(r"^\s*([A-ZÉ][\w’'\-]+(?:\s+[A-ZÉ][\w’'\-]+){1,2}),\s*(Pr[ée]sidente?|Maire)\s*$", text, re.M)
    if parties and lead:
        parties[0]["represented_by"] = f"{lead.group(1)}, {lead.group(2)}"
    details += _unknown_parties(parties)
    result["parties"] = parties
    if not result["axes"]:
        details.append(
            {"message": "Aucune priorité reconnue dans les diapositives", "line": None, "where": "Structure"}
        )


def _unknown_parties(parties: list[dict]) -> list[dict]:
    """A point to check for each party the reference territories do not name (its mark taken off)."""
    return [
        {
            "message": f"Partie « {p['name']} » : aucune collectivité du référentiel national ne porte ce nom",
            "line": None,
            "where": "Parties",
        }
        for p in parties
        if p.pop("unrecognised", False)
    ]
