"""The sitting: its assembly, date, act number, president, secretary, convocation, and what the
prefecture and the publication stamped on the act."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from .. import dates, names
from ..vocabulary import ASSEMBLIES, CONVOCATION, PUBLICATION, RECEIPT
from .record import Record

# the acte's own number may hold underscores, which a scan read by OCR gives as spaces
ACTES_ID = re.compile(
    r"\b(\d{3}-\d{9}-\d{8}-[A-Za-z0-9_.]+(?: [A-Za-z0-9_.]+){0,4}-(?:DE|AR|AI|CC|AU|BF|AD)(?:-\d+-\d+)?)\b"
)
_ASSEMBLY = "(?:" + "|".join(rx for rx, _ in ASSEMBLIES) + ")"
_ASSEMBLY_KIND = [(re.compile(rx), kind) for rx, kind in ASSEMBLIES]
_DATE = rf"(?:(?:{dates.WEEKDAY})?\d{{1,2}}\s*(?:er)?\s+{dates.MONTH}\s+\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
# A date that is not the sitting's: an earlier act cited (« Vu la délibération du »), minutes approved,
# the convocation, the next sitting.
_NOT_THIS_SITTING = re.compile(
    r"(?:\bvu\b|(?:approbation|adoption)\s+d[ue]s?\s+(?:proces|compte)|convocation|convoque|prochaine|precedente|derniere|anterieure|decision|suite a)[^.;]{0,60}$"
)
# Outside the record's own title (« Procès-verbal de la séance du … »), minutes named are another sitting's.
_MINUTES_CITED = re.compile(r"(?:proces-verbal|compte[- ]rendu)[^.;]{0,60}$")


_MET_ON = re.compile(r"(?:s'est|se\s+sont)\s+reuni(?:e|s|es)?\b[^.;]{0,80}?\ble\s+")


def assembly(record: Record) -> tuple[str | None, str | None]:
    """The deliberating assembly as the record names it (« le conseil de territoire de … »), and
    the kind of collectivité it belongs to."""
    head = record.opening().low  # where the record names who sits, before its business
    m = re.search(
        rf"(?:la|le|l')\s*({_ASSEMBLY})(?:\s+(?:de|du|des|d')\s*[^,.;]{{0,120}}?)?(?=\s*(?:,|dument|s'est|s'etant|se sont|reuni|\.|$))",
        head,
    )
    if not m:
        m = re.search(rf"({_ASSEMBLY})", head)
    if not m:
        return None, None
    label = record.span(m.start(1), m.end()).strip(" ,")
    kind = next((k for rx, k in _ASSEMBLY_KIND if rx.match(m.group(1))), None)
    if kind is None:  # a commission permanente: of the département or of the région
        kind = "region" if "region" in head[m.start() : m.end() + 80] else "departement"
    return label, kind


def sitting_date(record: Record, warnings: list) -> dt.date | None:
    """The sitting's date, from every place a record states it (the opening formula « L'an …, le
    … », « séance du … », « Conseil municipal du … » in the title or the page furniture,
    « Délibération n° … du … »), each weighed; two strong places that disagree are a warning."""
    votes: dict[dt.date, float] = defaultdict(float)
    where: dict[dt.date, list[str]] = defaultdict(list)
    low = record.low

    title_end = low.find(" ", 200) if len(low) > 200 else len(low)

    def vote(found, weight: float, why: str):
        # the record's own title (« Procès-verbal de la séance du … ») is not a minutes approved
        before = low[max(0, found.start - 80) : found.start] if found else ""
        if (
            found
            and not _NOT_THIS_SITTING.search(before)
            and (found.start < title_end or not _MINUTES_CITED.search(before))
        ):
            votes[found.date] += weight
            where[found.date].append(why)

    formula = dates.formula(low)
    vote(formula, 2, "formule d'ouverture")
    opening = record.opening().low
    for m in re.finditer(rf"^\s*le\s+(?:{dates.DAY_WORDS})\s+{dates.MONTH}\s+{dates.WORDS}", opening):
        vote(_first_date(low, m.start(), m.end() + 5), 2, "formule d'ouverture")  # « Le premier décembre deux mille … »
    for m in _MET_ON.finditer(opening):
        vote(_first_date(low, m.end(), m.end() + 70), 2, "formule d'ouverture")  # « … s'est réuni le douze mars … »
    for m in re.finditer(
        rf"seance\s+(?:publique\s+|ordinaire\s+|extraordinaire\s+)?du\s+(?:{_ASSEMBLY}[^.]{{0,60}}?\s+du\s+)?(?={_DATE}|le\s)",
        low,
    ):
        vote(_first_date(low, m.end(), m.end() + 40), 2, "« séance du »")
    for m in re.finditer(r"s(?:eance|ession)\s+qui\s+s'ouvrira\s+le\s*:?\s*", low):
        vote(_first_date(low, m.end(), m.end() + 40), 2, "convocation de la séance")
    for m in re.finditer(rf"{_ASSEMBLY}(?:\s+de\s+[a-z' -]{{2,40}}?)?\s+du\s+(?={_DATE})", low):
        vote(
            _first_date(low, m.end(), m.end() + 40),
            3 if m.start() < title_end else 1,
            "titre" if m.start() < title_end else "en-tête",
        )
    for m in re.finditer(r"deliberation\s+n\s*[°o]\s*\S+\s+du\s+", low):
        vote(_first_date(low, m.end(), m.end() + 40), 2, "numéro de l'acte")
    if not votes:
        return None
    first_seen = _positions(low)
    ranked = sorted(votes, key=lambda d: (-votes[d], first_seen.get(d, len(low))))
    chosen = ranked[0]
    strong = [d for d in ranked[1:] if votes[d] >= 2]
    if strong:
        warnings.append(
            f"Date de la séance : le {chosen:%d/%m/%Y} ({', '.join(sorted(set(where[chosen])))}) est retenu, "
            f"mais le texte donne aussi le {strong[0]:%d/%m/%Y} ({', '.join(sorted(set(where[strong[0]])))}) : à vérifier"
        )
    return chosen


def _first_date(low: str, start: int, end: int):
    found = sorted(dates.in_figures(low[start:end]) + dates.in_words(low[start:end]), key=lambda f: f.start)
    if not found:
        return None
    f = found[0]
    return dates.Found(f.date, start + f.start, start + f.end)


def _positions(low: str) -> dict[dt.date, int]:
    """Where each date is first written."""
    out: dict[dt.date, int] = {}
    for f in sorted(dates.in_figures(low) + dates.in_words(low), key=lambda f: f.start):
        out.setdefault(f.date, f.start)
    return out


# « N°36/2023 », « Délibération n° 01-02 », « N°CT2021.4/064 », « numéro de l'acte : … », « DCM 2023-12 »
_ACT_LABEL = re.compile(
    r"(?:deliberation|acte|dcm|decision)\s+n\s*[°o]\s*|(?:^|\s)n\s*[°o]\s*(?=[a-z]{0,6}\d)|numero\s+de\s+l'acte\s*:?\s*"
)
_ACT_VALUE = re.compile(r"[a-z]{0,6}\s?\d[\w./\-]*", re.I)
_NOT_AN_ACT = re.compile(
    r"(?:\bloi|\bdecret|\barticle|\bordonnance|\bcirculaire|\bsection|\bparcelle|\bvu\s+la\s+deliberation|\bphase\s+\w+|"
    r"\bavenant|\bpoint|\bquestion|\bcode|\barrete|\blot|\bfiche|\baction|\bpage|\bdu\s+conseil)\s*(?:n\s*[°o]?)?\s*$"
)


def act_number(record: Record) -> str | None:
    """The act's own number: a label (« Délibération n° », « N° », « numéro de l'acte ») followed
    by a value that holds a figure, not the number of a law, an article, a parcel or an act cited."""
    for m in _ACT_LABEL.finditer(record.low):
        before = record.low[max(0, m.start() - 40) : m.start() + (m.group(0).find("n") if "n" in m.group(0) else 0)]
        if _NOT_AN_ACT.search(before) or re.search(r"\bvu\b[^.;]{0,40}$", before):
            continue
        v = _ACT_VALUE.match(record.flat, m.end())
        if v:
            value = v.group(0).strip().rstrip(".,;:")
            if any(c.isdigit() for c in value) and not re.fullmatch(r"\d{1,2}", value):
                return value.replace(" ", "")
    return None


_PRESIDED = re.compile(r"sous\s+la\s+presidence\s+(?:de\s+|du\s+|d')")
_OPENS = re.compile(r"(?:declare|a\s+declare)\s+(?:la\s+seance\s+ouverte|ouverte\s+la\s+seance)|ouvre\s+la\s+seance")


def president(record: Record) -> str | None:
    """Who presided: « sous la présidence de M. X », « sous la présidence du Maire, X »; a title
    alone (« de Mme la Maire ») is resolved to the person the record gives that title to."""
    m = _PRESIDED.search(record.low)
    title = None
    if m:
        rest = record.flat[m.end() : m.end() + 160]
        person = names.first_person(
            re.sub(r"^(?:(?:le|la|l')\s*)?(?:maire|president(?:e)?|doyen(?:ne)?)\s*,?\s*", "", rest, flags=re.I)
        )
        if person:
            return person
        t = re.match(r"(?:(?:monsieur|madame|m\.|mme)\s+)?(?:le|la|l')\s*(maire|pr[ée]sidente?)", rest, re.I)
        title = t.group(1).lower() if t else None
    else:
        m = _OPENS.search(record.low)
        if m:
            t = re.search(r"(?:le|la)\s+(maire|pr[ée]sidente?)\s*$", record.low[max(0, m.start() - 30) : m.start()])
            title = t.group(1) if t else None
    return holder_of(record, title) if title else None


def holder_of(record: Record, title: str) -> str | None:
    """The person a record gives a title to: « X, Maire », « X a été proclamé Maire », a signature
    « Le Maire, X » — the person written nearest before (or after) the title."""
    word = title.replace("é", "e")
    for m in re.finditer(rf"\b{word}\b", record.low):
        before = record.flat[max(0, m.start() - 100) : m.start()]
        if re.search(r",\s*$|a\s+[ée]t[ée]\s+(?:proclam[ée]e?|[ée]lue?)\s+$", before) and not re.search(
            r"\b(?:le|la|l['’])\s*$", before, re.I
        ):
            found = names.people(
                re.split(r"[,;()\n]", before.rstrip(" ,"))[-1] if before.rstrip().endswith(",") else before, strict=True
            )
            if found:
                return found[-1]
        if re.search(r"\b(?:le|la)\s+$", record.low[max(0, m.start() - 4) : m.start()]):
            after = re.match(r"\s*,\s*", record.flat[m.end() : m.end() + 4])
            if after:
                person = names.first_person(record.flat[m.end() + after.end() : m.end() + after.end() + 80])
                if person:
                    return person
    return None


_SECRETARY = (
    re.compile(r"secretaire\s+de\s+(?:la\s+)?seance\s*:?\s*"),  # « Secrétaire de séance : X »
    re.compile(r"secretaire\s+de\s+seance\s*,\s*[^,.]{0,80}?,\s*a\s+savoir\s+"),  # « …, le plus jeune, à savoir X »
)
_DESIGNATED = re.compile(
    r"a\s+ete\s+(?:designee?|nommee?|elue?)\s+(?:pour\s+(?:assurer|remplir)\s+(?:les\s+)?fonctions\s+de\s+secretaire|secretaire|pour\s+remplir\s+ces\s+fonctions)"
)


def secretary(record: Record) -> str | None:
    """The secretary of the sitting, a name and nothing after it."""
    for rx in _SECRETARY:
        for m in rx.finditer(record.low):
            person = names.first_person(record.flat[m.end() : m.end() + 80])
            if person:
                return person
    for m in _DESIGNATED.finditer(record.low):
        if "secretaire" not in record.low[max(0, m.start() - 300) : m.end()]:
            continue
        sentence = re.split(r"[.;:]\s", record.flat[max(0, m.start() - 160) : m.start()])[-1]
        found = names.people(sentence)
        if found:
            return found[-1]
    return None


def _after_label(record: Record, labels: tuple[str, ...], window: int = 220) -> list[tuple[int, dt.date]]:
    """Dates written after one of the labels, within `window` characters (a label and its value
    may be separated by another column's text)."""
    out = []
    for rx in labels:
        for m in re.finditer(rx, record.low):
            found = _first_date(record.low, m.end(), m.end() + window)
            if found:
                out.append((m.start(), found.date))
    return sorted(out)


def convocation(record: Record, sitting: dt.date | None, warnings: list) -> dt.date | None:
    """The date the members were convened: before the sitting, and within the weeks the law allows
    (3 to 12 clear days, a month at most); otherwise it is not this sitting's and is left out."""
    found = _after_label(record, CONVOCATION)
    for _, date in found:
        if sitting is None or dt.timedelta(0) < sitting - date <= dt.timedelta(days=35):
            return date
    if found and sitting:
        warnings.append(
            f"Date de convocation lue ({found[0][1]:%d/%m/%Y}) incompatible avec la séance du "
            f"{sitting:%d/%m/%Y} : laissée vide, à vérifier"
        )
    return None


def transmission(record: Record, sitting: dt.date | None, warnings: list) -> dict:
    """The @ctes identifier, the prefecture's receipt and the publication, wherever they are stamped."""
    out = {"transmission_id": None, "prefecture_ack_date": None, "publication_date": None}
    m = ACTES_ID.search(record.flat) if re.search(r"-(?:de|ar|ai|cc|au|bf|ad)\b", record.low) else None
    if m:
        out["transmission_id"] = m.group(1).replace(" ", "_")
    receipts = _after_label(record, RECEIPT, window=40)
    if receipts:
        out["prefecture_ack_date"] = receipts[0][1]
    published = _after_label(record, PUBLICATION, window=40)
    if published:
        out["publication_date"] = published[0][1]
    if sitting and out["prefecture_ack_date"] and out["prefecture_ack_date"] < sitting:
        warnings.append("L'accusé de réception de la préfecture précède la date de la séance")
    return out
