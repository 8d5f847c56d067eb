"""Text repair: from what extraction produced to clean logical lines.

Real extracted text carries HTML tags, Markdown emphasis, hard wraps, end-of-line
hyphenation, page furniture repeated on every page, tables of contents and OCR
noise. Everything here is a pure function over strings; nothing guesses content.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .ocr import APOS, looks_ocr, repair_ocr

_TAGS = re.compile(
    r"</?(?:p|b|u|i|em|strong|br|span|div|td|th|tr|table|tbody|thead|h[1-6]|sup|sub|li|ul|ol|font|a)\b[^<>]*>",
    re.I,
)
_SUPERSCRIPT = re.compile(r"\^\{?([0-9a-zA-Zèé]{1,4})\}?")
_BULLET = re.compile(r"^\s*(?:[-–—*]\s+|[•·▪●◦■□➢➤►]\s*|e\s+)(?=\S)")
_CONNECTOR = re.compile(r"^\s*(?:entre|et|ou|d['’]une part|d['’]autre part|ci-apr[eè]s.*)\s*[,:]?\s*$", re.I)
_HEADING_START = re.compile(
    r"^\s*(?:(?:[IVX]{1,5}|[A-H]|\d{1,2}(?:\.\d{1,2})*)[.)]\s+[A-ZÉÈÀ«]|(?:Axe|Action|Article)\s)"
)
_HEADING_FIRST = set("IVXABCDEFGH0123456789 ")
_BULLET_FIRST = set("-–—*•·▪●◦■□➢➤►e")
_LIST_MARK = re.compile(r"^\s*(?:[a-z]|[ivx]{1,4})\s*\)\s")
_PAGE_LINE = re.compile(r"^\s*(?:page\s+)?\d{1,3}\s*(?:(?:sur|/)\s*\d{1,3})?\s*$", re.I)
_TOC_LINE = re.compile(r"(?:\.{3,}|…{2,})\s*\d{1,3}\s*$|\t\s*\d{1,3}\s*$|\s\d{1,3}\t\s*$")
_TOC_MARKER = re.compile(r"^\s*(table des mati[eè]res|sommaire)\s*$", re.I)

_ELISION_SPACE = re.compile(r"\b([dlnsjcmtDLNSJCMT]|[Qq]u)([" + APOS + r"])\s+(?=\w)")


@dataclass(slots=True)
class Line:
    """One logical line of the document with its position in the source (1-based)."""

    text: str
    lineno: int
    blank_before: int = 0
    _low: str | None = field(default=None, repr=False, compare=False)
    _low_of: str | None = field(default=None, repr=False, compare=False)

    @property
    def low(self) -> str:
        """The text in lower case, computed once (cheap keyword filters use it)."""
        if self._low is None or self._low_of is not self.text:
            self._low, self._low_of = self.text.lower(), self.text
        return self._low

    @property
    def is_bullet(self) -> bool:
        first = self.text[:1]
        return (first in _BULLET_FIRST or first.isspace()) and bool(_BULLET.match(self.text))

    @property
    def bullet_text(self) -> str:
        return _BULLET.sub("", self.text, count=1).strip()


def strip_markup(line: str) -> str:
    """Remove HTML tags, Markdown emphasis and heading marks, keep the words."""
    if "<" in line:
        line = _TAGS.sub(" ", line)
    if "&" in line or "\xa0" in line or "\u202f" in line or "\xad" in line:
        line = (
            line.replace("&nbsp;", " ")
            .replace("&amp;", "&")
            .replace("\xa0", " ")
            .replace("\u202f", " ")
            .replace("\xad", "")
        )
    if "^" in line:
        line = _SUPERSCRIPT.sub(r"\1", line)
    if "*" in line or "__" in line:
        line = line.replace("**", "").replace("__", "")
        if "*" in line:
            line = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", line)
    if line.lstrip(" ")[:1] == "#":
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
    if "  " in line or "\f" in line or "\v" in line:
        line = re.sub(r"[ \f\v]+", " ", line)
    if "\t" in line:
        line = re.sub(r" *\t *", "\t", line)
    return line.strip(" ")


_P_CELL = re.compile(r"<p\b[^>]*>(.*?)</p>", re.I | re.S)


def unflatten_html_row(line: str) -> list[str]:
    """A two-column table row whose cells hold several <p> each ('L1 L2 L3<TAB>V1 V2 V3')
    becomes one 'Li<TAB>Vi' row per paragraph when both cells have as many."""
    if "\t" not in line or "<p" not in line.lower():
        return [line]
    cells = line.split("\t")
    if len(cells) != 2:
        return [line]
    left, right = (_P_CELL.findall(c) for c in cells)
    if len(left) > 1 and len(left) == len(right):
        return [f"{a}\t{b}" for a, b in zip(left, right)]
    return [line]


def _unflatten_rows(text: str) -> str:
    """unflatten_html_row on the lines holding a tab, found by str.find (most lines have none)."""
    out, done, pos = [], 0, text.find("\t")
    while pos != -1:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        line = text[start:end]
        rows = unflatten_html_row(line)
        if len(rows) > 1:
            out.append(text[done:start])
            out.append("\n".join(rows))
            done = end
        pos = text.find("\t", end)
    out.append(text[done:])
    return "".join(out)


def repair_common(line: str) -> str:
    if "’ " in line or "' " in line:
        line = _ELISION_SPACE.sub(r"\1\2", line)
    return line


def is_toc_line(text: str) -> bool:
    tail = text[-40:]
    return (tail[-1:].isdigit() or tail[-1:] == "\t") and bool(_TOC_LINE.search(tail))


def wrap_width(raw_lines: list[str]) -> int | None:
    """The column at which the text was hard-wrapped, or None when it was not."""
    lengths = sorted(map(len, map(str.rstrip, raw_lines)))  # C loops: no Python call per line
    del lengths[: bisect.bisect_right(lengths, 0)]  # blank lines
    if len(lengths) < 40:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    if width > 110:
        return None
    near = bisect.bisect_right(lengths, width + 2) - bisect.bisect_left(lengths, math.ceil(0.75 * width))
    return width if near / len(lengths) >= 0.45 else None


def starts_lower(text: str) -> bool:
    first = text.lstrip()[:1]
    return bool(first) and (first.islower() or first in "(")


_ITALIC = re.compile(r"\*(?<![\w*]\*)(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_HEADING = re.compile(r"(?m)^ {0,3}#{1,6}[ \t]+")
_MULTI_SPACE = re.compile(r"  +")  # " {2,}" would be tried at every position: ten times slower
_CURLY_SPACE = re.compile(r"’ +(?=\w)")
_STRAIGHT_SPACE = re.compile(r"' +(?=\w)")
_ELIDED = re.compile(r"(?:^|\W)(?:[dlnsjcmt]|qu)$", re.I)


def _elide(m: re.Match) -> str:
    """'d’ Ivry' -> 'd’Ivry': the space after an elided article is an extraction artefact."""
    before = m.string[max(0, m.start() - 3) : m.start()]
    return m.group(0)[0] if _ELIDED.search(before) else m.group(0)


def clean_text(text: str) -> str:
    """strip_markup and repair_common over the whole text at once. Every step first checks
    that its character is there: each pass over a 100 KB text costs about 0.1 ms."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        if "<p" in text or "<P" in text:
            text = _unflatten_rows(text)
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    for char, repl in (("\xa0", " "), ("\u202f", " "), ("\xad", ""), ("\f", " "), ("\v", " ")):
        if char in text:
            text = text.replace(char, repl)
    if "^" in text:
        text = _SUPERSCRIPT.sub(r"\1", text)
    if "*" in text:
        text = text.replace("**", "")
        if "*" in text:
            text = _ITALIC.sub(r"\1", text)
    if "_" in text and "__" in text:  # a one-character test first: it is the fast one
        text = text.replace("__", "")
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    text = _CURLY_SPACE.sub(_elide, text)  # a regex scan is faster here than a two-character `in`
    text = _STRAIGHT_SPACE.sub(_elide, text)
    return text


