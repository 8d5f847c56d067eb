"""A text document made into the files a collectivité actually sends: a PDF laid out on A4 pages
with a running header and page numbers (WeasyPrint), a Word document whose lists are Word's own
numbering (python-docx), and a scan of that PDF (pages rasterised with pypdfium2, rebuilt as an
image-only PDF). The texts come from ../shared at run time; nothing of them is stored here."""

from __future__ import annotations

import copy
import html
import io
import json
import re
from pathlib import Path

# Lists as the texts write them: « - item », « 1. item », « 1) item », « a) item »
_BULLET = re.compile(r"^\s*[-•–]\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")
_LETTERED = re.compile(r"^\s*([a-h])\)\s+(?=\S)")

_PAGE_CSS = """
@page { size: A4; margin: 2.2cm 2cm 2.4cm;
  @top-center { content: "Document de travail \\2014  version signée"; font-size: 8pt; color: #555; }
  @bottom-right { content: "Page " counter(page) " sur " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.3; }
p { margin: 0 0 0.6em; }
p.vide { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0; }
td { border: 0.5pt solid #777; padding: 2pt 4pt; vertical-align: top; font-size: 9pt; }
.saut { break-before: page; }
"""


def _blocks(text: str):
    """("p", line) for each line, ("table", rows) for each run of tab-separated lines,
    ("page", None) where the text has a form feed."""
    rows: list[list[str]] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        pieces = raw.split("\f")
        for n, line in enumerate(pieces):
            if n:
                if rows:
                    yield "table", rows
                    rows = []
                yield "page", None
            if "\t" in line:
                rows.append(line.split("\t"))
                continue
            if rows:
                yield "table", rows
                rows = []
            yield "p", line
    if rows:
        yield "table", rows


_INLINE_TAG = re.compile(r"&lt;(/?)(i|b|u|em|strong)&gt;", re.I)
_STARS = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    """The line in HTML, its emphasis (« <i>…</i> », « **…** », as the texts were converted)
    shown as emphasis, as in the document they came from."""
    return _STARS.sub(r"<strong>\1</strong>", _INLINE_TAG.sub(r"<\1\2>", html.escape(text)))


def as_pdf(text: str, slides: bool = False) -> bytes:
    """The text on A4 pages. For a slide deck (`slides`), each slide (the text between two or
    more blank lines) is a page of its own, as a presentation exported to PDF."""
    from weasyprint import HTML

    body, page_break, blank_run = [], False, 0
    for kind, value in _blocks(text):
        if kind == "p" and not value.strip():
            blank_run += 1
            if slides and blank_run == 2:
                page_break = True
            if slides:
                continue
        else:
            blank_run = 0
        if kind == "page":
            page_break = True
            continue
        cls = ' class="saut"' if page_break else ""
        page_break = False
        if kind == "table":
            cells = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in value)
            body.append(f"<table{cls}>{cells}</table>")
        elif value.strip():
            body.append(f"<p{cls}>{_inline(value)}</p>")
        else:  # a blank line of the text: the empty line people leave between parts
            body.append(f'<p class="vide{" saut" if cls else ""}">&nbsp;</p>')
    page = f'<html lang="fr"><head><style>{_PAGE_CSS}</style></head><body>{"".join(body)}</body></html>'
    return HTML(string=page).write_pdf()


