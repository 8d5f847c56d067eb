"""Axes, actions and sub-actions, with their field tables and commitments."""

from __future__ import annotations

import re

from concorde.lib.text import fold

from . import headings as H
from .document import Document
from .fields import PartyNames, parse_table
from .text import Line, sentences

COMMITMENT_LABEL = re.compile(
    r"^(?:axes? de coop[ée]ration|engagements?(?: des parties| communs)?|nos engagements|objectifs? de coop[ée]ration|"
    r"actions? [àa] mener|pistes? d['’]actions?)\s*:?$",
    re.I,
)
COMMITMENT_INTRO = re.compile(
    r"s['’](?:engagent|engage|engageront|accordent|accorde)\s+(?:[àa]|dans|sur)|objectifs? de coop[ée]ration|conviennent\s+de|"
    r"s['’]engagent\s*:|s['’]engagent\s*$",
    re.I,
)
CROSS_REF = re.compile(
    r"(?:action commune avec|[ée]galement inscrite?s? dans|[ée]galement pr[ée]vue?s? dans|figurant [ée]galement dans|"
    r"en [ée]cho|dans la continuit[ée]|dans le cadre)[^.]{0,160}?\bconvention\b(?!\s*-?\s*cadre)",
    re.I,
)


_CROSS_WORDS = (
    "action commune",
    "également",
    "egalement",
    "en écho",
    "en echo",
    "continuité",
    "continuite",
    "dans le cadre",
    "figurant",
)


def new_node(heading: H.Heading, line: Line) -> dict:
    return {
        "number": heading.number,
        "title": heading.title,
        "fields": {"delai": None, "pilotes": {}, "budget": None, "partenaires": None, "indicateurs": None},
        "engagements": [],
        "children": [],
        "source_line": line.lineno,
        "_body": [],
        "_style": heading.style,
    }


def find_axes(lines: Document) -> tuple[list[tuple[dict, int, int]], str]:
    """Locate the axes: [(axis node, first body index, end index)], and how they were found."""
    heads = []
    prev_alpha = None
    for line in lines:
        h = H.heading_of(line.text, prev_alpha)
        if h and h.style == "alpha":
            prev_alpha = h.number[0]
        heads.append(h)
    end_of_zone = _zone_end(lines, heads)

    axe_idx = [i for i, h in enumerate(heads) if h and h.style == "axe" and i < end_of_zone]
    how = "axe"
    if not axe_idx:
        how = "letter"
        containers = [i for i, h in enumerate(heads) if h and h.style == "roman" and H.is_axis_container(h.title)]
        start = containers[0] if containers else 0
        axe_idx = _letter_run(heads, start, end_of_zone)
    if not axe_idx:
        how = "roman"
        axe_idx = [
            i
            for i, h in enumerate(heads)
            if h and h.style == "roman" and i < end_of_zone and not H.is_non_axis_title(h.title)
        ]
    axes = []
    for n, i in enumerate(axe_idx):
        stop = axe_idx[n + 1] if n + 1 < len(axe_idx) else end_of_zone
        # an axis also ends at the next top-level section that is not an axis
        for j in range(i + 1, stop):
            h = heads[j]
            if h and (h.style in ("roman", "article") or (how == "letter" and h.style == "axe")):
                stop = j
                break
            if not h and H.is_closing_section(lines[j].text) and lines[j].blank_before:
                stop = j
                break
        axes.append((new_node(heads[i], lines[i]), i + 1, stop, heads))
    return [(a, s, e) for a, s, e, _ in axes], how


def _zone_end(lines: Document, heads: list) -> int:
    for i in lines.containing(("exemplaire", "\nfait ", "\npour extrait", "\nannexe")):
        line = lines[i]
        if H.is_signature(line.text) or (line.low.startswith("annexe") and re.match(r"^annexe\b", line.low)):
            # an 'annexe' mention in the table of contents or a sentence is not the end
            if len(line.text) < 120 and i > len(lines) * 0.3:
                return i
    return len(lines)


def _letter_run(heads: list, start: int, end: int) -> list[int]:
    out, expected = [], "A"
    for i in range(start, end):
        h = heads[i]
        if h and h.style == "roman" and out:
            break
        if h and h.style == "letter" and h.number == expected:
            out.append(i)
            expected = chr(ord(expected) + 1)
    return out if len(out) >= 2 else []


