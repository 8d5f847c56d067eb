"""Governing bodies: comité de pilotage, comité technique, groupes de travail."""

from __future__ import annotations

import re

from concorde.lib.text import fold, fold_keep

from . import headings as H
from .document import Document
from .numbers import meetings_per_year
from .text import sentences
from .vocabulary import BODY_WORDS, MISSION_VERBS

# A governing body, under any of the names conventions give one: « comité de pilotage », « comité
# de suivi et d'évaluation », « comité technique », « comité partenarial », « instance de
# coordination », « conférence des maires », « commission de suivi », « cellule de coordination »,
# « groupe de travail », « COPIL ». Searched in lower-case text.
_QUALIFIER = (
    r"(?:de\s+pilotage|technique|de\s+suivi|d['’]orientation|strat[ée]gique|de\s+coordination|directeur|partenarial|"
    r"d['’][ée]valuation|de\s+gouvernance|de\s+projet|des\s+financeurs|op[ée]rationnel|de\s+direction|restreint|"
    r"plénier|pl[ée]nier|mixte|paritaire|conjoint|territorial|politique|de\s+programmation|scientifique)"
)
BODY = re.compile(
    rf"\b(?:comit[ée]s?\s+{_QUALIFIER}(?:\s+(?:et\s+)?{_QUALIFIER})?(?:\s+et\s+d['’][ée]valuation)?"
    rf"|instances?\s+(?:de\s+pilotage|de\s+coordination|de\s+suivi|de\s+gouvernance|technique|partenariale)"
    rf"|commissions?\s+(?:de\s+suivi|mixte|paritaire|technique|de\s+pilotage)|cellules?\s+(?:de\s+coordination|technique|de\s+suivi)"
    r"|groupes?\s+(?:de\s+travail|de\s+pilotage|projet|technique)(?:\s+th[ée]matiques?)?|copil|cotech|comop"
    r"|conf[ée]rences?\s+(?:des\s+ex[ée]cutifs|des\s+maires|des\s+pr[ée]sidents|territoriale|de\s+suivi|annuelle))",
)
DEFINES = re.compile(  # searched in lower-case text
    r"se\s+r[ée]uni(?:ra|ront|t|ssent)|sera\s+institu[ée]|seront\s+institu[ée]s|est\s+institu[ée]|il\s+est\s+institu[ée]|sera\s+mis\s+en\s+place|seront\s+mis\s+en\s+place|"
    r"est\s+mis\s+en\s+place|compos[ée]\s+d|constitu[ée]\s+d|form[ée]\s+de|rassemblant|r[ée]unit\s|se\s+concr[ée]tisera|est\s+cr[ée][ée]",
)
MEMBERS = re.compile(
    r"(?:compos[ée]e?s?|constitu[ée]e?s?|form[ée]e?s?|rassemblant)\s+(?:de\s+|du\s+|des\s+|d['’])?(.+?)(?:,\s*(?:sera|et\s+se|se\s+r[ée]unira|charg[ée])|\.\s|;|$)"
)  # lower-case text
# What a body is charged with: « est chargé de », « a pour mission(s) », « veille à », a verb of
# mission in the present (vocabulary.MISSION_VERBS), or any verb in the future of the third person
# (« examinera », « arbitreront ») — the tense of a convention's undertakings. Searched in folded text.
DUTY = re.compile(
    r"\b(?:est|sont|sera|seront)\s+charg[ée]e?s?\s+d|\b(?:a|ont|aura|auront)\s+(?:notamment\s+)?pour\s+(?:mission|missions|role|objet|vocation|fonction)"
    r"|\bveill(?:e|ent|era|eront)\s+[àa]|\bmissions?\s*:|\bil\s+lui\s+revient|\bpour\s+(?:v[ée]rifier|assurer|valider|suivre|pr[ée]parer|examiner)"
    rf"|\b(?:{'|'.join(MISSION_VERBS)})(?:nt)?\b"
    r"|\b(?<!\bse\s)(?<!\bs['’])(?!(?:sera|seront|aura|auront|fera|feront|pourra|pourront|devra|devront|ira|iront)\b)"
    r"[a-zàâçéèêëîïôûùü]{3,}(?:era|eront|ira|iront|dra|dront)\b"
)


def kind_of(label: str) -> str:
    """The contract's kind of a body: the strategic level (pilotage, orientation, direction, the
    executives' conference), the technical level, a working group, or another body."""
    t = fold(label)
    if (
        "pilotage" in t
        or "copil" in t
        or "strategique" in t
        or "directeur" in t
        or "executifs" in t
        or "orientation" in t
    ):
        return "comite_pilotage"
    if "technique" in t or "cotech" in t or "operationnel" in t or "comop" in t:
        return "comite_technique"
    if "groupe" in t:
        return "groupe_travail"
    return "other"


def bodies(lines: Document, warnings: list) -> list[dict]:
    """Each paragraph run that institutes a body, with its frequency, members, secretariat."""
    segments: list[dict] = []
    current = None
    wanted = set()
    mentioned = set(lines.containing(BODY_WORDS))
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
        members = text[members.start(1) : members.end(1)] if members else None
        secretariat = SECRETARIAT.search(low) if "secr" in low and same_places else None
        secretariat = text[secretariat.start(1) : secretariat.end(1)] if secretariat else None
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
            warnings.append(
                {
                    "message": f"{body['label']} : fréquence minimale des réunions non trouvée",
                    "line": seg["line"],
                    "where": "Gouvernance",
                }
            )
        out.append(body)
    return out


SECRETARIAT = re.compile(r"secr[ée]tariat\s+(?:sera\s+|est\s+)?assur[ée]\s+(.+?)(?:\.\s|$)")  # lower-case text


def is_duty(sentence: str) -> bool:
    """The sentence says what the body is charged with (its secretariat is read apart)."""
    return "secretariat" not in fold_keep(sentence) and bool(DUTY.search(sentence.lower()))


def _duties(text: str, low: str) -> list[str]:
    """The sentences of the body's text saying what it is charged with."""
    return [s.rstrip(" .;") for s in sentences(text) if is_duty(s)]


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
