"""Parties, their representatives and signatories: from the cover page (« entre … et … »), the
signature block, or — for a record of a sitting — the deliberating collectivité and the
counterparts of the conventions it approves. Collectivités are recognised by a type word
(« Ville de », « Département de », « Communauté d'agglomération »…) and, when the reference
territories are given, by their official names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from concorde.lib.text import fold, fold_keep

from .deliberation.record import opening_end
from .gazetteer import TYPE_WORDS, Gazetteer, key
from .headings import heading_of, is_non_axis_title
from .text import Line

ORG = re.compile(
    r"(?:(?:La|Le|L['’])\s*)?(?P<name>\b(?i:Ville|Commune|Mairie|D[ée]partement|Conseil\s+d[ée]partemental|R[ée]gion|Conseil\s+r[ée]gional|"
    r"M[ée]tropole|[ÉEée]tablissement\s+public\s+territorial|Communaut[ée]\s+d['’]agglom[ée]ration|Communaut[ée]\s+de\s+communes|"
    r"Communaut[ée]\s+urbaine)(?:\s+\([A-Z]{2,8}\))?\s+(?:(?i:de\s+la\b|de\s+l['’]|du\b|des\b|de\b|d['’])\s*)?[A-ZÉÈÎ][\w’'\-]+"
    r"(?:[ -](?:[A-ZÉÈÎ]|(?:sur|sous|en|lès|les|le|la|de|du|des|aux|d['’]|l['’])\b)[\w’'\-]*){0,5}"
    r"|\bEPT\s+[A-ZÉÈÎ][\w’'\-]+(?:[ -][A-ZÉÈÎ'’][\w’'\-]*|\s+(?:de|du|des|d['’])\s*[A-ZÉÈÎ][\w’'\-]*){0,5})"
)
REPRESENTED = re.compile(r"^Repr[ée]sent[ée]e?\s+par\s+(?P<who>.+?)[,.]?$", re.I)
ROLE = re.compile(r"^(?:Pr[ée]sident|Maire|Vice|Directeur|Directrice|Adjoint|Conseill|Premi|Pr[ée]f)", re.I)
SIGNING_ROLE = re.compile(
    r"^(?:Le|La|Son|Sa)\s+(?:Vice-)?(?:Pr[ée]sident|Pr[ée]sidente|Maire|Directeur|Directrice|Adjoint|Adjointe|Pr[ée]f[eè]te?)\b[^.]{0,60},?$",
    re.I,
)
CIVILITY = re.compile(r"^(?:Monsieur|Madame|M\.|Mme|Mr)\s+", re.I)
STATE = re.compile(r"^(?:L['’]\s*)?[ÉE]tat\b", re.I)
_NAME_STOP = re.compile(
    r"\s(?:repr[ée]sent[ée]e?|ci-apr[èe]s|dont|sis|situ[ée]e?|sise|agissant|d[ûu]ment|en\s+vertu|relative?|pour|dans|portant|"
    r"concernant|afin|qui|et\s+(?:la|le|l['’]|les)\s)\b",
    re.I,
)


_TYPE_ROOTS = ("vill", "commun", "mairie", "partement", "region", "metropole", "tablissement", "ept")


@dataclass
class Mention:
    start: int
    end: int
    name: str  # as the party is named: the type word as written, the official name when known
    kind: str  # contract kind: ville, commune, departement, ept, region, other
    recognised: bool | None = True  # False: the reference territories know no such collectivité; None: none given


def _party(mention: Mention, represented_by=None, signatory=None) -> dict:
    party = {"name": mention.name, "kind": mention.kind, "represented_by": represented_by, "signatory": signatory}
    if mention.recognised is False:
        party["unrecognised"] = True
    return party


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if word.isupper() else word[:1].upper() + word[1:]


_TYPE = re.compile(
    "(?:" + "|".join(sorted((w for rx, _ in TYPE_WORDS for w in rx.split("|")), key=len, reverse=True)) + r")\b"
)
_PREP = re.compile(r"\s*(?:\([A-Z]{2,8}\)\s*)?(?:(?:de\s+la\b|de\s+l['’]|du\b|des\b|de\b|d['’])\s*|\s)", re.I)


def _type_kind(type_word: str) -> str:
    t = fold(type_word)
    return next(kind for rx, kind in TYPE_WORDS if re.fullmatch(rx, t))


def mentions(text: str, gaz: Gazetteer | None = None) -> list[Mention]:
    """The collectivités a text names, in order: by a type word (checked against the reference
    territories when given), by an EPT's own name, and the State."""
    out: list[Mention] = []
    low = fold_keep(text)
    typed = any(w in low for w in _TYPE_ROOTS)  # most lines name none: ORG is tried only where one may be
    for m in ORG.finditer(text) if typed else ():
        found = _typed(text, m, gaz)
        if found:
            out.append(found)
    if gaz is not None and gaz.bare:
        for pattern, place in gaz.bare_patterns:
            if pattern.pattern[2:].split("[", 1)[0].replace("\\", "") not in low:
                continue
            for m in pattern.finditer(low):
                if not any(o.start <= m.start() < o.end for o in out):
                    out.append(Mention(m.start(), m.end(), place.name, place.party_kind))
    return sorted(out, key=lambda x: x.start)


