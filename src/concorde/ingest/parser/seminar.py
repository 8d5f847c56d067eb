"""Slides of a seminar of mandate priorities: themes -> priorities, and the milestones."""

from __future__ import annotations

import re
from collections import Counter

from concorde.lib.text import fold

from .text import _BULLET, _BULLET_FIRST, clean_text

PRIORITY_MARK = re.compile(r"^Priorit[ée]s\b", re.I)
PERSON_ROLE = re.compile(
    r"\b(?:vice-pr[ée]sidente?|pr[ée]sidente?|conseill[eè]re?\s+d[ée]l[ée]gu[ée]e?|adjointe?\s+(?:au|à|a)\s+maire)\b",
    re.I,
)
MILESTONES_MARK = re.compile(r"^(?:prochains?\s+rendez-vous|calendrier|jalons|prochaines?\s+[ée]tapes)\b", re.I)
MONTHS = r"(?:janv?|f[ée]vr?|mars|avr|mai|juin|juil|ao[uû]t|sept?|oct|nov|d[ée]c)\.?"


def _has_role(line: str) -> bool:
    # cheap substring tests first ("présidente", "conseillère", "adjoint"), written out: a
    # generator over a tuple of hints cost more than the tests
    return (
        "sid" in line or "onseil" in line or "djoint" in line or "SID" in line or "ONSEIL" in line or "DJOINT" in line
    ) and bool(PERSON_ROLE.search(line))


def is_seminar(text: str) -> bool:
    """A slide deck that calls itself a séminaire on its title slide and sets out priorities."""
    title_slide = _SLIDE_BREAK.split(text, 1)[0]
    if "minaire" not in title_slide.lower():  # séminaire, seminaire
        return False
    low = "\n" + text.lower()
    return low.count("\npriorités") + low.count("\npriorites") >= 2


_SLIDE_BREAK = re.compile(r"\n[ \t]*\n[ \t]*\n\s*")
_SPACES = re.compile(r"\s{2,}|\t")


def slides(text: str) -> list[list[str]]:
    """Slides are separated by two or more blank lines; lines inside are cleaned and rejoined."""
    out = []
    for chunk in _SLIDE_BREAK.split(clean_text(text)):
        lines: list[str] = []
        last_caps = False  # the last line is in capitals
        for raw in chunk.split("\n"):
            t = raw.strip()
            if not t:
                continue
            bullet = t[0] in _BULLET_FIRST and bool(_BULLET.match(t))  # a bullet starts with its sign
            if lines and not bullet and (t[:1].islower() or t[:1] in ")…"):
                lines[-1] = (
                    lines[-1].rstrip() + ("" if lines[-1].endswith("-") and not lines[-1].endswith(" -") else " ") + t
                )
                last_caps = _caps(lines[-1])
            elif lines and last_caps and not bullet and _caps(t):
                lines[-1] = lines[-1] + " " + t
            else:
                lines.append(t)
                last_caps = _caps(t)
        if lines:
            out.append([_SPACES.sub(" ", x).strip() if "  " in x or "\t" in x else x for x in lines])
    return out


def _caps(t: str) -> bool:
    """A line in capitals: four letters at least, fewer than 15 % of them in lower case."""
    if t[:20].islower():
        return False
    letters = sum(map(str.isalpha, t))
    return letters >= 4 and sum(map(str.islower, t)) < 0.15 * letters


def _item(t: str) -> str:
    return _BULLET.sub("", t, count=1).strip()


def parse(text: str, warnings: list) -> dict:
    """Themes are the slides naming their elected leads; priorities are the all-caps slide
    titles whose slide carries a 'Priorités …' block (repeated titles merged)."""
    themes: list[dict] = []
    actions: dict[str, dict] = {}
    milestones: list[dict] = []
    theme = None
    span = None
    deck = slides(text)
    repeated = Counter(x for slide in deck for x in slide)
    capitals = {x for x in repeated if _caps(x)}  # each line's test once
    for slide in deck:
        role = [_has_role(x) for x in slide]
        marked = [x[:9].lower().startswith(("priorités", "priorites")) and bool(PRIORITY_MARK.match(x)) for x in slide]
        if sum(role) >= 2 and not any(marked):
            title = next(
                (
                    x
                    for x, r in zip(slide, role)
                    if not r and not _BULLET.match(x) and x not in capitals and repeated[x] < 2
                ),
                None,
            )
            if title:
                theme = {"theme": title, "items": [], "actions": []}
                themes.append(theme)
            continue
        if any(x[:1] in "PpCcJj" and MILESTONES_MARK.match(x) for x in slide):
            span = span or _span(slide)
            milestones.extend(_milestones(slide, span))
            continue
        if theme is None:
            continue
        caps = [k for k, x in enumerate(slide) if x in capitals and not _BULLET.match(x)]
        mark = next((k for k, m in enumerate(marked) if m), None)
        title_k = caps[0] if caps else None
        title = slide[title_k] if title_k is not None else None
        if mark is None and (title is None or fold(title) not in actions):
            continue
        first = (mark + 1) if mark is not None else (title_k + 1)
        body = [x for k, x in enumerate(slide[first:], start=first) if k not in caps]
        items = _items(body)
        if title is None:
            warnings.append(
                {
                    "message": "Diapositive de priorités sans titre : rattachée au thème en cours",
                    "line": None,
                    "where": theme["theme"],
                }
            )
            title = theme["theme"]
        key = fold(title)
        if key not in actions:
            actions[key] = {
                "number": None,
                "title": title,
                "fields": {"delai": None, "pilotes": {}, "budget": None, "partenaires": None, "indicateurs": None},
                "engagements": [],
                "children": [],
            }
            theme["actions"].append(actions[key])
        actions[key]["engagements"].extend(items)
        theme["items"].extend(items)
    axes = [{"number": str(n), "title": t["theme"], "actions": t["actions"]} for n, t in enumerate(themes, start=1)]
    title = deck[0][0] if deck and deck[0] else None
    return {
        "title": title,
        "axes": axes,
        "seminar": {
            "priorities": [{"theme": t["theme"], "items": t["items"]} for t in themes],
            "milestones": milestones,
        },
    }


def _items(body: list[str]) -> list[str]:
    """Bullets and lead-in lines; a quotation and its attribution line are not priorities."""
    out, in_quote, after_quote = [], False, False
    for x in body:
        if not in_quote and x.startswith("«"):
            in_quote = True
        if in_quote:
            if "»" in x:
                in_quote, after_quote = False, True
            continue
        if after_quote and not _BULLET.match(x):
            after_quote = False
            continue
        after_quote = False
        out.append(_item(x))
    return [x for x in out if x]


def _span(slide: list[str]) -> str | None:
    years = sorted(set(re.findall(r"\b(20\d{2})\b", " ".join(slide))))
    months = re.findall(MONTHS, " ".join(slide), re.I)
    if len(years) >= 2 and months:
        return f"{months[0].lower()} {years[0]} – {months[-1].lower()} {years[-1]}"
    return f"{years[0]}–{years[-1]}" if years else None


def _milestones(slide: list[str], span: str | None) -> list[dict]:
    out = []
    for x in slide:
        if (
            MILESTONES_MARK.match(x)
            or re.fullmatch(r"[\s\d]+", x)
            or re.fullmatch(r"(?:\s*" + MONTHS + r")+\s*", x, re.I)
        ):
            continue
        if len(x) < 4:
            continue
        year = re.search(r"\b(20\d{2})\b", x)
        out.append({"label": x, "when": year.group(1) if year else span})
    return out
