"""'Services mobilisés' per party and 'Partenaires mobilisables'."""

from __future__ import annotations

import re

from .document import Document
from .fields import PartyNames
from .headings import heading_of, is_closing_section
from .text import Line

SERVICES = re.compile(r"^services?\s+mobilis[ée]s\s*:?\s*(.*)$", re.I)
PARTNERS = re.compile(r"^partenaires\s+mobilisables\s*:?\s*(.*)$", re.I)


def _two_column_label(lines: list[Line]) -> list[Line]:
    """Rejoin a label split over two columns: 'Partenaires A, B, Ville de' / 'mobilisables : C, D'."""
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        m = line.text.startswith("Partenaires") and re.match(r"^Partenaires\s+(?!mobilisables)(.+)$", line.text)
        if m and nxt and re.match(r"^mobilisables\s*:", nxt.text, re.I):
            rest = re.sub(r"^mobilisables\s*:\s*", "", nxt.text, flags=re.I)
            out.append(Line("Partenaires mobilisables : " + m.group(1).strip() + " " + rest, line.lineno))
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def parse(lines: Document, aliases: PartyNames) -> tuple[dict | None, list[str] | None]:
    hits = lines.containing(("services mobilis", "mobilisables"))
    if not hits:
        return None, None
    # the lists stand right after their labels: read from the first label on
    lines = _two_column_label(lines[hits[0] :])
    services: dict[str, list[str]] | None = None
    partners: list[str] | None = None
    for i, line in enumerate(lines):
        m = SERVICES.match(line.text)
        if m and services is None:
            services = {}
            current = None
            rest = [Line(m.group(1), line.lineno)] if m.group(1).strip() else []
            for item in rest + lines[i + 1 : i + 40]:
                t = item.text.strip()
                if PARTNERS.match(t) or heading_of(t) or is_closing_section(t):
                    break
                party = _party_prefix(t, aliases)
                if party:
                    current, t = party
                    services.setdefault(current, [])
                    if not t:
                        continue
                if current is None:
                    continue
                services[current].append(t)
        m = PARTNERS.match(line.text)
        if m and partners is None:
            text = m.group(1)
            partners = [p.strip(" .;") for p in re.split(r",\s*|;\s*", text) if p.strip(" .;")]
    return services, partners


def _party_prefix(text: str, aliases: PartyNames) -> tuple[str, str] | None:
    m = aliases.prefix.match(text)
    return (text[: m.end("alias")], (m.group("rest") or "").strip()) if m else None