def _typed(text: str, m: re.Match, gaz: Gazetteer | None) -> Mention | None:
    name = re.sub(r"\s+\([A-Z]{2,8}\)", "", m.group("name"))
    head = _TYPE.match(fold_keep(re.sub(r"\s+", " ", name)))
    if not head:
        return None
    type_word = re.sub(r"\s+", " ", name)[: head.end()]
    after = re.sub(r"\s+", " ", name)[head.end() :]
    prep = _PREP.match(after)
    if not prep:
        return None
    preposition = prep.group(0).strip()
    preposition = re.sub(r"^\([A-Z]{2,8}\)\s*", "", preposition)
    rest = _NAME_STOP.split(" " + after[prep.end() :])[0].strip()
    kind = _type_kind(type_word)
    found = (
        gaz.named_after(rest, kind) or (gaz.named_after(rest, "epci") if kind == "commune" else None) if gaz else None
    )
    if found:
        place, used = found
        written = rest[:used]
        official = place.name if kind != "epci" else written
        end = m.start("name") + name.find(written) + len(written) if written in name else m.end()
        label = f"{_capitalised(type_word)} {preposition.lower()}{'' if preposition.endswith(('’', chr(39))) or not preposition else ' '}{official}"
        return Mention(m.start(), end, re.sub(r"\s+", " ", label).replace(" ’", "’"), place.party_kind)
    # not in the reference territories (or none given): the name as written, said unrecognised
    if kind == "ept" and type_word.isupper():
        return None  # « EPT » before a capitalised word is a name only when the reference says so
    rest = " ".join(w for w in rest.split()[:6]).strip(" ,.;:")
    if not rest or (rest.isupper() and len(rest) > 40):
        return None
    label = f"{_capitalised(type_word)} {preposition.lower() + ' ' if preposition and not preposition.endswith(('’', chr(39))) else preposition.lower()}{rest}"
    return Mention(
        m.start(),
        m.end(),
        re.sub(r"\s+", " ", label),
        _contract_kind(kind, rest),
        recognised=None if gaz is None else False,
    )


def _contract_kind(kind: str, rest: str) -> str:
    if kind == "commune":
        return "ville" if fold(rest) == "paris" else "commune"
    return {"epci": "other"}.get(kind, kind)


def kind_of(name: str, gaz: Gazetteer | None = None) -> str:
    found = mentions(name, gaz)
    if found:
        return found[0].kind
    if gaz is not None and gaz.find(name, "ept"):
        return "ept"
    return "other"


def clean_name(name: str) -> str:
    name = re.sub(r"^(?:La|Le|L['’])\s*", "", name.strip(" ,.:"))
    return re.sub(r"\s+", " ", name)


_TWO_COLUMNS = re.compile(r"\s+(?=(?:La|Le|L['’])\s*(?:Ville|Commune|D[ée]partement|R[ée]gion|M[ée]tropole)\b)")


def _org_in(text: str, gaz: Gazetteer | None) -> list[Mention]:
    """Organisation names on a line: typed names, an EPT's own name, the State."""
    found: list[Mention] = []
    for part in _TWO_COLUMNS.split(text):  # two columns on one line: 'La Ville d’Ivry-sur-Seine La Ville de Paris'
        found.extend(mentions(part, gaz))
    if not found and STATE.match(text.strip()) and len(text) < 40:
        found.append(Mention(0, len(text), "État", "other"))
    return found


def _people(text: str, count: int) -> list[str]:
    """Split 'PHILIPPE BOUYSSOU ANNE HIDALGO' into count names of equal word counts."""
    words = text.split()
    if count <= 1 or len(words) % count:
        return [text.strip()]
    n = len(words) // count
    return [" ".join(words[i * n : (i + 1) * n]) for i in range(count)]


