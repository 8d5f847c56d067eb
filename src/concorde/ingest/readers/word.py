"""Word documents (.docx): paragraphs, Word's own list numbering, tables; read from the XML in one pass."""

from __future__ import annotations

import io
import re
import zipfile

from .base import ReadError


def is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return False


MAX_DOCX_UNPACKED = 200 * 1024 * 1024  # what a .docx may inflate to (its parts as the archive declares them)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs as lines, led by the number Word shows for them (« 1. », « a) », « Article 2 »)
    or by « - » for a bullet; tables as rows of tab-separated cells. Read from the XML in one
    pass: styles and numbering definitions are looked up once."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - installed with the project
        raise ReadError("Lecture DOCX indisponible (python-docx manquant).") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):  # damaged, or a zip feature Python lacks
        raise ReadError(f"{name} : document Word illisible ou endommagé.") from None
    if unpacked > MAX_DOCX_UNPACKED:
        raise ReadError(
            f"{name} : le document Word se décompresse en {unpacked / 1024 / 1024:.0f} Mo, au-delà des "
            f"{MAX_DOCX_UNPACKED // 1024 // 1024} Mo acceptés (archive piégée ?)."
        )
    try:
        document = docx.Document(io.BytesIO(data))
        styles = {style.style_id: _StyleInfo(style) for style in document.styles}
        numbering = _Numbering(_numbering_element(document))
    except Exception:
        raise ReadError(f"{name} : document Word illisible ou endommagé.") from None
    lines: list[str] = []
    empty = 0  # empty paragraphs in a row
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            text = _paragraph(child, styles, numbering)
            page_break = child.find(f".//{_W}br[@{_W}type='page']") is not None
            if not text.strip():
                empty += 1
                # one blank line follows every paragraph; two empty paragraphs or a page break
                # mark a wider break (a new slide, a new part), as two blank lines do in a text
                if (empty == 2 or page_break) and lines and lines[-1] == "" and lines[-2:-1] != [""]:
                    lines.append("")
                continue
            empty = 0
            lines.extend([text, ""])
            if page_break:
                lines.append("")
        elif child.tag == _W + "tbl":
            empty = 0
            for row in child.iter(_W + "tr"):
                cells = [
                    " ".join(t for t in (_runs_text(p).strip() for p in cell.iter(_W + "p")) if t)
                    for cell in row.iterchildren(_W + "tc")
                ]
                lines.append("\t".join(cells))
            lines.append("")
    return "\n".join(lines)


def _runs_text(paragraph) -> str:
    out = []
    for node in paragraph.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        out.append(node.text or "" if node.tag == _W + "t" else "\t" if node.tag == _W + "tab" else "\n")
    return "".join(out)


def _val(element, tag: str) -> str | None:
    child = element.find(_W + tag) if element is not None else None
    return child.get(_W + "val") if child is not None else None


class _StyleInfo:
    """A paragraph style's name and the numbering it gives its paragraphs (a « List Number »
    style, a numbered heading)."""

    def __init__(self, style):
        self.name = (style.name or "").lower()
        props = style.element.find(_W + "pPr")
        num_pr = props.find(_W + "numPr") if props is not None else None
        self.num = (_val(num_pr, "numId"), _val(num_pr, "ilvl") or "0") if num_pr is not None else None


def _numbering_element(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):  # a document without lists has no numbering part
        return None


class _Numbering:
    """Word's list numbering: each list instance (numId) counts its levels from their start, a
    level resets the levels below it, and the level's text (« %1. », « %1.%2 », « Article %1 »)
    shows the counters in the level's format."""

    def __init__(self, element):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → level → (format, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        if element is None:
            return
        abstract = {}
        for node in element.iterchildren(_W + "abstractNum"):
            abstract[node.get(_W + "abstractNumId")] = {
                int(lvl.get(_W + "ilvl") or 0): (
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                    _int(_val(lvl, "start"), 1),
                )
                for lvl in node.iterchildren(_W + "lvl")
            }
        for node in element.iterchildren(_W + "num"):
            levels = dict(abstract.get(_val(node, "abstractNumId"), {}))
            for override in node.iterchildren(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"), 0)
                start = _val(override, "startOverride")
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, _int(start, 1))
            self.levels[node.get(_W + "numId")] = levels

    def label(self, num_id: str | None, ilvl: int) -> str | None:
        """The marker Word shows for the next paragraph of this list and level; None when unnumbered."""
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return None
        fmt, text, start = levels[ilvl]
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return text.strip() or None

        def shown(match) -> str:
            level = int(match.group(1)) - 1
            value = counters.get(level, levels.get(level, ("decimal", "", 1))[2])
            return _formatted(value, levels.get(level, (fmt,))[0])

        return re.sub(r"%([1-9])", shown, text).strip() or None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _formatted(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = max(1, value)
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman, n = "", max(1, min(value, 3999))
        for amount, numeral in _ROMAN:
            while n >= amount:
                roman, n = roman + numeral, n - amount
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        return "1er" if value == 1 else f"{value}e"
    return str(value)  # decimal and the formats of other scripts


def _paragraph(element, styles: dict[str, _StyleInfo], numbering: _Numbering) -> str:
    text = _runs_text(element)
    props = element.find(_W + "pPr")
    style = styles.get(_val(props, "pStyle") or "")
    num_pr = props.find(_W + "numPr") if props is not None else None
    if num_pr is not None:
        num = (_val(num_pr, "numId"), _val(num_pr, "ilvl") or "0")
    else:
        num = style.num if style else None
    if not text.strip():
        return text
    label = numbering.label(num[0], _int(num[1], 0)) if num else None
    if label:
        return f"{label} {text}"
    if num or (style and ("list" in style.name or "liste" in style.name)):
        return "- " + text  # a list Word numbers from a definition the file lacks
    return text
