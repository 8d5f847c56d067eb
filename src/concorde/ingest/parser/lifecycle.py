"""Term, tacit renewal, notice, termination for breach, evaluation calendar and criteria."""
from __future__ import annotations

import re

from .numbers import NUMBER, fold, parse_number
from .text import Line, lines_containing, sentences

# The clause patterns are searched in the lower-case sentence: an IGNORECASE pattern cannot
# start its scan from a literal, and runs about four times slower.
DURATION = re.compile(r"(?:conclue?|[ée]tablie?|sign[ée]e?)\s+pour\s+une\s+dur[ée]e|d['’]une\s+dur[ée]e\s+de|pour\s+une\s+p[ée]riode\s+de|dur[ée]e\s+de\s+la\s+(?:pr[ée]sente\s+)?convention\s+est")
TWICE = r"(?:\s*\(\s*\d+\s*\))?"  # « trois (3) ans »: the number written in words, then in figures
YEARS = re.compile(r"(?:dur[ée]e|p[ée]riode)\s+(?:de\s+|courant\s+sur\s+)?(" + NUMBER + r")" + TWICE + r"\s+(?:ans|ann[ée]es)")
YEARS_ELSEWHERE = re.compile(r"pour\s+(" + NUMBER + r")\s+(?:ann[ée]es|ans)\b")
RENEWAL = re.compile(r"reconduction\s+tacite|tacite\s+reconduction|tacitement\s+(?:reconduite|renouvel[ée]e)")
# a notice is « préavis de N mois » or « N mois avant le terme »: two patterns, the second,
# which starts with a number tried at every position, only where « avant » is written
NOTICE = re.compile(r"pr[ée]avis\s+(?:minimum\s+)?(?:d['’]au\s+moins\s+|d['’]un\s+d[ée]lai\s+de\s+|de\s+)?(" + NUMBER + r")" + TWICE + r"\s+mois")
NOTICE_BEFORE = re.compile(r"(" + NUMBER + r")" + TWICE + r"\s+mois\s+(?:au\s+moins\s+)?avant\s+(?:le\s+terme|l['’][ée]ch[ée]ance|la\s+date)")
ENDING = re.compile(r"pr[ée]avis|mettre fin|r[ée]silier|d[ée]noncer")
BREACH = re.compile(r"mise\s+en\s+demeure|de\s+plein\s+droit")
BREACH_DAYS = re.compile(r"(?:d[ée]lai\s+de\s+|d[ée]lai\s+d['’])(" + NUMBER + r")" + TWICE + r"\s+jours|(" + NUMBER + r")" + TWICE + r"\s+jours\s+(?:apr[èe]s|suivant)")
PERIOD = re.compile(r"(20\d\d)(?<!\d20\d\d)\s*[-–/]\s*(20\d\d)(?!\d)")  # literal first: fast scan


_TERMS = ("durée", "duree", "période", "periode", "tacite", "préavis", "preavis", "demeure", "plein droit",
          "mois avant", "mois au moins avant")  # a notice may be given without the word « préavis »
_YEARS_WORDS = ("année", "annee", " ans")


def _sentences(lines: list[Line], words: tuple[str, ...] = _TERMS):
    """Sentences of the lines that speak of time at all (a cheap filter first)."""
    for i in lines_containing(lines, words):
        line = lines[i]
        for s in sentences(line.text):
            yield line, s