def logical_lines(text: str) -> tuple[list[Line], dict]:
    """Clean the text and rebuild logical lines (paragraphs, list items, table rows)."""
    info = {"ocr": looks_ocr(text)}
    if info["ocr"]:
        text = repair_ocr(text)
    raw = clean_text(text).split("\n")
    width = wrap_width(raw)
    info["wrap_width"] = width
    full = 0.8 * width if width else math.inf  # a line this long was cut by the wrap
    out: list[Line] = []
    parts: list[str] = []  # pieces of the logical line being built (joined once, at the end)
    last = ""  # the last piece added
    tab = False  # the logical line being built is a table row
    blanks = 0
    bullet, list_mark, connector, heading_start = (
        _BULLET.match,
        _LIST_MARK.match,
        _CONNECTOR.match,
        _HEADING_START.match,
    )
    multi_space = _MULTI_SPACE.sub
    # One iteration a raw line, and a hard-wrapped text has many: no call and no test
    # that the common case (a line continuing the sentence above) does not need.
    for idx, cleaned in enumerate(raw, start=1):
        if cleaned:  # one space between words, none around table cells
            if "  " in cleaned:
                cleaned = multi_space(" ", cleaned)
            if "\t" in cleaned:
                cleaned = "\t".join(part.strip(" ") for part in cleaned.split("\t"))
            cleaned = cleaned.strip(" ")
        if not cleaned:
            blanks += 1
            continue
        first = cleaned[0]
        join = False
        if (
            out
            and not tab
            and "\t" not in cleaned
            and not (first in _BULLET_FIRST and bullet(cleaned))
            and not (first.islower() and ")" in cleaned[:6] and list_mark(cleaned))
        ):  # « a) », « iv) »
            if (
                (first.islower() or first == "(")
                and blanks <= 1
                and not last.endswith((".", "!", "?"))
                and not (len(cleaned) < 60 and connector(cleaned))
            ) or (blanks == 0 and len(last) >= full and not (first in _HEADING_FIRST and heading_start(cleaned))):
                join = True
            elif blanks == 0 and cleaned.isupper() and last.isupper():
                join = True  # a capitalised heading over two lines
        if join:
            # keep a line-end hyphen: extracted text keeps real hyphens only ('Ivry-' 'sur-Seine')
            if last[-1] != "-" or len(last) < 2 or not last[-2].isalpha():
                parts.append(" ")
            parts.append(cleaned)
        else:
            if out:
                out[-1].text = "".join(parts)
            out.append(Line(cleaned, idx, blanks))
            parts = [cleaned]
            tab = "\t" in cleaned
        last = cleaned
        blanks = 0
    if out:
        out[-1].text = "".join(parts)
    return out, info