def as_docx(text: str) -> bytes:
    """Paragraphs, tables, and lists whose markers are Word's numbering, not typed: « 1. » and
    « a) » show the numbers of the text."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    numbering = document.part.numbering_part.element
    list_num = {}  # style → the numId the template gives it
    for name in ("List Bullet", "List Number"):
        num_pr = document.styles[name].element.pPr.numPr
        list_num[name] = int(num_pr.numId.val)
    counter = iter(range(1000, 100000))
    current: dict[str, int] = {}  # list family → its numId
    expected: dict[str, int] = {}  # list family → the number Word would show next
    for kind, value in _blocks(text):
        if kind == "page":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        if kind == "table":
            width = max(len(r) for r in value)
            table = document.add_table(rows=len(value), cols=width)
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            continue
        line = value
        if not line.strip():
            document.add_paragraph()  # the empty paragraphs people type to space their text
        elif m := _BULLET.match(line):
            document.add_paragraph(line[m.end() :], style="List Bullet")
        elif (m := _NUMBERED.match(line)) or (m := _LETTERED.match(line)):
            family = "decimal" if m.re is _NUMBERED else "lettered"
            number = int(m.group(1)) if family == "decimal" else ord(m.group(1)) - ord("a") + 1
            if expected.get(family) != number:  # a list starts (or its numbers jump): a new list instance
                current[family] = _restarted_list(
                    numbering, list_num["List Number"], next(counter), lettered=family == "lettered", start=number
                )
            paragraph = document.add_paragraph(line[m.end() :], style="List Number")
            _set_num(paragraph, current[family])
            expected[family] = number + 1
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _restarted_list(numbering, template_num_id: int, num_id: int, lettered: bool, start: int) -> int:
    """A new list instance of the template's abstract numbering, counting from `start` (for
    letters, an abstract numbering of its own whose level 0 is « a) »)."""
    from docx.oxml.ns import qn

    nums = {int(n.get(qn("w:numId"))): n for n in numbering.findall(qn("w:num"))}
    abstract_id = nums[template_num_id].find(qn("w:abstractNumId")).get(qn("w:val"))
    if lettered:
        source = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
        clone = copy.deepcopy(source)
        abstract_id = str(num_id)
        clone.set(qn("w:abstractNumId"), abstract_id)
        for child in list(clone):
            if child.tag in (qn("w:nsid"), qn("w:styleLink"), qn("w:numStyleLink")):
                clone.remove(child)
        level = clone.find(qn("w:lvl"))
        level.find(qn("w:numFmt")).set(qn("w:val"), "lowerLetter")
        level.find(qn("w:lvlText")).set(qn("w:val"), "%1)")
        pstyle = level.find(qn("w:pStyle"))
        if pstyle is not None:
            level.remove(pstyle)
        numbering.insert(len(numbering.findall(qn("w:abstractNum"))), clone)
    num = numbering.makeelement(qn("w:num"), {qn("w:numId"): str(num_id)})
    ref = num.makeelement(qn("w:abstractNumId"), {qn("w:val"): abstract_id})
    num.append(ref)
    override = num.makeelement(qn("w:lvlOverride"), {qn("w:ilvl"): "0"})
    override.append(override.makeelement(qn("w:startOverride"), {qn("w:val"): str(start)}))
    num.append(override)
    numbering.append(num)
    return num_id


def _set_num(paragraph, num_id: int) -> None:
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    num_pr = ppr.find(qn("w:numPr"))
    if num_pr is None:
        num_pr = ppr.makeelement(qn("w:numPr"), {})
        ppr.append(num_pr)
    for child in list(num_pr):
        num_pr.remove(child)
    num_pr.append(num_pr.makeelement(qn("w:ilvl"), {qn("w:val"): "0"}))
    num_pr.append(num_pr.makeelement(qn("w:numId"), {qn("w:val"): str(num_id)}))


def as_scan(pdf: bytes, dpi: int = 200) -> bytes:
    """The PDF as a scanner returns it: each page an image, no text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = [document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def kept_lines(path: Path) -> bool:
    """The layout of a wide-corpus document that keeps its lines (its README): « .lines.txt »,
    or the text whose collapsed twin is « .flat.txt »."""
    return path.name.endswith(".lines.txt") or path.with_name(path.name[:-4] + ".flat.txt").exists()


def corpus_documents(shared: Path) -> list[tuple[dict, Path]]:
    """(gold, text) of each document of both corpora, the wide ones in the layout with lines."""
    wide = [p for p in sorted((shared / "corpus-wide").glob("h*.txt")) if kept_lines(p)]
    out = []
    for path in sorted((shared / "corpus").glob("*.txt")) + wide:
        folder = "gold" if path.parent.name == "corpus" else "gold-wide"
        out.append((json.loads((shared / folder / f"{path.name[:3]}.json").read_text(encoding="utf-8")), path))
    return out
