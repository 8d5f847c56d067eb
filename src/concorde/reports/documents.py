"""Documents of the governance (comité dossier, evaluation report) in three formats from one
list of sections: PDF (WeasyPrint) to send, DOCX and ODT to edit before sending."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


@dataclass
class Section:
    title: str
    intro: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: str = "Rien à signaler."


def render(fmt: str, title: str, convention, sections: list[Section], today: dt.date) -> bytes:
    return {"pdf": _pdf, "docx": _docx, "odt": _odt}[fmt](
        title, ", ".join(p.label for p in convention.parties.all()), sections, today
    )


def _pdf(title: str, parties: str, sections: list[Section], today: dt.date) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_to_string(
        "reports/report.html", {"title": title, "parties": parties, "sections": sections, "today": today}
    )
    return HTML(string=html).write_pdf()


def _docx(title: str, parties: str, sections: list[Section], today: dt.date) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = title
    doc.add_heading(title, level=0)
    doc.add_paragraph(f"Parties : {parties} — établi le {today:%d/%m/%Y}.")
    for s in sections:
        doc.add_heading(s.title, level=1)
        if s.intro:
            doc.add_paragraph(s.intro)
        if not s.rows:
            doc.add_paragraph(s.empty)
            continue
        table = doc.add_table(rows=1, cols=len(s.header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, s.header):
            cell.text = text
        for row in s.rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _odt(title: str, parties: str, sections: list[Section], today: dt.date) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    doc = OpenDocumentText()
    bold = Style(name="Entete", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    doc.text.addElement(H(outlinelevel=1, text=title))
    doc.text.addElement(P(text=f"Parties : {parties} — établi le {today:%d/%m/%Y}."))
    for n, s in enumerate(sections):
        doc.text.addElement(H(outlinelevel=2, text=s.title))
        if s.intro:
            doc.text.addElement(P(text=s.intro))
        if not s.rows:
            doc.text.addElement(P(text=s.empty))
            continue
        table = Table(name=f"Tableau{n + 1}")
        table.addElement(TableColumn(numbercolumnsrepeated=len(s.header)))
        for i, row in enumerate([s.header, *s.rows]):
            tr = TableRow()
            for text in row:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=text, stylename=bold if i == 0 else None))
                tr.addElement(cell)
            table.addElement(tr)
        doc.text.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def document_pdf(doc) -> bytes:
    """A convention's document as PDF, for its publication: a PDF as it was deposited, any other
    format as its extracted text with its file name, date and SHA-256 fingerprint. Made once per
    file content and kept beside the media."""
    if doc.format == "pdf":
        with doc.file.open("rb") as f:
            return f.read()
    cache = Path(settings.MEDIA_ROOT) / "renditions" / f"{doc.checksum}.pdf"
    if cache.is_file():
        return cache.read_bytes()
    from weasyprint import HTML

    html = render_to_string(
        "reports/document.html", {"doc": doc, "paragraphs": [p for p in doc.text.split("\n\n") if p.strip()]}
    )
    data = HTML(string=html).write_pdf()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(data)
    return data
