"""The workbook written as XLSX, ODS (every sheet) or CSV (the actions' sheet), and an edited
file read back as rows keyed by column title, sheet by sheet."""

from __future__ import annotations

import csv
import datetime as dt
import io

from concorde.lib.encodings import UndecodableText, decode_text

from .sheets import ACTION_ID, ACTIONS, ID, INDICATOR_ID, VERSION, Sheet

MAX_ROWS = 5000  # per sheet
MAX_CELLS = 400_000  # what one workbook may hold, however its sheets are shaped


class SheetError(ValueError):
    """The file cannot be read as the tableau de bord; the message is French and says where."""


# A cell a spreadsheet program would run as a formula (OWASP, « CSV injection »): a text of
# either party (an update, a title) must stay a text in the other party's copy.
FORMULA_SIGNS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A text that begins like a formula, prefixed with an apostrophe (shown as written, never run)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_SIGNS) else value


def _uninert(value):
    """What inert() wrote, read back as the text it was."""
    return (
        value[1:] if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_SIGNS) else value
    )


def to_csv(sheets: list[Sheet]) -> bytes:
    actions = next(s for s in sheets if s.name == ACTIONS)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(actions.header)
    for row in actions.rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else inert(v) for v in row])
    return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read UTF-8


def to_xlsx(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        ws.append(sheet.header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl takes a text beginning with « = » for a formula; it is a text
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        for index, title in enumerate(sheet.header, start=1):
            ws.column_dimensions[get_column_letter(index)].width = 50 if title in sheet.wide else 16
        ws.freeze_panes = "B2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_ods(sheets: list[Sheet]) -> bytes:
    from odf import teletype
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for sheet in sheets:
        table = Table(name=sheet.name)
        for values in [sheet.header, *sheet.rows]:
            tr = TableRow()
            for v in values:
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    cell = TableCell(valuetype="float", value=v)
                elif isinstance(v, dt.date):
                    cell = TableCell(valuetype="date", datevalue=v.isoformat())
                else:
                    cell = TableCell(valuetype="string")
                paragraph = P()
                # teletype writes runs of spaces, tabs and line breaks as ODF's own elements
                teletype.addTextToElement(
                    paragraph, "" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v))
                )
                cell.addElement(paragraph)
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def read(data: bytes, filename: str) -> dict[str, list[dict]]:
    """The sheets of an edited export: {sheet name: rows as dicts keyed by column title, each with
    its line number under « _line »}. A CSV is the actions' sheet."""
    name = filename.lower()
    try:
        if data.startswith(b"PK") and name.endswith(".xlsx"):
            tables = _read_xlsx(data)
        elif data.startswith(b"PK") and name.endswith(".ods"):
            tables = _read_ods(data)
        elif name.endswith((".csv", ".txt")):
            text, _ = decode_text(data, filename)
            tables = {
                ACTIONS: [[_uninert(c) for c in r] for r in csv.reader(io.StringIO(text), dialect=_dialect(text))]
            }
        else:
            raise SheetError(f"{filename} : format non reconnu (XLSX, ODS ou CSV).")
    except UndecodableText as exc:
        raise SheetError(str(exc)) from None
    except SheetError:
        raise
    except Exception:
        raise SheetError(f"{filename} : tableur illisible ou endommagé.") from None
    if ACTIONS not in tables and len(tables) == 1:
        tables = {ACTIONS: next(iter(tables.values()))}  # an earlier export: one sheet, another name
    book = {}
    for sheet_name, table in tables.items():
        table = [r for r in table if any(str(c).strip() for c in r if c is not None)]
        if not table:
            continue
        head = [str(c).strip() if c is not None else "" for c in table[0]]
        if ID not in head and ACTION_ID not in head and INDICATOR_ID not in head:
            continue  # a sheet of the user's own (notes, a chart)
        if len(table) - 1 > MAX_ROWS:
            raise SheetError(f"{filename} : la feuille « {sheet_name} » a plus de {MAX_ROWS} lignes.")
        book[sheet_name] = [
            {"_line": i, **{h: (r[k] if k < len(r) else None) for k, h in enumerate(head) if h}}
            for i, r in enumerate(table[1:], start=2)
        ]
    if not any(str(c).strip() for t in tables.values() for r in t for c in r if c is not None):
        raise SheetError(f"{filename} : le fichier est vide.")
    if not book or (ACTIONS in tables and ACTIONS not in book):
        raise SheetError(
            f"{filename} : colonnes « {ID} » et « {VERSION} » absentes — repartir d'un export du tableau de bord."
        )
    return book


def _dialect(text: str):
    try:
        return csv.Sniffer().sniff(text[:5000], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _read_xlsx(data: bytes) -> dict[str, list[list]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out, cells = {}, 0
    for ws in wb.worksheets:
        rows = []
        for r in ws.iter_rows(values_only=True):
            rows.append(list(r))
            cells += len(r)
            if cells > MAX_CELLS:
                raise SheetError("Le classeur dépasse la taille d'un tableau de bord (trop de cellules).")
        out[ws.title] = rows
    return out


def _read_ods(data: bytes) -> dict[str, list[list]]:
    from odf import teletype
    from odf.namespaces import OFFICENS, TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    doc = load(io.BytesIO(data))
    out, cells = {}, 0
    for sheet in doc.spreadsheet.getElementsByType(Table):
        rows = []
        for tr in sheet.getElementsByType(TableRow):
            row = []
            for cell in tr.getElementsByType(TableCell):
                repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1) or 1)
                kind = cell.attributes.get((OFFICENS, "value-type"))
                if kind == "float":
                    value = float(cell.attributes.get((OFFICENS, "value")))
                elif kind == "date":
                    value = dt.date.fromisoformat(cell.attributes.get((OFFICENS, "date-value"))[:10])
                else:
                    value = "\n".join(teletype.extractText(p) for p in cell.childNodes)
                row.extend([value] * min(repeat, 50))
            cells += len(row)
            if cells > MAX_CELLS:
                raise SheetError("Le classeur dépasse la taille d'un tableau de bord (trop de cellules).")
            rows.append(row)
        out[str(sheet.getAttribute("name"))] = rows
    return out
