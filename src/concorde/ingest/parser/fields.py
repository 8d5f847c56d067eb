"""Per-action field tables (délai, services pilotes, budget, partenaires, indicateurs).

Extraction flattens a two-column table into 'Label :<TAB>value' rows, or into labels and
values on separate lines, and it often slips a cell by one row. The table is read
literally first, then the slips that leave a visible trace (a cell holding two values
beside an empty one) are undone, each with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import Line

FIELD_LABELS = [
    (
        "delai",
        r"d[ée]lais?(?: de (?:mise en (?:œ|oe)uvre|r[ée]alisation))?|calendrier(?: de mise en (?:œ|oe)uvre)?|[ée]ch[ée]ance",
    ),
    ("pilotes", r"services?(?: op[ée]rationnels?)? pilotes?|directions? pilotes?|pilotes?(?: de l['’]action)?"),
    ("budget", r"budgets?(?: estim[ée]s?| pr[ée]visionnels?)?|co[uû]ts?(?: estim[ée]s?)?|moyens financiers"),
    ("partenaires", r"partenaires?(?: mobilis[ée]s| associ[ée]s| concern[ée]s)?"),
    ("indicateurs", r"indicateurs?(?: de (?:r[ée]alisation|suivi|r[ée]sultats?|performance))?"),
]
_LABEL_RX = [(key, re.compile(r"^(?:" + rx + r")\s*:?\s*(?:\t|:|$)", re.I)) for key, rx in FIELD_LABELS]
_BUDGETISH = re.compile(
    r"€|\beuros?\b|ressources courantes|\bbudget|à (?:estimer|préciser|définir)|financement|\bcoût", re.I
)
_INDICATORISH = re.compile(
    r"^(?:nombre|taux|part|pourcentage|surfaces?|lin[ée]aire|r[ée]alisation|[ée]volution|augmentation|"
    r"diminution|r[ée]duction|mise en (?:place|œuvre)|ouverture|livraison|bilan)\b",
    re.I,
)


@dataclass
class Table:
    fields: dict = field(
        default_factory=lambda: {"delai": None, "pilotes": {}, "budget": None, "partenaires": None, "indicateurs": None}
    )
    lines: set = field(default_factory=set)  # indexes of the body lines the table used
    warnings: list = field(default_factory=list)
    first_line: int | None = None


_ANY_LABEL = re.compile(
    r"^(?:d[ée]lai|services?|directions?|pilote|budget|co[uû]t|moyens|partenaire|indicateur|calendrier|[ée]ch[ée]ance)",
    re.I,
)


def label_of(text: str) -> tuple[str, str] | None:
    """('budget', 'value on the same row') when the line starts with a field label."""
    if not _ANY_LABEL.match(text):
        return None
    for key, rx in _LABEL_RX:
        m = rx.match(text)
        if m:
            rest = text[m.end() :]
            if m.group(0).endswith(":") and not rest.startswith("\t"):
                rest = rest.strip()
            return key, rest.strip(" \t:")
    return None


class PartyNames:
    """The names a document gives its parties (party_aliases), and the two patterns that find one
    at the start of a cell, compiled once for the document: the longest name first, as the regex
    engine tries them in that order."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        either = "|".join(re.escape(a) for a in sorted(self.names, key=len, reverse=True)) or "(?!)"
        self.label = re.compile(
            r"(?P<alias>" + either + r")(?P<colon>\s*:)?(?P<after>\t|\s*$|\s+)", re.I
        )  # « Paris :<TAB>DVD »
        self.prefix = re.compile(
            r"(?P<alias>" + either + r")\s*(?::\s*(?P<rest>.*)|$)", re.I
        )  # « Ville de Paris : DASES »

    def __bool__(self) -> bool:
        return bool(self.names)