def duration(lines: list[Line], period: dict, warnings: list) -> dict:
    out = {"text": None, "years": None, "until": None, "starts_on": None, "tacit_renewal": None,
           "notice_months": None, "termination_for_breach_days": None}
    timed = [(line, s, s.lower()) for line, s in _sentences(lines)]
    found = [(line, s, low) for line, s, low in timed if ("durée" in s or "période" in s) and DURATION.search(low)]
    if found:
        # the dedicated clause ('conclue pour une durée') wins over a mention in the object
        line, chosen, low = next(((l, s, low) for l, s, low in reversed(found) if "conclu" in low), found[-1])
        out["text"] = chosen
        out["source_line"] = line.lineno
        m = YEARS.search(low)
        out["years"] = parse_number(m.group(1)) if m else None
        m = re.search(r"jusqu['’](?:à|au)\s+(?:la\s+|l['’])?(.+?)(?:\s+à\s+renouveler|\s+à\s+compter|[,.;]|$)", chosen)
        if m:
            out["until"] = m.group(1).strip()
        out["starts_on"] = _start_event(chosen)
        starts = {_start_event(s) for _, s, _ in found if _start_event(s)}
        if len(starts) > 1:
            warnings.append({"message": "La durée est énoncée plusieurs fois avec des points de départ différents ("
                             + ", ".join(sorted(starts)) + ") : la clause de durée a été retenue", "line": line.lineno, "where": "Durée"})
        years = {parse_number(m.group(1)) for _, _, low in found if (m := YEARS.search(low))} - {None}
        if len(years) > 1:
            warnings.append({"message": f"Durées différentes dans le texte : {sorted(years)} ans", "line": line.lineno, "where": "Durée"})
    if out["years"] is None:
        for line, s in _sentences(lines, _YEARS_WORDS):
            if "pour" not in s:
                continue
            low = s.lower()
            m = YEARS_ELSEWHERE.search(low)
            if m and re.search(r"convention|cadre|coop[ée]ration", low):
                out["years"] = parse_number(m.group(1))
                warnings.append({"message": f"Durée de {out['years']} ans lue hors de la clause de durée : « {s[:120]} »", "line": line.lineno, "where": "Durée"})
                break
    if out["years"] is None and period.get("start_year") and period.get("end_year") and out["text"]:
        out["years"] = period["end_year"] - period["start_year"] + 1
        warnings.append({"message": f"Durée déduite de la période {period['start_year']}-{period['end_year']} : à vérifier", "line": None, "where": "Durée"})
    for line, s, low in timed:
        if out["tacit_renewal"] is None and "tacite" in low and RENEWAL.search(low):
            out["tacit_renewal"] = renewal(s)
            if out["tacit_renewal"]["years"] == "same":
                out["tacit_renewal"]["years"] = out["years"]
        if out["notice_months"] is None and "mois" in low and ("préavis" in low or "preavis" in low or "avant" in low):
            m = _notice(low)
            if m and ENDING.search(low):
                out["notice_months"] = parse_number(m.group(1))
        if out["termination_for_breach_days"] is None and ("demeure" in low or "plein droit" in low) and BREACH.search(low):
            m = BREACH_DAYS.search(low)
            if m:
                out["termination_for_breach_days"] = parse_number(m.group(1) or m.group(2))
    return out


