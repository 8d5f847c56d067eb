"""The life of a convention as its clauses write it: its term (in years or months, from its
signature, its notification, its adoption or a date, or until a date), its tacit renewal (told apart
from an express renewal and from a clause that rules renewal out), the notice to end it (in months
or days), its termination for breach after a formal notice (in days or months), and the evaluation
calendar. A clause recognised but not read is a point to check, naming its sentence.

Every pattern here is searched in the sentence folded (lower case, no accents; numbers.fold_keep)."""

from __future__ import annotations

import re

from concorde.lib.text import fold_keep

from .document import Document
from .numbers import NUMBER, parse_number
from .text import sentences
from .vocabulary import BREACH_WORDS, NOTICE_WORDS, RENEWAL_WORDS, TERM_WORDS

TWICE = r"(?:\s*\(\s*\d+\s*\))?"  # « trois (3) ans »: the number in words, then in figures
_N = rf"({NUMBER}|un|une){TWICE}"

# --- Reading it -----------------------------------------------------------------------------
# The convention is the sentence's subject: its own term, not a phase's or a mandate's.
_ABOUT_IT = re.compile(
    r"\b(?:la\s+presente\s+convention|la\s+convention|cette\s+convention|le\s+present\s+(?:accord|contrat|protocole|avenant)"
    r"|la\s+presente|elle|le\s+present\s+protocole|ce\s+(?:protocole|contrat|partenariat))\b"
)
_TERM_VERB = re.compile(
    r"conclue?\s+pour|porte\s+sur\s+une\s+duree|(?:a|aura)\s+une\s+duree|prend\s+effet|entre(?:ra)?\s+en\s+vigueur|est\s+etablie?\s+pour"
    r"|court\s+(?:a\s+compter|jusqu)|est\s+valable|pour\s+une\s+(?:duree|periode)|d'une\s+duree|duree\s+de\s+la\s+(?:presente\s+)?convention"
)
_LENGTH = re.compile(rf"\b{_N}\s+(ans?|annees?|mois|jours?)(?:\s+et\s+{_N}\s+(mois|jours?))?\b")
_UNTIL = re.compile(
    r"(?:jusqu['’](?:a|au)\s+(?:la\s+|l['’])?|(?:prend(?:ra)?\s+fin|expire(?:ra)?|s'acheve(?:ra)?|se\s+termine(?:ra)?)\s+le\s+(?=\d|1er|premier))"
    r"(.+?)(?:\s+a\s+renouveler|\s+a\s+compter|[,.;]|$)"
)
_FROM = re.compile(
    r"a\s+compter\s+(?:de\s+|du\s+|de\s+la\s+)?(?:sa\s+|son\s+|leur\s+|la\s+|l['’]|sa\s+date\s+de\s+)?"
    r"(signature|adoption|notification|entree\s+en\s+vigueur|transmission|date|caractere\s+executoire|reception)"
)
_NOT_RENEWED = re.compile(
    r"(?:ne|n')\s*(?:peut|pourra|sera|fera|est)\s+(?:pas|en\s+aucun\s+cas|l'objet\s+d'aucune)?\s*(?:etre\s+)?(?:l'objet\s+d'(?:une|aucune)\s+)?"
    r"(?:tacitement\s+)?(?:reconduc|reconduit|renouvel)|(?:sans|aucune|exclut\s+toute|exclusion\s+de\s+(?:toute\s+)?)\s*(?:possibilite\s+de\s+)?(?:tacite\s+)?reconduction"
    r"|non\s+(?:reconductible|renouvelable)"
)
_TACIT = re.compile(
    r"tacite(?:ment)?\s+(?:reconduction|reconduite?|renouvel\w*)|(?:reconduction|reconduite?|reconductible|renouvel\w*)\s+(?:par\s+)?tacite(?:ment)?|tacite\s+reconduction"
)
_EXPRESS = re.compile(
    r"(?:renouvel\w*|reconduit\w*|reconduction|prorog\w*)\s+(?:[^.]{0,40}?)(?:par\s+(?:voie\s+d')?avenant|expresse(?:ment)?|par\s+(?:une\s+)?decision\s+expresse|par\s+deliberation)"
    r"|(?:par\s+(?:voie\s+d')?avenant|expressement)[^.]{0,40}?(?:renouvel|reconduit|prorog)"
)
_RENEWED_FOR = re.compile(
    rf"(?:(?:pour|par\s+periodes?\s+(?:successives?\s+)?de|d'une\s+duree\s+de|de)\s+|par\s+periodes?\s+(?:successives?\s+)?d'){_N}\s+(ans?|annees?|mois)\b"
)
_RENEWED_SAME = re.compile(
    r"(?:pour|par)\s+(?:une|la|des)\s+(?:duree|periodes?)\s+(?:identiques?|equivalentes?|egales?|de\s+meme\s+duree)|pour\s+la\s+meme\s+duree"
    r"|(?:pour|par)\s+(?:une|des)\s+periodes?\s+(?:successives?\s+)?(?:identiques?|de\s+meme\s+duree)"
)
_RENEWED_TIMES = re.compile(
    rf"\b{_N}\s+fois\b|dans\s+la\s+limite\s+d[e']\s*{_N}(?:\s+(?:reconductions?|renouvellements?|fois|periodes?))?"
    r"|(?:une\s+seule|qu'une)\s+fois|une\s+(?:seule\s+)?reconduction"
)
_AGAIN = re.compile(
    r"successives?|chaque\s+(?:annee|echeance|periode)|renouvelable|d'annee\s+en\s+annee|par\s+periodes?"
)
_NOTICE = (
    re.compile(
        rf"preavis\s+(?:minimum\s+|minimal\s+)?(?:d'au\s+moins\s+|d'un\s+delai\s+de\s+|de\s+|d')?{_N}\s+(mois|jours?|semaines?)"
    ),
    re.compile(
        rf"{_N}\s+(mois|jours?|semaines?)\s+(?:au\s+moins\s+|au\s+minimum\s+|minimum\s+)?(?:avant|precedant)\s+(?:le\s+terme|son\s+terme|l'echeance|son\s+echeance|la\s+date|l'expiration|la\s+fin)"
    ),
)
_ENDING = re.compile(
    r"preavis|mettre\s+fin|resili|denonc|fin\s+a\s+la\s+convention|ne\s+pas\s+(?:la\s+)?reconduire|s'opposer\s+a\s+(?:sa\s+)?reconduction"
)
_BREACH = re.compile(r"mise\s+en\s+demeure|de\s+plein\s+droit|manquement|inexecution")
_BREACH_DELAY = re.compile(
    rf"(?:delai\s+(?:de\s+|d')|dans\s+les\s+|a\s+l'expiration\s+d'un\s+delai\s+de\s+|passe\s+un\s+delai\s+de\s+)?{_N}\s+(jours?|mois|semaines?)"
    r"(?:\s+(?:francs|calendaires|ouvres))?\s*(?:a\s+compter|suivant|apres|apres\s+reception|de\s+la\s+(?:reception|notification)|restee?s?\s+sans|sans\s+effet|$|[,.;])"
)
PERIOD = re.compile(r"(20\d\d)(?<!\d20\d\d)\s*[-–/]\s*(20\d\d)(?!\d)")