def from_signature_block(lines: list[Line], gaz: Gazetteer | None = None) -> tuple[list[dict], list[str]]:
    """The closing block: party names, 'Représenté(e) par …' and names, in columns."""
    warnings: list[str] = []
    start = None
    for i, line in enumerate(lines):
        if re.search(r"exemplaires? originaux|^fait [àa]\b", line.low):
            start = i
    if start is None:
        start = max(0, len(lines) - 12)
    block = lines[start + 1 : start + 14]
    orgs: list[Mention] = []
    reps: list[str] = []
    names: list[str] = []
    for line in block:
        text = line.text.strip()
        if re.match(r"^annexe", text, re.I):
            break
        found = _org_in(text, gaz)
        if found and not REPRESENTED.match(text):
            orgs.extend(found)
            continue
        if re.match(r"^Repr[ée]sent[ée]", text, re.I):
            for part in re.split(r"\s+(?=Repr[ée]sent[ée])", text):
                m = REPRESENTED.match(part.strip())
                if m:
                    reps.append(m["who"].strip(" ,"))
            continue
        if orgs and len(reps) < len(orgs) and SIGNING_ROLE.match(text):  # 'Pour la Ville de X, / La Maire,'
            reps.append(text.strip(" ,"))
            continue
        if (
            orgs
            and re.fullmatch(r"[A-ZÉÈa-zéèëï’'\- ]{3,80}", text)
            and sum(w[:1].isupper() for w in text.split()) >= 2
            and not re.search(r",\s*le\b", text)
        ):
            people = _people(text, len(orgs)) if len(text.split()) > 3 else [text]
            if len(people) > 1:
                warnings.append("Signataires lus sur une même ligne et séparés par hypothèse")
            names.extend(people)
    parties = [
        _party(org, reps[k] if k < len(reps) else None, CIVILITY.sub("", names[k]) if k < len(names) else None)
        for k, org in enumerate(orgs)
    ]
    return parties, warnings


_BETWEEN = re.compile(r"entre|et|d['’]une part|d['’]autre part|ci-apr[eè]s", re.I)


def from_cover(lines: list[Line], gaz: Gazetteer | None = None) -> list[dict]:
    """'entre / Le Département … / Représenté par … / Et / La Ville de Paris / Représentée par …'."""
    parties: list[dict] = []
    head = lines  # the document's head (Document.head)
    for i, line in enumerate(head):
        if i and not _BETWEEN.fullmatch(line.text.strip(" ,:")) and not re.search(r"\bentre\s*:?$", line.text, re.I):
            continue
        for j in range(i + 1, min(i + 3, len(head))):
            paragraph = _party_paragraph(head[j].text, gaz)
            if paragraph:  # 'La Commune de X, représentée par son Maire, …, ci-après dénommée …'
                if not any(fold(p["name"]) == fold(paragraph["name"]) for p in parties):
                    parties.append(paragraph)
                break
            found = _org_in(head[j].text, gaz)
            if found and len(head[j].text) < 90:
                rep = []
                for k in range(j + 1, min(j + 4, len(head))):
                    t = head[k].text.strip()
                    if re.fullmatch(r"et|d['’]autre part|d['’]une part", t.strip(" ,"), re.I) or _org_in(t, gaz):
                        break
                    if rep and not (
                        ROLE.match(t)
                        or (
                            head[k - 1].text.rstrip().endswith(",")
                            and len(t) < 60
                            and not is_non_axis_title(t)
                            and not heading_of(t)
                        )
                    ):
                        break
                    rep.append(t.strip(" ,"))
                who = None
                if rep and REPRESENTED.match(rep[0]):
                    who = ", ".join([REPRESENTED.match(rep[0])["who"]] + rep[1:]).strip(" ,")
                    who = re.sub(r"\s*,\s*,", ",", who)
                if not any(fold(p["name"]) == fold(found[0].name) for p in parties):
                    parties.append(_party(found[0], who))
                break
    return parties


_IN_PARAGRAPH = re.compile(
    r"repr[ée]sent[ée]e?\s+par\s+(?P<who>.+?)(?:,\s*(?:d[ûu]ment|ci-apr[èe]s|agissant|en\s+vertu|habilit|d['’]une\s+part|d['’]autre\s+part)|[.;]|$)",
    re.I,
)


def _party_paragraph(text: str, gaz: Gazetteer | None) -> dict | None:
    """A party introduced in one paragraph: its name first, then who represents it."""
    if len(text) < 60:
        return None
    found = _org_in(text[:120], gaz)
    if not found or found[0].start > 12:
        return None
    m = _IN_PARAGRAPH.search(text)
    return _party(found[0], m["who"].strip(" ,") if m else None)