def _notice(low: str) -> re.Match | None:
    """The first notice clause of a lower-case sentence (the leftmost of the two forms)."""
    found = [m for m in (NOTICE.search(low), NOTICE_BEFORE.search(low) if "avant" in low else None) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _start_event(sentence: str) -> str | None:
    t = fold(sentence)
    m = re.search(r"a compter (?:de |du |de la )?(?:sa |son |leur |la |l')?(signature|adoption|notification|entree en vigueur|transmission|date)", t)
    return m.group(1).replace("entree en vigueur", "entrée en vigueur") if m else None


_RENEWED_FOR = re.compile(r"(?:pour|par\s+p[ée]riodes?\s+(?:successives?\s+)?de|d['’]une\s+dur[ée]e\s+de)\s+(" + NUMBER + r")\s+(?:ans?|ann[ée]es?)\b")
_RENEWED_ONE_YEAR = re.compile(r"pour\s+une\s+(?:m[eê]me\s+)?dur[ée]e\s+(?:d['’]un\s+an|annuelle)|pour\s+un\s+an\b")
_RENEWED_SAME = re.compile(r"(?:pour\s+une|pour\s+la)\s+(?:dur[ée]e|p[ée]riode)\s+(?:identique|[ée]quivalente|m[eê]me)|pour\s+la\s+m[eê]me\s+dur[ée]e")
_RENEWED_TIMES = re.compile(r"(" + NUMBER + r")\s+fois|dans\s+la\s+limite\s+de\s+(" + NUMBER + r")")
_RENEWED_AGAIN = re.compile(r"successive|chaque|renouvelable|[ée]ch[ée]ance")


def renewal(sentence: str) -> dict:
    low = sentence.lower()  # every pattern here is searched in lower case
    years = None
    m = _RENEWED_FOR.search(low)
    if m:
        years = parse_number(m.group(1))
    elif _RENEWED_ONE_YEAR.search(low):
        years = 1
    elif _RENEWED_SAME.search(low):
        years = "same"  # filled with the convention's own duration by the caller
    times = None
    # the number pattern is tried at every position: only where its words can be
    m = _RENEWED_TIMES.search(low) if "fois" in low or "limite" in low else None
    if m:
        times = parse_number(m.group(1) or m.group(2))
    elif years and years != "same" and not _RENEWED_AGAIN.search(low):
        times = 1  # 'sera renouvelée pour deux ans': a single renewal
    return {"times": times, "years": years}


def period_of(title: str | None, lines: list[Line]) -> dict:
    for text in [title or ""] + [x.text for x in lines[:60]]:
        m = PERIOD.search(text) if "20" in text else None
        if m and int(m.group(1)) <= int(m.group(2)) <= int(m.group(1)) + 15:
            return {"start_year": int(m.group(1)), "end_year": int(m.group(2))}
    return {"start_year": None, "end_year": None}


_ANNUAL = re.compile(r"tous\s+les\s+ans|chaque\s+ann[ée]e|annuelle(?:ment)?|une\s+fois\s+par\s+an")
_FINAL = re.compile(r"[àa]\s+l['’]issue\s+de\s+la\s+convention|au\s+terme\s+de\s+la\s+convention|[ée]valuation\s+finale")
_EVAL_YEARS = re.compile(r"(?:en|au cours de l['’]ann[ée]e)\s+(20\d{2})(?:\s+et\s+(?:en\s+)?(20\d{2}))?")
_CRITERIA = re.compile(r"portant\s+sur|crit[èe]res|sur\s+les\s+points\s+suivants")
_DASHBOARD_DELAY = re.compile(r"d[ée]lai\s+(?:maximum\s+|maximal\s+)?(?:de\s+)?(" + NUMBER + r")\s+mois")


def evaluation(lines: list[Line]) -> dict:
    """Annual / final evaluation, its years and criteria, the dashboard deadline (all
    regexes here run on the lower-case line)."""
    out = {"annual": None, "final": None, "years": [], "dashboard_deadline_months": None, "criteria": []}
    for k in lines_containing(lines, ("valuation", "tableau de bord")):
        line = lines[k]
        low = line.low
        if "valuation" in low:
            if _ANNUAL.search(low):
                out["annual"] = True
            if _FINAL.search(low):
                out["final"] = True
            if "20" in low:
                for m in _EVAL_YEARS.finditer(low):
                    out["years"].extend(int(y) for y in m.groups() if y)
            if low.rstrip().endswith(":") and _CRITERIA.search(low):
                for nxt in lines[k + 1 : k + 12]:
                    if not nxt.is_bullet:
                        break
                    out["criteria"].append(nxt.bullet_text.rstrip(" ;.,"))
        if "tableau de bord" in low and out["dashboard_deadline_months"] is None:
            m = _DASHBOARD_DELAY.search(low)
            if m:
                out["dashboard_deadline_months"] = parse_number(m.group(1))
    out["years"] = sorted(set(out["years"]))
    return out
