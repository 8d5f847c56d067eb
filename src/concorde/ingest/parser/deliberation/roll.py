"""The roll call: members in office, present, excused, absent, represented, and the proxies.
A count the record prints wins; the names it lists check it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import names
from ..numbers import NUMBER, parse_number
from ..vocabulary import PROXY_GIVER_FIRST, PROXY_HOLDER_FIRST, ROLL_LABELS
from .record import Record

_NEXT_LABEL = re.compile(r"(?:" + "|".join(ROLL_LABELS) + r")")
_PRESENT = re.compile(
    r"(?:[ée]tai(?:en)?t|sont)\s+pr[ée]sente?s?(?:\s+(?:mesdames\s+et\s+messieurs|mm\.?|les\s+membres))?\s*[:,]?|(?:^|\s)pr[ée]sente?s?\s*:"
)
_EXCUSED = re.compile(r"(?:[ée]tai(?:en)?t|sont)\s+(?:absente?s?\s+)?excus[ée]e?s?|(?:^|\s)excus[ée]e?s?\s*:")
_ABSENT = re.compile(r"(?:[ée]tai(?:en)?t|sont)\s+absente?s?(?!\s+(?:excus|repr))|(?:^|\s)absente?s?\s*:")
_REPRESENTED = re.compile(
    r"(?:absente?s?|[ée]tai(?:en)?t)\s+repr[ée]sent[ée]e?s?|(?:^|\s)(?:pouvoirs?|procurations?)\s*:|avai(?:en)?t\s+donn[ée]\s+pouvoir"
)


@dataclass
class Roll:
    in_office: int | None = None
    present_count: int | None = None
    present: list[str] = field(default_factory=list)
    excused: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    voters: int | None = None
    printed_present: int | None = None
    printed_proxies: int | None = None
    proxies: list[list] = field(default_factory=list)


def _list_after(record: Record, m: re.Match, limit: int = 4000) -> tuple[int, int]:
    """The span of a list that starts after its label (and the clause that may qualify it,
    « , formant la majorité des membres en exercice … : ») and ends at the next label of the roll."""
    start = m.end()
    colon = record.low.find(":", start, start + 300)
    if colon != -1 and not names.people(record.flat[start:colon]):
        start = colon + 1
    end = min(len(record.low), start + limit)
    nxt = _NEXT_LABEL.search(record.low, start + 1, end)
    return start, (nxt.start() if nxt else end)


def _count(record: Record, label: str, window: int = 60) -> int | None:
    """A printed count: « Présents : 10 », « Nombre de votants : 74 », « En exercice : 14 »,
    « Soit 31 présents », « 33 votants »."""
    m = re.search(rf"{label}\s*:?\s*({NUMBER})\b", record.low)
    if m and parse_number(m.group(1)) is not None:
        return parse_number(m.group(1))
    return None


def printed_counts(record: Record) -> dict:
    """The counts a record prints (the first of each: minutes may repeat them per group of items)."""
    low = record.low
    out = {
        "in_office": _count(
            record,
            r"(?:en\s+exercice|membres?\s+en\s+exercice|nombre\s+de\s+(?:conseillers|membres)(?:\s+en\s+exercice)?)",
        ),
        "present": None,
        "voters": _count(record, r"(?:nombre\s+de\s+votants|votants)"),
    }
    m = re.search(r"pr[ée]sents?\s*:\s*(\d+)\b|nombre\s+de\s+pr[ée]sents\s*:?\s*(\d+)", low) or re.search(
        rf"\b({NUMBER})\s+pr[ée]sents?\b(?!\s*:)", low
    )
    if m:
        out["present"] = parse_number(next(g for g in m.groups() if g))
    if out["voters"] is None:
        m = re.search(rf"\b({NUMBER})\s+votants\b", low)
        out["voters"] = parse_number(m.group(1)) if m else None
    m = re.search(
        rf"\b({NUMBER})\s+(?:procurations?|pouvoirs?)\b(?!\s*:)|(?:pouvoirs?|procurations?)\s*:\s*(\d+)\b", low
    )
    out["proxies"] = parse_number(m.group(1) or m.group(2)) if m else None
    return out


def names_listed(record: Record, label: re.Pattern, first_only: bool = True) -> list[str]:
    """The people listed after a label (the first list of that kind, in a record of one sitting)."""
    out: list[str] = []
    for m in label.finditer(record.low):
        start, end = _list_after(record, m)
        text = record.flat[start:end]
        if re.match(r"\s*\d", text):  # « Présents : 10 »: a count, not a list
            continue
        out.extend(_without_remarks(names.people(text)))
        if out and first_only:
            break
    return out


def _without_remarks(found: list[str]) -> list[str]:
    return [re.sub(r"\s*\(.*$", "", n).strip() for n in found if n]


def proxies(record: Record) -> list[list]:
    """Every proxy, [giver, holder], in each wording and direction: « X donnant pouvoir à Y »,
    « X à Y » in a list of pouvoirs, « X (procuration à Y) », « Y (procuration de X) », « Y porteur
    du pouvoir de X »; a holder not named is None."""
    found: list[list] = []
    low, flat = record.low, record.flat
    for rx in PROXY_GIVER_FIRST:
        for m in re.finditer(rx, low):
            giver = _name_before(flat, m.start())
            holder = _name_after(flat, m.end())
            if giver and (holder or "repr" not in m.group(0)):  # « représenté(e) par » a person, not « par son Maire »
                found.append([giver, holder])
    for rx in PROXY_HOLDER_FIRST:
        for m in re.finditer(rx, low):
            holder = _name_before(flat, m.start())
            giver = _name_after(flat, m.end())
            if giver:
                found.append([giver, holder])
    for m in _REPRESENTED.finditer(low):  # « Pouvoirs : X à Y, Z à W »
        start, end = _list_after(record, m, limit=2500)
        for pair in re.finditer(rf"((?:{names.CIVILITY}\s+)?[A-ZÀ-Þ][^,;()]*?)\s+(?:à|a)\s+", flat[start:end]):
            giver = names.first_person(pair.group(1))
            holder = _name_after(flat, start + pair.end())
            if giver and holder:
                found.append([giver, holder])
    return _unique(found)


def _name_before(flat: str, end: int) -> str | None:
    chunks = re.split(r"[,;:\n]|\s[–—-]\s|\)\s*|\bet\b", flat[max(0, end - 80) : end])
    chunk = chunks[-1] if chunks[-1].strip() or len(chunks) < 2 else chunks[-2]  # « X, représentée par Y »
    found = names.people(chunk, strict=True)
    return found[-1] if found else None


def _name_after(flat: str, start: int) -> str | None:
    rest = flat[start : start + 120]
    person = names.first_person(rest)
    if person and not re.fullmatch(names.GIVEN, person):
        return person
    # a given name whose surname the layout moved after another column's words (« à Eléna
    # valablement délibérer. BARANSKI »): the next surname in capitals, close by
    m = re.match(rf"\s*(?:{names.CIVILITY}\s+)?({names.GIVEN})\b", rest)
    if m:
        tail = re.search(rf"(?:^|[\s|])({names.CAPS})(?=[\s,;.|]|$)", rest[m.end() : m.end() + 70])
        if tail and len(tail.group(1)) > 2:
            return f"{m.group(1)} {tail.group(1)}"
    return person


def _unique(found: list[list]) -> list[list]:
    """One proxy a giver: the same proxy said twice (« X donnant pouvoir à Y », then « Y use du pouvoir
    de X ») is one, even when the second reading took a word too many."""
    out: list[list] = []
    for giver, holder in found:
        words = set(_key(giver).split())
        if holder and _key(holder) == _key(giver):
            continue
        same = next(
            (
                i
                for i, (g, h) in enumerate(out)
                if words & set(_key(g).split()) and (words <= set(_key(g).split()) or _key(h) == _key(holder))
            ),
            None,
        )
        if same is None:
            out.append([giver, holder])
        elif out[same][1] is None and holder:  # the other reading named the holder
            out[same][1] = holder
    return out


def _key(name: str | None) -> str:
    return " ".join(
        sorted(
            w
            for w in re.sub(r"[^\w\s-]", " ", (name or "").lower()).split()
            if w not in {"m", "mme", "monsieur", "madame", "mlle"}
        )
    )


def _without_holders(listed: list[str], roll: Roll) -> list[str]:
    """A list of the absent names the holders of their proxies too (« X (pouvoir à Y) », « X donne
    pouvoir à Y »): one listed present, or holding the proxy of someone of the list, is not absent."""
    present = {_key(n) for n in roll.present}
    givers = {_key(g) for g, _ in roll.proxies}
    holders = {_key(h) for g, h in roll.proxies if h and _key(g) in {_key(n) for n in listed}}
    return [n for n in listed if _key(n) not in present and (_key(n) in givers or _key(n) not in holders)]


def read(record: Record) -> Roll:
    roll = Roll()
    counts = printed_counts(record)
    roll.in_office, roll.voters, roll.printed_present = counts["in_office"], counts["voters"], counts["present"]
    roll.printed_proxies = counts["proxies"]
    roll.present = names_listed(record, _PRESENT)
    roll.excused = names_listed(record, _EXCUSED)
    roll.absent = names_listed(record, _ABSENT)
    roll.proxies = proxies(record)
    roll.excused, roll.absent = _without_holders(roll.excused, roll), _without_holders(roll.absent, roll)
    roll.present_count = roll.printed_present if roll.printed_present is not None else (len(roll.present) or None)
    return roll