def build_actions(axis: dict, lines: list[Line], start: int, end: int) -> None:
    """Fill axis['actions'] with the nested actions found between start and end."""
    axis["actions"] = []
    axis["_body"] = []
    stack: list[tuple[int, dict]] = []  # (level, node)
    style_levels: list[str] = []
    prev_alpha = None
    for i in range(start, end):
        line = lines[i]
        h = H.heading_of(line.text, prev_alpha)
        if h and h.style in ("roman", "letter", "axe", "article"):
            h = None  # deeper numbering only inside an axis
        if h is None and stack and _unnumbered_heading(lines, i, end):
            h = H.Heading("unnumbered", None, line.text.strip())
        if h is None:
            (stack[-1][1]["_body"] if stack else axis["_body"]).append(line)
            continue
        if h.style == "alpha":
            prev_alpha = h.number[0]
        node = new_node(h, line)
        if h.style == "action":
            level = h.number.count(".")
            parent_num = h.number.replace("n°", "").rsplit(".", 1)[0] if level else None
            while stack and stack[-1][0] >= level:
                stack.pop()
            if level and stack and stack[-1][1]["number"].replace("n°", "") != parent_num:
                node["_warn_parent"] = parent_num
        else:
            if h.style not in style_levels:
                style_levels.append(h.style)
            level = style_levels.index(h.style)
            while stack and stack[-1][0] >= level:
                stack.pop()
            # a style met again after deeper ones resets them
            del style_levels[level + 1 :]
        (stack[-1][1]["children"] if stack else axis["actions"]).append(node)
        stack.append((level, node))


def _unnumbered_heading(lines: list[Line], i: int, end: int) -> bool:
    """A short sentence-case line with no end punctuation, followed by prose and, before the
    next numbered heading, by its own list of commitments."""
    text = lines[i].text
    if lines[i].is_bullet or "\t" in text or not (15 <= len(text) <= 160) or text.endswith((".", ":", ";", ",", "…")):
        return False
    if not text[:1].isupper() or text.isupper() or COMMITMENT_LABEL.match(text) or len(text.split()) < 3:
        return False
    nxt = next((x for x in lines[i + 1 : end]), None)
    if nxt is None or len(nxt.text) < 120 or nxt.is_bullet:
        return False
    for j in range(i + 1, min(end, i + 40)):
        t = lines[j].text
        if H.heading_of(t):
            return False
        if COMMITMENT_LABEL.match(t):
            return True
    return False


def fill_bodies(node: dict, aliases: PartyNames, warnings: list, path: str) -> None:
    """Read each node's own lines: field table, commitments, cross-references."""
    body = node.pop("_body", [])
    node.pop("_style", None)
    label = f"{path} {node['number'] or ''} « {node['title'][:60]} »".strip()
    if node.pop("_warn_parent", None):
        warnings.append(
            {
                "message": f"Action {node['number']} : l'action mère attendue n'a pas été trouvée juste avant",
                "line": node["source_line"],
                "where": label,
            }
        )
    table = parse_table(body, aliases)
    if table.first_line:
        node["fields"] = table.fields
        for w in table.warnings:
            warnings.append({"message": f"{w}", "line": table.first_line, "where": label})
    rest = [x for k, x in enumerate(body) if k not in table.lines]
    node["engagements"] = commitments(rest)
    node["_cross"] = cross_references(rest, node)
    for child in node.get("children", []):
        fill_bodies(child, aliases, warnings, path)


def commitments(body: list[Line]) -> list[str]:
    """Bullets under 'Axes de coopération' or after an intro where the parties commit."""
    out = []
    intro = None
    commits = None  # whether intro introduces commitments, read at its first bullet only
    for line in body:
        if line.is_bullet:
            if intro is not None and commits is None:
                commits = _is_commitment_intro(intro)
            if commits:
                out.append(line.bullet_text)
        else:
            intro, commits = line.text, None
    return out


def _is_commitment_intro(text: str) -> bool:
    if COMMITMENT_LABEL.match(text):
        return True
    sents = sentences(text)
    tail = " ".join(sents[-2:]) if sents and len(sents[-1]) < 40 else (sents[-1] if sents else text)
    return bool(COMMITMENT_INTRO.search(tail))


def cross_references(body: list[Line], node: dict) -> list[str]:
    refs = []
    texts = [x.text for x in body] + [v for v in (node["fields"].get("partenaires"),) if v]
    for text in texts:
        if "onvention" not in text:
            continue
        for sent in sentences(text):
            if "onvention" not in sent:
                continue
            low = sent.lower()
            if not any(w in low for w in _CROSS_WORDS):
                continue
            m = CROSS_REF.search(sent)
            if m and not re.search(r"(?:pr[ée]sente|cette)\s+convention", fold(m.group(0))):
                refs.append(sent if len(sent) < 300 else m.group(0))
    return refs


def collect_cross_references(nodes: list[dict], refs: list[str]) -> None:
    """Move each node's cross-references into the document's list, naming the action."""
    for node in nodes:
        for r in node.pop("_cross", []):
            refs.append(f"Action {node['number'] or node['title'][:40]} : {r}")
        collect_cross_references(node.get("children", []), refs)