_CLAUSE_END = re.compile(r"(?<=;)\s+|\s+(?=[-–•]\s+[A-ZÉÈÀ])|\s+(?=(?:Vu|Considérant|CONSIDERANT|VU)\s)")


def clauses(text: str) -> list[str]:
    """A text's sentences, and within them the items of a list (« ; », « - APPROUVE », « • … »,
    « Vu », « Considérant »): a flattened act is otherwise one sentence."""
    return [c.strip(" -–•") for s in sentences(text) for c in _CLAUSE_END.split(s) if c.strip(" -–•")]


def _clauses(lines: Document, words: tuple[str, ...]):
    """(line, clause, folded clause) of the clauses that contain one of the words."""
    for i in lines.containing(tuple(w.lower() for w in words)):
        line = lines[i]
        for s in clauses(line.text):
            low = fold_keep(s)
            if any(fold_keep(w) in low for w in words):
                yield line, s, low


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    return 1 if word in ("un", "une") else parse_number(word)


def _length(low: str) -> tuple[int | None, int | None, int | None]:
    """(years, months, days) of the first length of time a sentence gives: « 5 ans », « trois (3)
    ans », « 32 ans et 9 mois » (393 months, not a whole number of years), « 18 mois »."""
    m = _LENGTH.search(low)
    if not m:
        return None, None, None
    n, unit = _count(m.group(1)), m.group(2)
    extra, extra_unit = _count(m.group(3)), m.group(4)
    if n is None:
        return None, None, None
    if unit.startswith(("an", "annee")):
        if extra and extra_unit == "mois":
            return None, n * 12 + extra, None
        return n, None, None
    if unit == "mois":
        return (n // 12 if n % 12 == 0 else None), n, None
    return None, None, n


_ENDING_EARLY = re.compile(r"resili|mise\s+en\s+demeure|preavis|denonc")


def term(lines: Document) -> dict:
    """The convention's own term: the sentence whose subject is the convention wins over a phase's,
    a mandate's or a payment's length."""
    found = []
    for line, s, low in _clauses(lines, TERM_WORDS):
        if not _TERM_VERB.search(low) and not _UNTIL.search(low):
            continue
        if _ENDING_EARLY.search(low):  # « la résiliation prend effet un mois après … »: not the term
            continue
        score = (2 if _ABOUT_IT.search(low) else 0) + (1 if "conclu" in low else 0) + (1 if _LENGTH.search(low) else 0)
        score -= (
            2
            if re.search(r"\bphases?\b|\bmandat\b|\bloyer|\bredevance|\bsubvention\b|\bbail\b", low)
            and not _ABOUT_IT.search(low)
            else 0
        )
        found.append((score, line, s, low))
    if not found:
        return {}
    score, line, s, low = max(found, key=lambda f: f[0])  # the first of the best
    if score < 1:
        return {}
    years, months, days = _length(low)
    until = _UNTIL.search(low)
    start = _FROM.search(low)
    starts = {_FROM.search(x[3]).group(1) for x in found if _FROM.search(x[3]) and x[0] >= 2}
    return {
        "text": s,
        "source_line": line.lineno,
        "years": years,
        "months": months,
        "days": days,
        "until": s[until.start(1) : until.end(1)].strip() if until else None,
        "starts_on": start.group(1).replace("entree en vigueur", "entrée en vigueur") if start else None,
        "starts_differ": sorted(starts) if len(starts) > 1 else None,
    }


_YEAR_BY_YEAR = re.compile(r"d'annee\s+en\s+annee|chaque\s+annee|annuellement")


def renewal(low: str, term_years: int | None = None) -> dict:
    """A tacit renewal's length and number of times: « reconduite tacitement pour deux ans »,
    « par périodes successives d'un an dans la limite de trois reconductions », « pour une durée
    identique » (the convention's own), « une seule fois »."""
    low = fold_keep(low)
    years = months = None
    m = _RENEWED_FOR.search(low)
    if m:
        n, unit = _count(m.group(1)), m.group(2)
        if unit == "mois":
            months, years = n, (n // 12 if n and n % 12 == 0 else None)
        else:
            years = n
    elif _RENEWED_SAME.search(low):
        years = term_years
    elif _YEAR_BY_YEAR.search(low):
        years = 1
    times = None
    m = _RENEWED_TIMES.search(low)
    if m:
        times = (
            1
            if m.group(0).startswith(("une", "qu'une")) and not m.group(1) and not m.group(2)
            else _count(m.group(1) or m.group(2))
        )
    elif years and not _AGAIN.search(low):
        times = 1  # « sera renouvelée pour deux ans »: a single renewal
    return {"times": times, "years": years, **({"months": months} if months and not years else {})}


def _renewal_part(low: str) -> str:
    """The part of a sentence that speaks of the renewal (« …conclue pour 5 ans, et sera renouvelée
    pour deux ans par reconduction tacite »: not the term's 5 years)."""
    m = re.search(r"reconduc|reconduit|renouvel|prorog", low)
    if not m:
        return low
    cut = max(low.rfind(", ", 0, m.start()), low.rfind(" et ", 0, m.start()), low.rfind(";", 0, m.start()))
    return low[cut + 1 :] if cut != -1 else low


def duration(lines: Document, period: dict, warnings: list) -> dict:
    out = {
        "text": None,
        "years": None,
        "months": None,
        "until": None,
        "starts_on": None,
        "tacit_renewal": None,
        "renewal": None,
        "notice_months": None,
        "notice_days": None,
        "termination_for_breach_days": None,
        "termination_for_breach_months": None,
    }
    t = term(lines)
    if t:
        out.update({k: t[k] for k in ("text", "source_line", "years", "months", "until", "starts_on")})
        if t["days"] and not t["years"] and not t["months"]:
            out["days"] = t["days"]
        if t["starts_differ"]:
            warnings.append(
                {
                    "message": "La durée est énoncée avec des points de départ différents ("
                    + ", ".join(t["starts_differ"])
                    + ") : la clause de durée a été retenue",
                    "line": t["source_line"],
                    "where": "Durée",
                }
            )
        if t["years"] is None and t["months"] is None and not t["until"] and not t.get("days"):
            warnings.append(_unread("Durée", t["text"], t["source_line"], "sa longueur n'a pas été lue"))
    if (
        out["years"] is None
        and out["months"] is None
        and period.get("start_year")
        and period.get("end_year")
        and out["text"]
    ):
        out["years"] = period["end_year"] - period["start_year"] + 1
        warnings.append(
            {
                "message": f"Durée déduite de la période {period['start_year']}-{period['end_year']} : à vérifier",
                "line": None,
                "where": "Durée",
            }
        )
    _renewal_clause(lines, out, warnings)
    _notice_clause(lines, out, warnings)
    _breach_clause(lines, out, warnings)
    return out


def _renewal_clause(lines, out, warnings) -> None:
    for line, s, low in _clauses(lines, RENEWAL_WORDS):
        if _NOT_RENEWED.search(low):
            out["renewal"] = "excluded"
            return
        if _TACIT.search(low):
            r = renewal(_renewal_part(low), out["years"])
            out["tacit_renewal"], out["renewal"] = r, "tacit"
            if r["years"] is None and not r.get("months"):
                warnings.append(
                    _unread("Reconduction tacite", s, line.lineno, "la durée d'une reconduction n'a pas été lue")
                )
            return
        if _EXPRESS.search(low):
            out["renewal"] = "express"
            return
    for line, s, low in _clauses(lines, RENEWAL_WORDS):
        if re.search(r"reconduction|reconduit|renouvel", low) and _ABOUT_IT.search(low):
            warnings.append(_unread("Reconduction", s, line.lineno, "ni tacite ni expresse selon la lecture"))
            return


def _notice_clause(lines, out, warnings) -> None:
    unread = None  # a party's right to end the convention, whose notice was not read
    for line, s, low in _clauses(lines, NOTICE_WORDS):
        if not _ENDING.search(low) and "avant" not in low:
            continue
        found = [m for m in (rx.search(low) for rx in _NOTICE) if m]
        if not found:
            if unread is None and ("preavis" in low or (_EITHER_PARTY.search(low) and not _BREACH.search(low))):
                unread = (line, s)
            continue
        unread = None
        m = min(found, key=lambda x: x.start())
        n, unit = _count(m.group(1)), m.group(2)
        if unit == "mois":
            out["notice_months"] = n
        elif unit.startswith("semaine"):
            out["notice_days"] = n * 7 if n else None
        else:
            out["notice_days"] = n
        return
    if unread:
        warnings.append(_unread("Préavis", unread[1], unread[0].lineno, "son délai n'a pas été lu"))


# « chacune des parties peut résilier », « l'une ou l'autre des parties pourra y mettre fin »
_EITHER_PARTY = re.compile(
    r"(?:chacune|l'une|chaque\s+partie|les\s+parties|l'autre|a\s+tout\s+moment)[^.]{0,60}?"
    r"(?:peu(?:t|vent)|pourr(?:a|ont))\s+(?:la\s+|y\s+)?(?:resilier|denoncer|mettre\s+fin)"
    r"|(?:peu(?:t|vent)|pourr(?:a|ont))\s+etre\s+(?:resiliee|denoncee)\s+(?:a\s+tout\s+moment\s+)?par\s+(?:chacune|l'une|les\s+parties|chaque)"
)


def _breach_clause(lines, out, warnings) -> None:
    for line, s, low in _clauses(lines, BREACH_WORDS):
        if not _BREACH.search(low) or not re.search(r"resili|mettre\s+fin|fin\s+a|rompre|denonc", low):
            continue
        m = _BREACH_DELAY.search(low)
        if not m:
            warnings.append(
                _unread("Résiliation pour manquement", s, line.lineno, "le délai après mise en demeure n'a pas été lu")
            )
            return
        n, unit = _count(m.group(1)), m.group(2)
        if unit == "mois":
            out["termination_for_breach_months"] = n
        elif unit.startswith("semaine"):
            out["termination_for_breach_days"] = n * 7 if n else None
        else:
            out["termination_for_breach_days"] = n
        return


def _unread(where: str, sentence: str, line: int, what: str) -> dict:
    return {"message": f"Clause reconnue mais non lue ({what}) : « {sentence[:200]} »", "line": line, "where": where}


def period_of(title: str | None, lines: Document) -> dict:
    for text in [title or ""] + [x.text for x in lines.head]:
        m = PERIOD.search(text) if "20" in text else None
        if m and int(m.group(1)) <= int(m.group(2)) <= int(m.group(1)) + 15:
            return {"start_year": int(m.group(1)), "end_year": int(m.group(2))}
    return {"start_year": None, "end_year": None}


_ANNUAL = re.compile(
    r"tous\s+les\s+ans|chaque\s+annee|annuel(?:le)?(?:ment)?|une\s+fois\s+par\s+an|au\s+moins\s+une\s+fois\s+par\s+an"
)
_FINAL = re.compile(
    r"a\s+l'issue\s+de\s+la\s+convention|au\s+terme\s+de\s+la\s+convention|evaluation\s+finale|a\s+son\s+terme|a\s+l'echeance\s+de\s+la\s+convention"
)
_EVAL_YEARS = re.compile(r"(?:en|au\s+cours\s+de\s+l'annee|courant)\s+(20\d{2})(?:\s+et\s+(?:en\s+)?(20\d{2}))?")
_EVALUATES = re.compile(
    r"evaluation[^.]{0,80}?(?:sera|seront|aura\s+lieu|interviendra|est\s+prevue|sont\s+prevues|realisee|conduite|menee)"
    r"|(?:sera|seront|fera|feront)\s+l'objet\s+d'une\s+evaluation|(?:evaluer|evaluee?)\s"
)
_CRITERIA = re.compile(r"portant\s+sur|criteres|sur\s+les\s+points\s+suivants|au\s+regard\s+(?:de|des)")
_DASHBOARD_DELAY = re.compile(rf"(?:delai\s+(?:maximum\s+|maximal\s+)?(?:de\s+|d')|dans\s+les\s+|sous\s+){_N}\s+mois")


def evaluation(lines: Document) -> dict:
    """Annual / final evaluation, the years named for it, its criteria, and the deadline set for
    the tableau de bord — read sentence by sentence (a flattened document is one long line)."""
    out = {"annual": None, "final": None, "years": [], "dashboard_deadline_months": None, "criteria": []}
    for k in lines.containing(("valuation", "tableau de bord")):
        line = lines[k]
        for s in clauses(line.text):
            low = fold_keep(s)
            if "valuation" in low:
                if _ANNUAL.search(low):
                    out["annual"] = True
                if _FINAL.search(low):
                    out["final"] = True
                if "20" in low and _EVALUATES.search(low):
                    for m in _EVAL_YEARS.finditer(low):
                        out["years"].extend(int(y) for y in m.groups() if y)
            if "tableau de bord" in low and out["dashboard_deadline_months"] is None:
                m = _DASHBOARD_DELAY.search(low)
                if m:
                    out["dashboard_deadline_months"] = _count(m.group(1))
        low = line.low
        if "valuation" in low and low.rstrip().endswith(":") and _CRITERIA.search(fold_keep(low)):
            for nxt in lines[k + 1 : k + 12]:
                if not nxt.is_bullet:
                    break
                out["criteria"].append(nxt.bullet_text.rstrip(" ;.,"))
    out["years"] = sorted(set(out["years"]))
    return out
