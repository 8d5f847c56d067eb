"""Documents of the governance (comité dossier, evaluation report) in three formats from one
list of sections: PDF (WeasyPrint) to send, DOCX and ODT to edit before sending. Each is an A4
document in French, with its page numbers, heading and table styles, and the instance's brand
(its name as author, its colour on the headings)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
LANGUAGE = "fr-FR"


@dataclass
class Section:
    title: str
    intro: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: str = "Rien à signaler."


@dataclass
class Document:
    title: str
    subtitle: str  # the parties, and what the document is about (a meeting's date and place…)
    sections: list[Section]
    today: dt.date

    @property
    def brand(self) -> str:
        return settings.CONCORDE_BRAND["name"]

    @property
    def brand_in_css(self) -> str:
        """The brand inside a CSS string of the PDF's page margin: no quote or backslash to end it."""
        return self.brand.replace("\\", "").replace('"', "'")

    @property
    def colour(self) -> str:
        """The brand's colour as #RRGGBB (a #RGB one spelt out; anything else, a dark blue)."""
        value = settings.CONCORDE_BRAND["primary"].strip().lstrip("#")
        if re.fullmatch(r"[0-9a-fA-F]{3}", value):
            value = "".join(c * 2 for c in value)
        return "#" + (value if re.fullmatch(r"[0-9a-fA-F]{6}", value) else "1d4e89").lower()

    @property
    def made(self) -> str:
        return f"Établi le {self.today:%d/%m/%Y} avec {self.brand}."


def render(fmt: str, title: str, convention, sections: list[Section], today: dt.date, subtitle: str = "") -> bytes:
    parties = "Parties : " + ", ".join(p.label for p in convention.parties.all())
    document = Document(title, f"{parties}. {subtitle}".strip(), sections, today)
    return {"pdf": _pdf, "docx": _docx, "odt": _odt}[fmt](document)


def _pdf(d: Document) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return HTML(string=render_to_string("reports/report.html", {"d": d})).write_pdf()


def _docx(d: Document) -> bytes:
    from docx import Document as Docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, RGBColor

    doc = Docx()
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.language = d.title, d.brand, d.brand, LANGUAGE
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not the template's US Letter
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(1.8)
    # the language of every run, spell-checked in French
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)
    colour = RGBColor.from_string(d.colour.lstrip("#").upper())
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = colour
    footer = section.footer.paragraphs[0]
    footer.text = f"{d.title} — page "
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")
    doc.add_heading(d.title, level=0)
    doc.add_paragraph(d.subtitle)
    for s in d.sections:
        doc.add_heading(s.title, level=1)
        if s.intro:
            doc.add_paragraph(s.intro)
        if not s.rows:
            if not s.intro:  # a section of text alone says nothing more
                doc.add_paragraph(s.empty)
            continue
        table = doc.add_table(rows=1, cols=len(s.header))
        table.style = "Table Grid"
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on each page
        for cell, text in zip(header.cells, s.header):
            cell.paragraphs[0].add_run(text).bold = True
        for row in s.rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
    doc.add_paragraph(d.made)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in the paragraph: the reader's software fills it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field_ = OxmlElement("w:fldSimple")
    field_.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field_.append(run)
    paragraph._p.append(field_)