# The cover written as one run of text (a flattened layout): from « entre » to the first clause.
_COVER_START = re.compile(r"\b(?:conclue?|pass[ée]e?|[ée]tablie?|sign[ée]e?)?\s*entre\s*:?\s*", re.I)
_COVER_END = re.compile(
    r"\b(?:il\s+(?:est|a\s+[ée]t[ée])\s+convenu|pr[ée]ambule|article\s+(?:1|premier)\b|vu\s+le|consid[ée]rant)", re.I
)
_ENTRY_START = re.compile(
    r"(?:^|(?<=[.,;:]\s)|(?<=\s))(?:La|Le|L['’]|Les)\s*(?=[A-Za-zÉÈÎ])|(?:^|\s)(?:Et|D['’]une part,?|D['’]autre part,?)\s"
)
_REP_END = re.compile(
    r",\s*(?:d[ûu]ment|agissant|en\s+vertu|habilit|conseil|par\s+d[ée]lib|en\s+date)|\s(?:D['’]une|D['’]autre)\s+part|\s(?:Et|ET)\s|ci-apr[èe]s|[;]",
    re.I,
)


def in_cover_text(text: str, gaz: Gazetteer | None = None) -> list[dict]:
    """In the document's head (`text`), the parties of a cover written as one run of text: each collectivité that opens an entry
    (after « entre », « Et », « D'une part », or as « La Commune de … »), with who represents it —
    not the ones named inside a representation (« Préfète du département des Deux-Sèvres »)."""
    start = _COVER_START.search(text)
    if not start:
        return []
    end = _COVER_END.search(text, start.end())
    span = text[start.end() : end.start() if end else len(text)]
    parties: list[dict] = []
    found = mentions(span, gaz)
    state = [
        Mention(m.start(), m.end(), "État", "other")
        for m in re.finditer(r"(?:^|\s)L['’]\s*[ÉE]tat\b(?!\s+(?:de|du|des)\b)", span)
    ]
    for mention in sorted(found + state, key=lambda x: x.start):
        if mention.start and not _ENTRY_START.search(span[max(0, mention.start - 12) : mention.start + 4]):
            continue
        rest = span[mention.end : mention.end + 400]
        rep = re.match(r"\s*(?:\([^)]*\)\s*)?,?\s*repr[ée]sent[ée]e?\s+par\s+", rest, re.I)
        who = None
        if rep:
            tail = rest[rep.end() :]
            stop = _REP_END.search(tail)
            nxt = next((m.start - mention.end - rep.end() for m in found if m.start > mention.end + rep.end()), None)
            cut = min(x for x in (stop.start() if stop else len(tail), nxt if nxt and nxt > 0 else len(tail)))
            who = tail[:cut].strip(" ,.") or None
        if not any(key(p["name"]) == key(mention.name) for p in parties):
            parties.append(_party(mention, who))
    return parties


def merge(primary: list[dict], other: list[dict]) -> list[dict]:
    out = [dict(p) for p in primary]
    for p in other:
        same = next((q for q in out if key(q["name"]) == key(p["name"])), None)
        if same is None:
            out.append(dict(p))
            continue
        for k in ("represented_by", "signatory"):
            if not same.get(k) and p.get(k):
                same[k] = p[k]
    return out


def mentioned(text: str, gaz: Gazetteer | None = None, limit: int = 3) -> list[dict]:
    """The collectivités a text names most often (for documents without cover or signatures)."""
    counts: dict[str, tuple[int, Mention]] = {}
    for m in mentions(text, gaz):
        k = key(m.name)
        n, first = counts.get(k, (0, m))
        counts[k] = (n + 1, first)
    ranked = sorted(counts.values(), key=lambda x: (-x[0], x[1].start))
    return [_party(m) for _, m in ranked[:limit]]


# --- A record of a sitting ------------------------------------------------------------------

_HOST = re.compile(r"https?://(?:www\.)?([a-z0-9.-]+)\.(?:fr|com|org|net|eu|bzh|paris|corsica|alsace)\b", re.I)
_CONVENTION_WORD = re.compile(r"\b(?:convention|avenant|contrat|protocole|accord)", re.I)
_WITH = re.compile(r"\bavec\s+(?:la\s+|le\s+|l['’]\s*|les\s+)?")
_COUNTERPART = re.compile(
    r"[A-ZÉÈÎ][\w’'&.-]*(?:\s+(?:du|de|des|de\s+la|de\s+l['’]|d['’]|et|en|sur)?\s*[A-ZÉÈÎ0-9][\w’'&.-]*){0,7}"
)


# A flattened record often glues the address it was published at to its first word
# (« …/20231130.pdfCOMMUNE DE … »).
_GLUED_ADDRESS = re.compile(r"(\.(?:pdf|html?|docx?|odt|aspx?|php))(?=[A-ZÉ])")


