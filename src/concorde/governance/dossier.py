"""The comité de pilotage dossier, drawn from the dashboard: progress by axis, late actions,
indicators, decisions to take, compliance with the convention's own obligations. One set of
sections, three outputs: PDF (WeasyPrint) to send, DOCX and ODT to edit."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from concorde.conventions.models import Convention
from concorde.dashboard.queries import dashboard

from .agenda import AWAITING_DECISION, action_label, off_target
from .deadlines import deadlines_of


OBLIGATIONS = ("comite", "reunion", "tableau_de_bord", "evaluation", "preavis")


@dataclass
class Section:
    title: str
    intro: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: str = "Rien à signaler."


def _pct(value) -> str:
    return "—" if value is None else f"{value:.0f} %"


def sections(convention: Convention, today: dt.date) -> list[Section]:
    data = dashboard(convention, today=today)
    actions = data["rows"]
    out = [Section("Avancement par axe", f"Avancement consolidé de la convention : {_pct(data['convention_progress'])} ; "
                   f"{data['late_count']} action(s) en retard sur {data['action_count']}.",
                   ["Axe", "Avancement"], [[f"Axe {x.number} — {x.title}".replace("Axe  — ", ""), _pct(x.rolled_progress)]
                                           for x in data["axes"]])]
    out.append(Section("Actions en retard", header=["Action", "Échéance", "Statut", "Avancement"], rows=[
        [action_label(a), f"{a.due_date:%d/%m/%Y}" if a.due_date else "—", a.get_status_display(), _pct(a.rolled_progress)]
        for a in actions if a.late], empty="Aucune action en retard."))
    indicator_rows = []
    for a in actions:
        for row, latest in a.latest:
            target = "—" if row.target_value is None else f"{row.target_value.normalize():f} {row.unit}".strip()
            value = "pas de mesure" if latest is None else f"{latest.value.normalize():f} au {latest.date:%d/%m/%Y}"
            indicator_rows.append([action_label(a), row.label, target, value])
    out.append(Section("Indicateurs", header=["Action", "Indicateur", "Cible", "Dernière mesure"], rows=indicator_rows,
                       empty="Aucun indicateur renseigné."))
    decisions = [[action_label(a), f"Statut « {a.get_status_display().lower()} » : arbitrage attendu"]
                 for a in actions if a.status in AWAITING_DECISION]
    decisions += [[action_label(a), item] for a in actions for item in off_target(a, today)]
    decisions += [[action_label(a), "Action en retard : nouvelle échéance ou réorientation"] for a in actions
                  if a.late and a.status not in AWAITING_DECISION]
    out.append(Section("Décisions à prendre", header=["Action", "Objet"], rows=decisions,
                       empty="Aucune décision en attente."))
    # The obligations already due or near, and always the bodies' next meeting and the notice.
    compliance = [[d.label, f"{d.date:%d/%m/%Y}", d.state_label] for d in deadlines_of(convention, today)
                  if d.kind in OBLIGATIONS and (d.state != "a_venir" or d.kind in ("comite", "preavis"))]
    out.append(Section("Conformité aux engagements de gouvernance", header=["Obligation", "Date", "État"], rows=compliance,
                       empty="Les échéances se calculent dès que la date de prise d'effet est connue."))
    return out


def title_of(convention: Convention, today: dt.date) -> str:
    return f"Dossier du comité de pilotage — {convention.title} — {today:%d/%m/%Y}"


def pdf(convention: Convention, today: dt.date) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_to_string("governance/dossier.html", {
        "title": title_of(convention, today), "convention": convention, "sections": sections(convention, today),
        "parties": convention.parties.all(), "today": today})
    return HTML(string=html).write_pdf()


def docx(convention: Convention, today: dt.date) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = title_of(convention, today)
    doc.add_heading(title_of(convention, today), level=0)
    doc.add_paragraph("Parties : " + ", ".join(p.label for p in convention.parties.all()))
    for s in sections(convention, today):
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


def odt(convention: Convention, today: dt.date) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    doc = OpenDocumentText()
    bold = Style(name="Entete", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    doc.text.addElement(H(outlinelevel=1, text=title_of(convention, today)))
    doc.text.addElement(P(text="Parties : " + ", ".join(p.label for p in convention.parties.all())))
    for n, s in enumerate(sections(convention, today)):
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


FORMATS = {
    "pdf": (pdf, "application/pdf"),
    "docx": (docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": (odt, "application/vnd.oasis.opendocument.text"),
}
