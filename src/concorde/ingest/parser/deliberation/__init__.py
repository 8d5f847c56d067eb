"""Records of sittings of any collectivité — conseil municipal, communautaire, de territoire,
départemental, régional, commission permanente, bureau: a deliberation, the minutes of a sitting,
a list of its deliberations. What was decided, by whom, and how the vote went, as the CGCT's
registers write it, in figures or in words, in lines or flattened into one."""

from __future__ import annotations

import re

from concorde.lib.text import fold_keep

from ..text import Line
from ..vocabulary import SITTING_SIGNS
from . import acts, roll, sitting, votes
from .record import Record

__all__ = ["end_index", "is_record", "parse"]

_SIGNS = tuple(fold_keep(s) for s in SITTING_SIGNS)
_CLOSING = re.compile(
    r"^(?:fait\s+[àa]|d[ée]lib[ée]r[ée]\s+en\s+s[ée]ance|ainsi\s+fait|pour\s+extrait\s+conforme|la\s+s[ée]ance\s+est\s+lev[ée]e)",
    re.I,
)


def is_record(text: str) -> bool:
    """A record of a sitting opens the document: three of its signs in its first part (the rest
    may be the convention it adopts)."""
    head = fold_keep(re.sub(r"\s+", " ", text[: max(6000, len(text) // 3)]))
    return sum(1 for s in _SIGNS if s in head) >= 3


def end_index(lines: list[Line]) -> int:
    """Index of the first line after the record (its closing formula and signatures), 0 when the
    record runs to the end."""
    last = None
    for i, line in enumerate(lines):
        if line.low.startswith(
            ("fait", "délib", "delib", "ainsi", "pour extrait", "la séance", "la seance")
        ) and _CLOSING.match(line.text):
            last = i
    if last is None:
        return 0
    i = last + 1
    while i < len(lines) and i <= last + 6 and len(lines[i].text) < 60:
        i += 1
    return i


def parse(text: str, warnings: list, whole: str | None = None) -> dict:
    """The record of a sitting (`text`); its transmission stamps are looked for in the whole
    document (`whole`), where page furniture repeats them."""
    record = Record(text)
    stamps = Record(whole) if whole else record  # the whole document, when the record is only its start
    notes: list[str] = []
    body, assembly_kind = sitting.assembly(record)
    opening = record.opening()
    date = sitting.sitting_date(opening, notes) or sitting.sitting_date(record, notes)
    people = roll.read(opening)
    items = acts.read(record)
    several = len(items) >= 2
    vote = votes.Vote() if several else votes.read(record.low, record.flat)
    votes.complete(vote, people.voters)
    out = {
        "body": body,
        "assembly_kind": assembly_kind,
        "date": _iso(date),
        "act_number": None if several else (sitting.act_number(opening) or sitting.act_number(record)),
        "object": None if several else _object(record),
        "president": sitting.president(opening) or sitting.president(record),
        "secretary": sitting.secretary(opening) or sitting.secretary(record),
        "in_office": people.in_office,
        "present_count": people.present_count,
        "present": people.present,
        "excused": people.excused,
        "absent": people.absent,
        "absent_count": len(people.excused) + len(people.absent) or None,
        "proxies": people.proxies,
        "voters": people.voters if vote.voters is None else vote.voters,
        "for": vote.for_,
        "against": vote.against,
        "abstentions": vote.abstentions,
        "unanimous": vote.unanimous,
        "not_voting": vote.not_voting,
        "committee_opinion": vote.opinion,
        "convocation_date": _iso(sitting.convocation(record, date, notes)),
        "acts": items,
    }
    stamped = sitting.transmission(stamps, date, notes)
    out.update({k: _iso(v) if k != "transmission_id" else v for k, v in stamped.items()})
    check(out, people, notes)
    warnings.extend({"message": n, "line": None, "where": "Délibération"} for n in notes)
    return out


def _iso(date):
    return date.isoformat() if date else None


# « Délibération n° 2031-12 du 3 mars 2031 : Approbation … »: the act's title line after its number
_NUMBERED_TITLE = re.compile(
    r"(?:^|\n|[.:]\s)\s*deliberation\s+n\s*[°o]\s*[\w./-]+(?:\s+du\s+[^:\n]{6,30}?)?\s*[:–—-]\s*(?=\w)"
)


# Where an object ends: the visas, the considerations, the council or commission speaking
_OBJECT_END = re.compile(r"\s(?:vu|considerant|le\s+conseil|la\s+commission)\b", re.I)


def _object(record: Record) -> str | None:
    """« Objet : … » up to the visas or the council, else the title line that follows the act's number."""
    m = re.search(r"(?:^|\s)objet\s*:\s*", record.low)
    if m:
        return _OBJECT_END.split(record.flat[m.end() : m.end() + 400])[0].strip(" .")
    m = _NUMBERED_TITLE.search(record.low)
    if m:
        line = record.flat[m.end() : record.low.find("\n", m.end()) % (len(record.low) + 1)]
        return _OBJECT_END.split(line[:400])[0].strip(" .") or None
    return None


def check(d: dict, people: roll.Roll, notes: list) -> None:
    """What the record's own figures say of each other: a printed count against the names listed,
    present + proxies = voters, for + against + abstentions = voters."""
    listed = len(people.present)
    if people.printed_present is not None and listed and listed != people.printed_present:
        notes.append(f"Présents : {people.printed_present} selon le texte, {listed} noms dans la liste : à vérifier")
    proxies = people.printed_proxies if people.printed_proxies is not None else len(d["proxies"])
    if d["present_count"] is not None and d["voters"] is not None and proxies:
        total = d["present_count"] + proxies
        if total != d["voters"]:
            notes.append(
                f"Présents ({d['present_count']}) + pouvoirs ({proxies}) = {total}, "
                f"mais le nombre de votants indiqué est {d['voters']}"
            )
    if people.printed_proxies is not None and people.printed_proxies != len(d["proxies"]) and not d["acts"]:
        notes.append(f"Pouvoirs : {people.printed_proxies} selon le texte, {len(d['proxies'])} lus : à vérifier")
    counted = [d["for"], d["against"], d["abstentions"]]
    if (
        d["voters"] is not None
        and None not in counted
        and sum(counted) + len(d["not_voting"]) != d["voters"]
        and not d["unanimous"]
    ):
        notes.append(
            f"Pour ({d['for']}) + contre ({d['against']}) + abstentions ({d['abstentions']}) = {sum(counted)}, "
            f"mais le nombre de votants indiqué est {d['voters']}"
        )
    if d["in_office"] is not None and d["present_count"] is not None and d["present_count"] > d["in_office"]:
        notes.append(f"Plus de présents ({d['present_count']}) que de membres en exercice ({d['in_office']})")
    if d["proxies"] and d["present_count"] is not None and len(d["proxies"]) > d["present_count"]:
        notes.append("Plus de pouvoirs que de présents")
    for giver, holder in d["proxies"]:
        if holder is None:
            notes.append(f"Pouvoir de {giver} : son détenteur n'est pas nommé")
    for key, label in (("date", "date de la séance"), ("president", "président de séance")):
        if d[key] is None:
            notes.append(f"Délibération : {label} non trouvé(e)")
    if not d["acts"] and d["act_number"] is None:
        notes.append("Délibération : numéro de l'acte non trouvé")
    if not d["acts"] and all(d[k] is None for k in ("for", "against", "abstentions")) and not d["unanimous"]:
        notes.append("Délibération : résultat du vote non trouvé")