_BARE_PAGE_NUMBER = re.compile(r"^\d{1,3}$")


def drop_toc(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Remove table-of-contents lines; return the kept lines and the TOC titles. In a table of
    contents, an entry whose page number went to the next line (a long title in a PDF) is
    one entry."""
    keep, toc = [], []
    in_toc = False
    held = None  # a line of the table of contents without its page number, yet
    for line in lines:
        if line.text[:1] in "TtSs" and _TOC_MARKER.match(line.text):
            in_toc = True
            continue
        if held is not None:
            if _BARE_PAGE_NUMBER.match(line.text):
                toc.append(_toc_title(held.text))
                held = None
                continue
            keep.append(held)
            held, in_toc = None, False
        if is_toc_line(line.text) or (in_toc and re.search(r"\s\d{1,3}$", line.text)):
            toc.append(_toc_title(line.text))
            continue
        if in_toc:
            held = line
            continue
        keep.append(line)
    if held is not None:
        keep.append(held)
    return keep, toc


def _toc_title(text: str) -> str:
    return re.sub(r"(?:\.{2,}|…+)?\s*\t?\s*\d{1,3}\s*\t?\s*$", "", text.replace("\t", " ")).strip(" .…")


def drop_furniture(lines: list[Line]) -> tuple[list[Line], int]:
    """Remove page numbers and blocks of 3+ lines repeated on several pages."""
    texts = [x.text for x in lines]
    grams = list(zip(texts, texts[1:], texts[2:]))  # every run of three lines (made in C)
    # three occurrences at least: two identical rows of two field tables are not furniture
    repeated = {g for g, n in Counter(grams).items() if n >= 3 and all(len(t) < 160 and "\t" not in t for t in g)}
    drop = set()
    if repeated:
        for i, gram in enumerate(grams):
            if gram in repeated:
                drop.update((i, i + 1, i + 2))
    for i, t in enumerate(texts):
        if len(t) < 40 and _PAGE_LINE.match(t):  # « Page 12 sur 40 » is short
            drop.add(i)
    return [x for i, x in enumerate(lines) if i not in drop], len(drop)


_SENTENCE_END = re.compile(r"([.!?;])\s+(?=[A-ZÉÈÀÂÎÔ«\"(])")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (French punctuation, abbreviations kept)."""
    if ". " not in text and "; " not in text and "? " not in text and "! " not in text:
        return [text.strip()] if text.strip() else []
    parts = _SENTENCE_END.split(text)
    out = [a + b for a, b in zip(parts[0::2], parts[1::2] + [""])]
    return [p.strip() for p in out if p.strip()]