def of_record(record: dict, text: str, gaz: Gazetteer | None = None) -> list[dict]:
    """The parties a record of a sitting names: the deliberating collectivité, then the
    counterparts of the conventions, avenants and contracts it approves (« convention … avec la
    CAF du Val-de-Marne »), not every place it mentions; an association is not a party."""
    text = _GLUED_ADDRESS.sub(r"\1 ", text)
    own = _deliberating(record, text, gaz)
    parties = [own] if own else []
    for sentence in re.split(r"(?<=[.;])\s|\n", text):
        places = [c.start() for c in _CONVENTION_WORD.finditer(sentence)]
        if not places:
            continue
        for m in _WITH.finditer(sentence):
            # « convention … avec X » or « avec X, d'une convention »: the two close together
            if not any(len(sentence[min(p, m.start()) : max(p, m.start())].split()) <= 12 for p in places):
                continue
            party = _counterpart(sentence[m.end() :], gaz)
            if party and not any(key(p["name"]) == key(party["name"]) for p in parties) and not _same(party, own):
                parties.append(party)
    return parties


def _same(a: dict, b: dict | None) -> bool:
    return bool(b) and (key(a["name"]) == key(b["name"]) or key(a["name"]).endswith(key(b["name"]).split(" ", 2)[-1]))


_BARE_TYPE_WORDS = {
    "departement",
    "region",
    "commune",
    "ville",
    "metropole",
    "communaute",
    "etablissement",
    "territoire",
    "agglomeration",
    "syndicat",
    "collectivite",
}


def _counterpart(after: str, gaz: Gazetteer | None) -> dict | None:
    typed = mentions(after[:160], gaz)
    if typed and typed[0].start <= 2:
        return _party(typed[0])
    if re.match(r"(?:l['’])?association\b|asso\b", after, re.I) or re.match(r"(?:M\.|Mme|Monsieur|Madame)\s", after):
        return None
    m = _COUNTERPART.match(after)
    if not m:
        return None
    name = _NAME_STOP.split(" " + m.group(0))[0].strip(" -–—,.")
    if len(name) < 3 or (name.isupper() and len(name.split()) > 4) or fold(name) in _BARE_TYPE_WORDS:
        return None  # « avec le Département » names no one in particular
    return {"name": name, "kind": "other", "represented_by": None, "signatory": None}


def _deliberating(record: dict, text: str, gaz: Gazetteer | None) -> dict | None:
    """The collectivité whose assembly sat: named with its type word in the record's head, else
    through its assembly's name, the @ctes identifier, or the address the record was published at."""
    kind = record.get("assembly_kind") or "commune"
    kind = "commune" if kind == "ville" else kind
    wanted = {
        "commune": ("ville", "commune"),
        "departement": ("departement",),
        "region": ("region",),
        "ept": ("ept",),
        "epci": ("other",),
    }.get(kind, ())
    head = text[: opening_end(fold_keep(text))]  # the sitting, before the business names other places
    for m in mentions(head, gaz):
        if m.kind in wanted and m.recognised is not False:  # « Conseil départemental Extrait des … » names nobody
            return _party(m)
    if gaz is None:
        return None
    body = record.get("body") or ""
    named = re.search(r"\b(?:de|du|d['’])\s*(?:la\s+commune\s+de\s+)?([A-ZÉÈÎ][\w’'\- ]+)$", body)
    if named:
        found = gaz.named_after(named.group(1), kind)
        if found:
            return _display(found[0])
    acte = re.search(r"\b(\d{3})-(\d{9})-\d{8}-", record.get("transmission_id") or "")
    if acte and kind == "departement":
        place = gaz.department(acte.group(1)[1:] if acte.group(1).startswith("0") else acte.group(1))
        if place:
            return _display(place)
    host = _HOST.search(head)  # the page furniture of the first page
    if host:
        for label in host.group(1).split("."):
            prefix = re.match(r"^(ville|mairie|cc|ca|agglo|departement|region)-", label)
            place = gaz.find(
                label[prefix.end() if prefix else 0 :].replace("-", " "),
                kind if kind in ("commune", "departement", "region") else None,
            )
            if place:  # « ville-cachan.fr »: the Ville de Cachan
                return _display(place, "Ville" if prefix and prefix.group(1) in ("ville", "mairie") else None)
    return None


def _display(place, type_word: str | None = None) -> dict:
    name = place.display()
    if type_word and place.kind == "commune":
        name = re.sub(r"^\w+", type_word, name)
    return {"name": name, "kind": place.party_kind, "represented_by": None, "signatory": None}