def _party_label(text: str, aliases: PartyNames) -> tuple[list[str], str] | None:
    """'Paris :<TAB>DVD' -> (['Paris'], 'DVD'); 'Paris : Seine-Saint-Denis :' -> two labels."""
    if not aliases:
        return None
    rx = aliases.label
    found, rest = [], text.strip()
    while rest:
        m = rx.match(rest)
        if not m:
            break
        tail = rest[m.end() :]
        if not (m["colon"] or m["after"] == "\t" or not tail.strip() or rx.match(tail)):
            break
        found.append(m["alias"])
        rest = tail
    if not found:
        return None
    return found, rest.strip(" \t:")


def split_units(value: str, count: int) -> list[str] | None:
    """Split 'DASES DEF – ASE' into ['DASES', 'DEF – ASE'] at the first break between two
    directorate names (no dash, comma or bracket between them)."""
    tokens = value.split()
    cuts = []
    for i in range(1, len(tokens)):
        a, b = tokens[i - 1], tokens[i]
        if a in ("-", "–", "—", "/", "+") or b in ("-", "–", "—", "/", "+") or a.endswith((",", "(", "-", "–", "/")):
            continue
        acronym = b.isupper() and len(b.strip(",;")) >= 2
        if not (acronym or (b[:1].isupper() and (a.isupper() or a.endswith(")") or a[:1].isupper()))):
            continue
        if b.startswith("("):
            continue
        cuts.append(i)
    if count != 2 or not cuts:
        return None
    i = cuts[0]
    return [" ".join(tokens[:i]), " ".join(tokens[i:])]


def parse_table(body: list[Line], aliases: PartyNames) -> Table:
    """Find and read the field table in an action's body lines."""
    table = Table()
    if not any(_ANY_LABEL.match(x.text) for x in body):
        return table
    rows: list[list] = []  # [key, [values], party labels]
    current = None
    last_label_at = None
    for idx, line in enumerate(body):
        text = line.text
        lab = label_of(text)
        if lab:
            key, rest = lab
            parties = None
            if key == "pilotes":
                pl = _party_label(rest, aliases) if rest else None
                if pl:
                    parties, rest = pl
            current = [key, [rest] if rest else [], parties or []]
            rows.append(current)
            table.lines.add(idx)
            last_label_at = idx
            if table.first_line is None:
                table.first_line = line.lineno
            continue
        if current is None:
            continue
        pl = _party_label(text, aliases) if current[0] in ("pilotes", "pilote_party") else None
        if pl:
            labels, rest = pl
            current = ["pilote_party", [rest] if rest else [], labels]
            rows.append(current)
            table.lines.add(idx)
            continue
        # a value line for the current row, unless the table is over
        gap = idx - last_label_at
        if len(text) > 400 or (current[0] == "indicateurs" and (current[1] or gap > 2)) or gap > 12:
            break
        current[1].append(text)
        table.lines.add(idx)
    if not rows:
        return table
    _realign(rows, table)
    _fill(rows, table)
    return table


SLIPPED_PILOTS = "Services pilotes : valeurs réalignées (cellules décalées à l'extraction)"


def _realign(rows: list, table: Table) -> None:
    """Undo the one-row slips that flattening leaves behind, each with a warning."""
    _realign_pilots(rows, table)
    keys = [r for r in rows if r[0] not in ("pilotes", "pilote_party")]
    _realign_extra_cell(keys, table)
    _indicator_in_partners(keys, table)


def _realign_pilots(rows: list, table: Table) -> None:
    """A pilots row holding a value while its party rows are shifted."""
    for i, row in enumerate(rows):
        if row[0] != "pilotes" or not row[1] or row[2]:
            continue
        chain = rows[i + 1 :]
        party_rows = [r for r in chain if r[0] == "pilote_party"]
        if not party_rows:
            continue
        units = (split_units(row[1][0], len(party_rows)) if len(party_rows) > 1 else None) or [row[1][0]]
        if len(units) == len(party_rows) and not party_rows[0][1]:
            # the cell carried every party's value: the values below are one row too high
            values = [r[1] for r in chain]
            gap = next((k for k in range(len(party_rows), len(chain)) if not values[k]), None)
            if gap is not None:
                for k in range(gap, len(party_rows) - 1, -1):
                    chain[k][1] = values[k - 1]
            for r, unit in zip(party_rows, units):
                r[1] = [unit]
        elif len(units) == 1 and party_rows[0][1] and any(not r[1] for r in party_rows[1:]):
            # one value on the pilots row, the party rows one row too low
            k_empty = next(k for k, r in enumerate(party_rows) if not r[1])
            for k in range(k_empty, 0, -1):
                party_rows[k][1] = party_rows[k - 1][1]
            party_rows[0][1] = row[1]
        else:
            continue
        row[1] = []
        table.warnings.append(SLIPPED_PILOTS)


