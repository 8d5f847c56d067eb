"""Parties, their representatives and signatories, from the cover page or the signature block."""
from __future__ import annotations

import re
from functools import lru_cache

from .headings import heading_of, is_non_axis_title
from .numbers import fold
from .reference import canonical_names, known_organisations
from .text import Line, lines_containing

ORG = re.compile(
    r"(?:(?:La|Le|L['’])\s*)?(?P<name>(?:Ville|Commune|D[ée]partement|R[ée]gion|M[ée]tropole|[ÉE]tablissement public territorial|"
    r"Communaut[ée] d['’]agglom[ée]ration|Communaut[ée] de communes)\s+(?:de la |de l['’]|du |des |de |d['’])\s*[A-ZÉÈ][\w’'\-]+(?:[ -][A-Za-zÉÈé][\w’'\-]+){0,4})"
)
REPRESENTED = re.compile(r"^Repr[ée]sent[ée]e?\s+par\s+(?P<who>.+?)[,.]?$", re.I)
ROLE = re.compile(r"^(?:Pr[ée]sident|Maire|Vice|Directeur|Directrice|Adjoint|Conseill|Premi)", re.I)
SIGNING_ROLE = re.compile(r"^(?:Le|La|Son|Sa)\s+(?:Vice-)?(?:Pr[ée]sident|Pr[ée]sidente|Maire|Directeur|Directrice|Adjoint|Adjointe)\b[^.]{0,60},?$", re.I)
CIVILITY = re.compile(r"^(?:Monsieur|Madame|M\.|Mme|Mr)\s+", re.I)


def kind_of(name: str) -> str:
    t = fold(name)
    if t in ("ville de paris", "paris"):
        return "ville"
    if t.startswith(("ville", "commune")):
        return "commune"
    if t.startswith("departement"):
        return "departement"
    if t.startswith("region"):
        return "region"
    if t.startswith("etablissement public territorial") or known_organisations().get(t) == "ept":
        return "ept"
    return known_organisations().get(t, "other")


def clean_name(name: str) -> str:
    name = re.sub(r"^(?:La|Le|L['’])\s*", "", name.strip(" ,.:"))
    return re.sub(r"\s+", " ", name)


_TWO_COLUMNS = re.compile(r"\s+(?=(?:La|Le|L['’])\s*(?:Ville|Commune|D[ée]partement|R[ée]gion|M[ée]tropole)\b)")


def _types_an_org(text: str) -> bool:
    """The words ORG starts with, tested written out: most lines hold none, and ORG, whose
    first character may be one of several, costs a regex attempt at every position."""
    return ("Ville" in text or "Commun" in text or "partement" in text or "gion" in text or "tropole" in text
            or "tablissement" in text)


def _org_in(text: str) -> list[str]:
    """Organisation names on a line: typed names ('Ville de Paris') or known ones ('Grand Paris Sud Est Avenir')."""
    names = []
    if _types_an_org(text):
        # two columns on one line: 'La Ville d’Ivry-sur-Seine La Ville de Paris'
        for part in _TWO_COLUMNS.split(text):
            names.extend(clean_name(m["name"]) for m in ORG.finditer(part))
    if not names and len(text) < 80:
        t = re.sub(r"^(?:la |le |l')", "", fold(text.strip(" ,.:")))
        if t in known_organisations():
            names.append(clean_name(text))
    return names


def _people(text: str, count: int) -> list[str]:
    """Split 'PHILIPPE BOUYSSOU ANNE HIDALGO' into count names of equal word counts."""
    words = text.split()
    if count <= 1 or len(words) % count:
        return [text.strip()]
    n = len(words) // count
    return [" ".join(words[i * n : (i + 1) * n]) for i in range(count)]


def from_signature_block(lines: list[Line]) -> tuple[list[dict], list[str]]:
    """The closing block: party names, 'Représenté(e) par …' and names, in columns."""
    warnings: list[str] = []
    start = None
    for i in lines_containing(lines, ("exemplaire", "\nfait ")):
        if re.search(r"exemplaires? originaux|^fait [àa]\b", lines[i].low):
            start = i
    if start is None:
        start = max(0, len(lines) - 12)
    block = lines[start + 1 : start + 14]
    orgs: list[str] = []
    reps: list[str] = []
    names: list[str] = []
    for line in block:
        text = line.text.strip()
        if re.match(r"^annexe", text, re.I):
            break
        found = _org_in(text)
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
        if orgs and re.fullmatch(r"[A-ZÉÈa-zéèëï’'\- ]{3,80}", text) and sum(w[:1].isupper() for w in text.split()) >= 2 and not re.search(r",\s*le\b", text):
            people = _people(text, len(orgs)) if len(text.split()) > 3 else [text]
            if len(people) > 1:
                warnings.append("Signataires lus sur une même ligne et séparés par hypothèse")
            names.extend(people)
    parties = []
    for k, org in enumerate(orgs):
        parties.append({
            "name": org,
            "kind": kind_of(org),
            "represented_by": reps[k] if k < len(reps) else None,
            "signatory": CIVILITY.sub("", names[k]) if k < len(names) else None,
        })
    return parties, warnings


