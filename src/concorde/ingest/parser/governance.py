"""Governing bodies: comité de pilotage, comité technique, groupes de travail."""
from __future__ import annotations

import bisect
import re

from . import headings as H
from .numbers import fold, meetings_per_year
from .text import Line, lines_containing, sentences

BODY = re.compile(
    r"\b(?:comit[ée]s?\s+(?:de\s+pilotage|technique|de\s+suivi|d['’]orientation|strat[ée]gique|de\s+coordination|directeur)"
    r"(?:\s+de\s+suivi)?(?:\s+et\s+d['’][ée]valuation)?|groupes?\s+de\s+travail(?:\s+th[ée]matiques?)?|copil|cotech|"
    r"conf[ée]rence\s+des\s+ex[ée]cutifs)",
)  # searched in lower-case text: faster than re.I
_MENTION = ("comit", "groupe de travail", "groupes de travail", "copil", "cotech", "conférence des")
DEFINES = re.compile(  # searched in lower-case text
    r"se\s+r[ée]unira|se\s+r[ée]uniront|sera\s+institu[ée]|seront\s+institu[ée]s|sera\s+mis\s+en\s+place|seront\s+mis\s+en\s+place|"
    r"compos[ée]\s+d|constitu[ée]\s+d|form[ée]\s+de|rassemblant|se\s+concr[ée]tisera|est\s+cr[ée][ée]",
)
MEMBERS = re.compile(r"(?:compos[ée]e?s?|constitu[ée]e?s?|form[ée]e?s?|rassemblant)\s+(?:de\s+|du\s+|des\s+|d['’])?(.+?)(?:,\s*(?:sera|et\s+se|se\s+r[ée]unira|charg[ée])|\.\s|;|$)")  # lower-case text
# What a body is charged with: « chargé de », « pour vérifier|assurer|valider », a verb in
# the future (« effectuera », « examinera »…). Searched in lower-case text, one pattern a
# literal: the engine scans for a literal fast, and tries an alternation at every letter.
DUTIES = tuple(re.compile(p) for p in (
    r"era(?:(?<=\beffectuera)|(?<=\bcoordonnera)|(?<=\bproposera)|(?<=\bv[ée]rifiera)|(?<=\bproc[ée]dera)"
    r"|(?<=\bexaminera)|(?<=\borientera)|(?<=\bvalidera)|(?<=\br[ée]orientera))",
    r"charg(?<!\wcharg)[ée]e?\s+de",
    r"pour(?<!\wpour)\s+(?:v[ée]rifier|assurer|valider)",
    r"tiendra(?<!\wtiendra)",
    r"parer(?:(?<=\bpréparer)|(?<=\bpreparer))",
))


def kind_of(label: str) -> str:
    t = fold(label)
    if "pilotage" in t or "copil" in t:
        return "comite_pilotage"
    if "technique" in t or "cotech" in t:
        return "comite_technique"
    if "groupe" in t:
        return "groupe_travail"
    return "other"


def bodies(lines: list[Line], warnings: list) -> list[dict]:
    """Each paragraph run that institutes a body, with its frequency, members, secretariat."""
    segments: list[dict] = []
    current = None
    wanted = set()
    mentioned = set(lines_containing(lines, _MENTION))
    for i in mentioned:
        wanted.update(range(i, i + 8))  # a body's paragraphs follow its first mention
    for i in sorted(wanted):
        if i >= len(lines):
            break
        if i - 1 not in wanted:
            current = None
        line = lines[i]
        text = line.text
        if H.heading_of(text) or H.is_closing_section(text):
            current = None
            continue
        mentions = i in mentioned
        if current is None and not mentions:
            continue
        bullet = line.bullet_text if line.is_bullet else text
        low = bullet.lower()
        m = BODY.search(low) if mentions else None
        first_kind = kind_of(m.group(0)) if m and _is_subject(bullet, m.start()) else None
        freq = meetings_per_year(bullet, low) if m or current else None
        if first_kind and (freq or DEFINES.search(low)):
            opens_new = (
                current is None
                or current["kind"] != first_kind
                or (freq and current["freq"] and re.match(r"^(?:un|une)\s", bullet, re.I))
            )
            if opens_new:
                current = {"kind": first_kind, "label": m.group(0), "lines": [], "freq": None, "line": line.lineno}
                segments.append(current)
        elif current is None or (first_kind and first_kind != current["kind"]):
            current = None
            continue
        current["lines"].append(bullet)
        if freq and not current["freq"]:
            current["freq"] = freq
    out = []
    for seg in segments:
        text = " ".join(seg["lines"])
        if not seg["freq"] and not DEFINES.search(text):
            continue
        low = text.lower()
        same_places = len(low) == len(text)  # then a match in low is found at the same place in text
        members = MEMBERS.search(low) if same_places else re.search(MEMBERS.pattern, text, re.I)
        members = text[members.start(1):members.end(1)] if members else None
        secretariat = SECRETARIAT.search(low) if "secr" in low and same_places else None
        secretariat = text[secretariat.start(1):secretariat.end(1)] if secretariat else None
        duties = _duties(text, low)
        body = {
            "body": seg["kind"],
            "label": _label(seg["label"]),
            "members": members.strip(" ,") if members else None,
            "min_meetings_per_year": seg["freq"],
            "secretariat": secretariat.strip(" ,") if secretariat else None,
            "duties": duties,
            "source_line": seg["line"],
        }
        if body["min_meetings_per_year"] is None:
            warnings.append({"message": f"{body['label']} : fréquence minimale des réunions non trouvée", "line": seg["line"], "where": "Gouvernance"})
        out.append(body)
    return out


SECRETARIAT = re.compile(r"secr[ée]tariat\s+(?:sera\s+|est\s+)?assur[ée]\s+(.+?)(?:\.\s|$)")  # lower-case text


def _duties(text: str, low: str) -> list[str]:
    """The sentences of text saying what the body is charged with. The duty patterns are
    searched once over the whole lower-case text (low), not once a sentence, unless lowering
    changed the text's length (then places in low are not places in text)."""
    if len(low) != len(text):
        return [s.rstrip(" .;") for s in sentences(text) if _is_duty(s.lower())]
    places = sorted(m.start() for duty in DUTIES for m in duty.finditer(low))
    if not places:
        return []
    out, cursor = [], 0
    for sentence in sentences(text):
        start = text.find(sentence, cursor)
        cursor = end = start + len(sentence)
        k = bisect.bisect_left(places, start)
        if k < len(places) and places[k] < end and low.find("secrétariat", start, end) == -1:
            out.append(sentence.rstrip(" .;"))
    return out


def _is_duty(low: str) -> bool:
    if "secrétariat" in low:
        return False
    for duty in DUTIES:
        if duty.search(low):
            return True
    return False


def _is_subject(text: str, start: int) -> bool:
    """The body is what the sentence is about ('Un comité … sera institué', 'sous la forme
    d'un comité …'), not a passing mention ('au sein d'un groupe de travail constitué …')."""
    before = _CLAUSE_END.split(text[:start])[-1]
    return len(before.split()) <= 9 and not _PASSING.search(before)


_CLAUSE_END = re.compile(r"[.;:]\s")
_PASSING = re.compile(r"au sein d|participation|membre d", re.I)


def _label(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    return text[0].lower() + text[1:] if text[:2] != text[:2].upper() else text