def _odt(d: Document) -> bytes:
    from odf.dc import Creator, Language, Title
    from odf.meta import InitialCreator
    from odf.opendocument import OpenDocumentText
    from odf.style import (
        DefaultStyle,
        Footer,
        MasterPage,
        PageLayout,
        PageLayoutProperties,
        ParagraphProperties,
        Style,
        TableCellProperties,
        TableProperties,
        TextProperties,
    )
    from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import H, P, PageCount, PageNumber

    doc = OpenDocumentText()
    for element in (Title(text=d.title), Language(text=LANGUAGE), Creator(text=d.brand), InitialCreator(text=d.brand)):
        doc.meta.addElement(element)
    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(language="fr", country="FR", fontsize="10pt", fontfamily="DejaVu Sans"))
    doc.styles.addElement(default)

    def style(name, family, text=None, paragraph=None, **attributes):
        s = Style(name=name, family=family, **attributes)
        if paragraph:
            s.addElement(ParagraphProperties(**paragraph))
        if text:
            s.addElement(TextProperties(**text))
        doc.styles.addElement(s)
        return s

    body = style("Text_20_body", "paragraph", paragraph={"marginbottom": "0.2cm"}, displayname="Text body")
    heading = {"fontweight": "bold", "color": d.colour}
    title = style("Title", "paragraph", text={**heading, "fontsize": "16pt"}, displayname="Title")
    h1 = style(
        "Heading_20_1",
        "paragraph",
        text={**heading, "fontsize": "13pt"},
        paragraph={"margintop": "0.4cm", "marginbottom": "0.2cm", "keepwithnext": "always"},
        displayname="Heading 1",
        defaultoutlinelevel="1",
    )
    table_style = style("Tableau", "table", displayname="Tableau")
    table_style.addElement(TableProperties(width="17cm", align="margins"))
    cell = style("Cellule", "table-cell", displayname="Cellule")
    cell.addElement(TableCellProperties(border="0.5pt solid #999999", padding="0.08cm"))
    head_cell = style("Cellule_20_entete", "table-cell", displayname="Cellule d'en-tête")
    head_cell.addElement(TableCellProperties(border="0.5pt solid #999999", padding="0.08cm", backgroundcolor="#eeeeee"))
    contents = style("Table_20_Contents", "paragraph", displayname="Table Contents")
    table_heading = style("Table_20_Heading", "paragraph", text={"fontweight": "bold"}, displayname="Table Heading")
    footer_style = style("Footer", "paragraph", text={"fontsize": "8pt"}, paragraph={"textalign": "end"})
    layout = PageLayout(name="A4")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm", pageheight="29.7cm", printorientation="portrait", margin="1.8cm", marginleft="2cm"
        )
    )
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    footer = Footer()
    numbers = P(stylename=footer_style, text=f"{d.title} — page ")
    numbers.addElement(PageNumber(selectpage="current", text="1"))
    numbers.addText(" / ")
    numbers.addElement(PageCount(text="1"))
    footer.addElement(numbers)
    master.addElement(footer)
    doc.masterstyles.addElement(master)

    doc.text.addElement(H(outlinelevel=1, stylename=title, text=d.title))
    doc.text.addElement(P(stylename=body, text=d.subtitle))
    for n, s in enumerate(d.sections):
        doc.text.addElement(H(outlinelevel=2, stylename=h1, text=s.title))
        if s.intro:
            doc.text.addElement(_lines(P(stylename=body), s.intro))
        if not s.rows:
            if not s.intro:
                doc.text.addElement(P(stylename=body, text=s.empty))
            continue
        table = Table(name=f"Tableau{n + 1}", stylename=table_style)
        table.addElement(TableColumn(numbercolumnsrepeated=len(s.header)))
        header_rows = TableHeaderRows()
        header = TableRow()
        for text in s.header:
            c = TableCell(valuetype="string", stylename=head_cell)
            c.addElement(P(stylename=table_heading, text=text))
            header.addElement(c)
        header_rows.addElement(header)
        table.addElement(header_rows)
        for row in s.rows:
            tr = TableRow()
            for text in row:
                c = TableCell(valuetype="string", stylename=cell)
                c.addElement(_lines(P(stylename=contents), text))
                tr.addElement(c)
            table.addElement(tr)
        doc.text.addElement(table)
    doc.text.addElement(P(stylename=body, text=d.made))
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _lines(paragraph, text: str):
    """The text in the ODT paragraph, its line breaks kept as line breaks."""
    from odf import teletype

    teletype.addTextToElement(paragraph, text)
    return paragraph


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