_BETWEEN = re.compile(r"entre|et|d['’]une part|d['’]autre part|ci-apr[eè]s", re.I)


def from_cover(lines: list[Line]) -> list[dict]:
    """'entre / Le Département … / Représenté par … / Et / La Ville de Paris / Représentée par …'."""
    parties: list[dict] = []
    head = lines[:40]
    for i, line in enumerate(head):
        if i and not _BETWEEN.fullmatch(line.text.strip(" ,:")):
            continue
        for j in range(i + 1, min(i + 3, len(head))):
            paragraph = _party_paragraph(head[j].text)
            if paragraph:  # 'La Commune de X, représentée par son Maire, …, ci-après dénommée …'
                if not any(fold(p["name"]) == fold(paragraph["name"]) for p in parties):
                    parties.append(paragraph)
                break
            found = _org_in(head[j].text)
            if found and len(head[j].text) < 90:
                rep = []
                for k in range(j + 1, min(j + 4, len(head))):
                    t = head[k].text.strip()
                    if re.fullmatch(r"et|d['’]autre part|d['’]une part", t.strip(" ,"), re.I) or _org_in(t):
                        break
                    if rep and not (ROLE.match(t) or (head[k - 1].text.rstrip().endswith(",") and len(t) < 60
                                                       and not is_non_axis_title(t) and not heading_of(t))):
                        break
                    rep.append(t.strip(" ,"))
                who = None
                if rep and REPRESENTED.match(rep[0]):
                    who = ", ".join([REPRESENTED.match(rep[0])["who"]] + rep[1:]).strip(" ,")
                    who = re.sub(r"\s*,\s*,", ",", who)
                if not any(fold(p["name"]) == fold(found[0]) for p in parties):
                    parties.append({"name": found[0], "kind": kind_of(found[0]), "represented_by": who, "signatory": None})
                break
    return parties


_IN_PARAGRAPH = re.compile(r"repr[ée]sent[ée]e?\s+par\s+(?P<who>.+?)(?:,\s*(?:d[ûu]ment|ci-apr[èe]s|agissant|en\s+vertu|habilit|d['’]une\s+part|d['’]autre\s+part)|[.;]|$)", re.I)


def _party_paragraph(text: str) -> dict | None:
    """A party introduced in one paragraph: its name first, then who represents it."""
    if len(text) < 60:
        return None
    found = _org_in(text[:120])
    if not found or fold(text).find(fold(found[0])) > 12:
        return None
    m = _IN_PARAGRAPH.search(text)
    return {"name": found[0], "kind": kind_of(found[0]), "represented_by": m["who"].strip(" ,") if m else None, "signatory": None}


def merge(primary: list[dict], other: list[dict]) -> list[dict]:
    out = [dict(p) for p in primary]
    for p in other:
        same = next((q for q in out if fold(q["name"]) == fold(p["name"])), None)
        if same is None:
            out.append(dict(p))
            continue
        for key in ("represented_by", "signatory"):
            if not same.get(key) and p.get(key):
                same[key] = p[key]
    return out


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    """Folded name -> the lower-case spellings to count (accented, and without accents)."""
    return {key: tuple({name.lower(), key}) for key, name in canonical_names().items()}


def mentioned(text: str, limit: int = 3) -> list[dict]:
    """Known organisations the text names most often (for documents without a signature block)."""
    low = text.lower()  # lower() is cheap; the names are looked for written with and without accents
    spellings = _spellings()
    counts = sorted(((sum(low.count(s) for s in spellings[name]), name, kind) for name, kind in known_organisations().items()),
                    reverse=True)
    names = canonical_names()
    return [{"name": names[name], "kind": kind, "represented_by": None, "signatory": None}
            for n, name, kind in counts[:limit] if n]
