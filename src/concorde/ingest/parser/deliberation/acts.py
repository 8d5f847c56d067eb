"""The acts of a record that holds several (a compte rendu, a procès-verbal, a list of
deliberations): each item's number, object and vote."""

from __future__ import annotations

import re

from . import votes
from .record import Record

# An item of the agenda as minutes open it: « Point n°3 Rapport … », « Question n° 4 : … »,
# « 2 – Fixation du nombre d'adjoints » (a figure and a dash at the start of a line).
_ITEM_LABELLED = re.compile(
    r"(?:^|\s)(?:point|question|affaire|dossier|objet)\s+n\s*[°o]\s*(\d{1,3})\b\s*[:.–-]?\s*", re.I
)
_ITEM_NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[–—-]\s+(?=[A-ZÀ-Ý])(.{3,200})$", re.M)
# An act's own number, as registers print them: « DCM 23.1.49 », « Délibération n° 2023-12 », « D-2023-014 »
# (searched in the folded text, which has the record's places: a case-blind search costs more)
_ACT_NUMBER = re.compile(
    r"\b(?:dcm|dcc|dct|del|db|cp|cm|cc|d)[\s-]?(\d[\d,.\-/]*\d)\b|deliberation\s+n\s*[°o]\s*([\w./-]*\d)"
)


# the same, run into the text of a flattened record (the count from 1 tells them from other figures)
_ITEM_INLINE = re.compile(r"(?<![\w,.])(?<!rticle )(?<!hapitre )(\d{1,3}) [–—-] (?=[A-ZÀ-Ý])")


def items(record: Record) -> list[tuple[int, int, str]]:
    """(start, end, heading) in `record.flat` of each item, in order; empty when the record holds
    fewer than two. Items count up from 1: a « point n°2 » in a remark of the roll call is not one."""
    found: list[tuple[int, int, str]] = []
    for rx in (_ITEM_LABELLED, _ITEM_NUMBERED, _ITEM_INLINE):
        found = []
        for m in rx.finditer(record.flat):
            if _ordered(found, m.group(1)):
                found.append((m.start(), m.end() if rx is not _ITEM_NUMBERED else m.start(2), m.group(1)))
        if len(found) >= 2:
            break
    if len(found) < 2:
        return []
    out = []
    for k, (start, head_end, _) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(record.flat)
        out.append((start, end, record.flat[head_end:end]))
    return out


def _ordered(found: list, number: str) -> bool:
    """Agenda items count up from 1: a numbered line out of that order is something else."""
    expected = int(found[-1][2]) + 1 if found else 1
    return int(number) == expected


def read(record: Record) -> list[dict]:
    """Each act with its number, object and vote (a record of one act gives none)."""
    out = []
    for start, end, _body in items(record):
        low = record.low[start:end]
        flat = record.flat[start:end]
        vote = votes.read(low, flat)
        number = _ACT_NUMBER.search(low)
        obj = _object(flat, number)
        group = (1 if number.group(1) else 2) if number else 0
        out.append(
            {
                "act_number": flat[number.start(group) : number.end(group)].strip(".,") if number else None,
                "object": obj,
                "voters": vote.voters,
                "for": vote.for_,
                "against": vote.against,
                "abstentions": vote.abstentions,
                "unanimous": vote.unanimous,
                "not_voting": vote.not_voting,
                "opinion": vote.opinion,
                "noted": bool(re.search(r"\bprend\s+acte\b|\bpris\s+acte\b", low))
                and not vote.unanimous
                and vote.for_ is None,
            }
        )
    return out


def _object(flat: str, number: re.Match | None) -> str:
    """The item's title: its heading, up to the act number or the first sentence."""
    text = re.sub(
        r"^\s*(?:point|question|affaire|dossier|objet)\s+n\s*[°o]\s*\d{1,3}\s*[:.–-]?\s*|^\s*\d{1,3}\s*[–—-]\s+",
        "",
        flat,
        flags=re.I,
    )
    if number and number.start() < len(flat):
        cut = number.start() - (len(flat) - len(text))
        if 10 < cut < len(text):
            text = text[:cut]
    end = _OBJECT_END.search(text)
    return text[: end.start() if end else len(text)].strip(" .:|-–—\n")[:300]


# Where an item's title ends: its first sentence, or the council, commission or rapporteur that speaks
_OBJECT_END = re.compile(
    r"(?<=[a-zà-ÿ)»])\.\s|\s(?:Le|La)\s+(?:Conseil|conseil|Commission|commission)\b|\s(?:Monsieur|Madame)\s"
)