def _realign_extra_cell(keys: list, table: Table) -> None:
    """A row with an extra cell pushes the following values down to an empty row."""
    for i, row in enumerate(keys):
        if len(row[1]) < 2:
            continue
        empty = next((k for k in range(i + 1, len(keys)) if not keys[k][1]), None)
        if empty is None:
            continue
        carry = row[1][1:]
        row[1] = row[1][:1]
        for k in range(i + 1, empty + 1):
            keys[k][1], carry = carry, keys[k][1]
        table.warnings.append(f"{_LABEL_FR[row[0]]} : cellules réalignées (décalage d'une ligne à l'extraction)")
        return


def _indicator_in_partners(keys: list, table: Table) -> None:
    """A partners cell that reads as an indicator, beside the indicators: an indicator."""
    part = next((r for r in keys if r[0] == "partenaires"), None)
    ind = next((r for r in keys if r[0] == "indicateurs"), None)
    if part and ind and part[1] and all(_INDICATORISH.match(v) for v in part[1]):
        ind[1] = part[1] + ind[1]
        part[1] = []
        table.warnings.append(
            "Partenaires mobilisés : la cellule ressemble à un indicateur, lue comme indicateur — à vérifier"
        )


_LABEL_FR = {
    "delai": "Délai",
    "pilotes": "Services pilotes",
    "budget": "Budget",
    "partenaires": "Partenaires",
    "indicateurs": "Indicateurs",
}


def _fill(rows: list, table: Table) -> None:
    f = table.fields
    for key, values, parties in rows:
        values = [v.strip() for v in values if v.strip()]
        if key == "pilote_party":
            for p in parties:
                f["pilotes"][p] = " ; ".join(values) if values else None
            continue
        if key == "pilotes":
            if parties and values:
                units = split_units(values[0], len(parties)) if len(parties) > 1 else [" ; ".join(values)]
                if units:
                    for p, u in zip(parties, units):
                        f["pilotes"][p] = u
                else:
                    f["pilotes"][parties[0]] = " ; ".join(values)
                    table.warnings.append("Services pilotes : répartition entre les parties incertaine")
            elif values:
                f["pilotes"]["?"] = " ; ".join(values)
                table.warnings.append("Services pilotes : partie non indiquée")
            continue
        f[key] = " ; ".join(values) if values else None
    f["pilotes"] = {k: v for k, v in f["pilotes"].items() if v}


def looks_budget(text: str) -> bool:
    return bool(_BUDGETISH.search(text or ""))


def party_aliases(parties: list[dict], text: str, low: str | None = None) -> list[str]:
    """The short names a document uses for its parties ('Paris', 'GPSEA', 'Seine-Saint-Denis').
    `low` is the text in lower case when the caller already has it."""
    out = []
    low = low if low is not None else text.lower()
    for p in parties:
        name = p["name"]
        short = re.sub(
            r"^(?:la |le |l['’])?(?:ville|commune|d[ée]partement|r[ée]gion|m[ée]tropole|[ée]tablissement public territorial|ept)\s+(?:de la |de l['’]|du |des |de |d['’])?",
            "",
            name,
            flags=re.I,
        ).strip()
        for cand in {name, short}:
            if cand and cand.lower() in low:
                out.append(cand)
        words = [w for w in re.split(r"[\s-]+", short) if w[:1].isupper()]
        if len(words) >= 3:
            acro = "".join(w[0] for w in words).upper()
            if acro in text and re.search(r"\b" + acro + r"\b", text):
                out.append(acro)
    return sorted(set(out), key=len, reverse=True)
