"""Reading the pilot cell of a document as services of one organisation.

A convention's table names its pilots the way administrations write them: « DASES », « DAC, DAE »,
« DEF – ASE » (a service within its direction), « DASES-SDS », « DCPSL (pilotage) », « autres
directions (DEJ, DDMH) ». A cell is read into names; each name is matched exactly — by a service's
name, its acronym, or a name the organisation's coordination settled before — never by a shared
word. What matches nothing is returned, to be settled by a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .models import Service, ServiceAlias, service_key

# Separators of a list of services; written outside parentheses only.
_LIST = re.compile(r"[,;\n]")
# « DAC et DAE », « DAC/DAE », « DAC & DAE », « DAC + DAE »: a list only between acronyms, since
# « Direction de la voirie et des déplacements » is one name.
_ACRONYM_LIST = re.compile(r"\s*(?:/|&|\+|\bet\b)\s*")
# A dash between a direction and its service: a hyphen with a space on either side, or an en/em
# dash; an unspaced hyphen only between acronyms (« DASES-SDS »), never inside a name (« Seine-Saint-Denis »).
_DASH = re.compile(r"\s+-\s*|\s*-\s+|\s*[–—]\s*")
_ACRONYM = re.compile(r"[A-ZÀ-ÖØ-Þ0-9&]{2,15}")
_HYPHENED_ACRONYMS = re.compile(r"[A-ZÀ-ÖØ-Þ0-9]{2,15}(?:-[A-ZÀ-ÖØ-Þ0-9]{2,15})+")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_TRIM = " \t.:;,-–—*•"


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.fullmatch(text)) and any(c.isalpha() for c in text)


def _split_outside_parentheses(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and _LIST.match(char):
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


def names_in(cell: str) -> list[str]:
    """The service names a pilot cell lists, in order. A parenthesis that lists services adds them;
    one that is a remark (« (pilotage) », « (Direction X) ») is left to the document's text."""
    out: list[str] = []
    for piece in _split_outside_parentheses(cell or ""):
        inner = [m.group(1) for m in _PARENTHESES.finditer(piece)]
        outer = _PARENTHESES.sub(" ", piece)
        for text in [outer] + [i for i in inner if _LIST.search(i) or is_acronym(i.strip())]:
            for part in _LIST.split(text):
                part = " ".join(part.split()).strip(_TRIM)
                if not part:
                    continue
                listed = [p.strip(_TRIM) for p in _ACRONYM_LIST.split(part)]
                out.extend(listed if len(listed) > 1 and all(is_acronym(p) for p in listed) else [part])
    return out


def parts_of(name: str) -> list[str]:
    """« DEF – ASE » -> [DEF, ASE]: a path from a direction down to one of its services."""
    parts = []
    for part in _DASH.split(name):
        part = part.strip(_TRIM)
        if _HYPHENED_ACRONYMS.fullmatch(part):
            parts.extend(part.split("-"))
        elif part:
            parts.append(part)
    return parts


IGNORED = object()  # a name the organisation settled as « not a service »


@dataclass
class Reading:
    services: list[Service] = field(default_factory=list)
    unsettled: list[dict] = field(default_factory=list)  # {"label": name as written, "parent": suggested direction id}


class Directory:
    """An organisation's services, by every key a document may use for them."""

    def __init__(self, services, aliases=()):
        self.by_key: dict[str, object] = {}
        by_id = {s.id: s for s in services}
        for alias in aliases:
            self.by_key[alias.key] = by_id.get(alias.service_id, IGNORED) if alias.service_id else IGNORED
        for s in services:  # names and acronyms win over settled names
            if s.acronym_key:
                self.by_key[s.acronym_key] = s
            self.by_key[s.name_key] = s

    @classmethod
    def of(cls, organisation_id: int | None) -> Directory:
        if organisation_id is None:
            return cls([])
        return cls(
            list(Service.objects.filter(organisation_id=organisation_id)),
            list(ServiceAlias.objects.filter(organisation_id=organisation_id)),
        )

    def find(self, name: str):
        """The service a name designates, IGNORED, or None."""
        return self.by_key.get(service_key(name))

    def read(self, cell: str) -> Reading:
        reading = Reading()

        def add(service):
            if service not in reading.services:
                reading.services.append(service)

        for name in names_in(cell):
            found = self.find(name)
            if found is IGNORED:
                continue
            if found is not None:
                add(found)
                continue
            parts = parts_of(name)
            if len(parts) < 2:
                reading.unsettled.append({"label": name[:200], "parent": None})
                continue
            previous = None
            for part in parts:
                found = self.find(part)
                if found is None:
                    reading.unsettled.append({"label": part[:200], "parent": previous.id if previous else None})
                    previous = None
                elif found is not IGNORED:
                    if previous is not None and found.parent_id == previous.id and previous in reading.services:
                        reading.services.remove(previous)  # the service named within its direction
                    add(found)
                    previous = found
        seen, unique = set(), []
        for u in reading.unsettled:
            if service_key(u["label"]) not in seen:
                seen.add(service_key(u["label"]))
                unique.append(u)
        reading.unsettled = unique
        return reading
