"""The tableau de bord as a spreadsheet (XLSX, ODS, CSV), edited offline and read back.

Rows carry the action's stable identifier and the version it had when exported: a row
changed in the file while someone changed the action in Concorde is refused, not merged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from concorde.conventions import policy
from concorde.conventions.models import Action, Convention
from concorde.conventions.tracked_actions import actions_with_tracking
from concorde.lib.encodings import UndecodableText, decode_text
from concorde.lib.text import fold

FIXED = [
    "Identifiant",
    "Axe",
    "Numéro",
    "Action",
    "Statut",
    "Avancement (%)",
    "Début",
    "Fin prévue",
    "Échéance",
    "Budget (€)",
]
EDITABLE = {
    "Statut": "status",
    "Avancement (%)": "progress",
    "Début": "start_date",
    "Fin prévue": "end_date",
    "Échéance": "due_date",
}
VERSION = "Version (ne pas modifier)"
STATUS_BY_LABEL = {fold(label): code for code, label in Action.Status.choices} | {
    code: code for code in Action.Status.values
}
MAX_ROWS = 5000


class SheetError(ValueError):
    """The file cannot be read as the tableau de bord; the message is French and says where."""


def header(convention: Convention) -> list[str]:
    return FIXED + [f"Pilote {p.label}" for p in convention.parties.all()] + ["Dernier point", VERSION]


def rows(convention: Convention) -> list[list]:

    parties = list(convention.parties.all())
    out = []
    for a in actions_with_tracking(convention):
        pilots = a.side_pilots
        out.append(
            [
                a.pk,
                a.axis.number,
                a.number,
                a.title,
                a.get_status_display(),
                a.progress,
                a.start_date,
                a.end_date,
                a.due_date,
                float(a.budget_amount) if a.budget_amount is not None else None,
                *[pilots.get(p.id, "") for p in parties],
                (a.last_update_text or "")[:500],
                a.lock_version,
            ]
        )
    return out


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


def to_csv(convention: Convention) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header(convention))
    for row in rows(convention):
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else inert(v) for v in row])
    return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read UTF-8


def to_xlsx(convention: Convention) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Tableau de bord"
    ws.append(header(convention))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows(convention):
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl takes a text beginning with « = » for a formula; it is a text
    for col in "ABCDEFGHIJ":
        ws.column_dimensions[col].width = 14
    ws.column_dimensions["D"].width = 60
    ws.freeze_panes = "E2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_ods(convention: Convention) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Tableau de bord")
    for values in [header(convention)] + rows(convention):
        tr = TableRow()
        for v in values:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                cell = TableCell(valuetype="float", value=v)
            elif isinstance(v, dt.date):
                cell = TableCell(valuetype="date", datevalue=v.isoformat())
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text="" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v))))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def read(data: bytes, filename: str) -> list[dict]:
    """The rows of an edited export, as dicts keyed by column title."""
    name = filename.lower()
    try:
        if data.startswith(b"PK") and name.endswith(".xlsx"):
            table = _read_xlsx(data)
        elif data.startswith(b"PK") and name.endswith(".ods"):
            table = _read_ods(data)
        elif name.endswith((".csv", ".txt")):
            text, _ = decode_text(data, filename)
            table = [[_uninert(c) for c in r] for r in csv.reader(io.StringIO(text), dialect=_dialect(text))]
        else:
            raise SheetError(f"{filename} : format non reconnu (XLSX, ODS ou CSV).")
    except UndecodableText as exc:
        raise SheetError(str(exc)) from None
    except SheetError:
        raise
    except Exception:
        raise SheetError(f"{filename} : tableur illisible ou endommagé.") from None
    table = [r for r in table if any(str(c).strip() for c in r if c is not None)]
    if not table:
        raise SheetError(f"{filename} : le fichier est vide.")
    head = [str(c).strip() if c is not None else "" for c in table[0]]
    if "Identifiant" not in head or VERSION not in head:
        raise SheetError(
            f"{filename} : colonnes « Identifiant » et « {VERSION} » absentes — repartir d'un export du tableau de bord."
        )
    if len(table) - 1 > MAX_ROWS:
        raise SheetError(f"{filename} : plus de {MAX_ROWS} lignes.")
    return [
        {"_line": i, **{h: (r[k] if k < len(r) else None) for k, h in enumerate(head)}}
        for i, r in enumerate(table[1:], start=2)
    ]


def _dialect(text: str):
    try:
        return csv.Sniffer().sniff(text[:5000], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def _read_ods(data: bytes) -> list[list]:
    from odf.namespaces import OFFICENS, TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    doc = load(io.BytesIO(data))
    sheet = doc.spreadsheet.getElementsByType(Table)[0]
    out = []
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
                value = "".join(str(p) for p in cell.childNodes)
            row.extend([value] * min(repeat, 50))
        out.append(row)
    return out


@dataclass
class RowChange:
    line: int
    action: Action
    version: int
    values: dict = field(default_factory=dict)  # field -> new value
    labels: list = field(default_factory=list)  # (label, before, after) for the preview


@dataclass
class ImportPlan:
    changes: list[RowChange] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    unchanged: int = 0


def plan(convention: Convention, user, table: list[dict]) -> ImportPlan:
    """What the file would change, and the rows refused (unknown action, not yours, stale, bad value)."""
    actions = {
        a.pk: a
        for a in convention.actions.prefetch_related("pilots__users", "pilots__services").select_related("convention")
    }
    roles = policy.party_roles(user, convention)
    result = ImportPlan()
    for row in table:
        line = row["_line"]
        try:
            pk = int(float(str(row.get("Identifiant")).strip()))
            version = int(float(str(row.get(VERSION)).strip()))
        except (TypeError, ValueError):
            result.refused.append((line, "identifiant ou version illisible"))
            continue
        action = actions.get(pk)
        if action is None:
            result.refused.append((line, f"l'action {pk} n'appartient pas à cette convention"))
            continue
        try:
            values = _values(row)
        except ValueError as exc:
            result.refused.append((line, str(exc)))
            continue
        diff = {f: v for f, v in values.items() if getattr(action, f) != v}
        if not diff:
            result.unchanged += 1
            continue
        if not policy.can_track(user, action, roles):
            result.refused.append((line, f"vous ne pouvez pas modifier l'action « {action.title[:60]} »"))
            continue
        if version != action.lock_version:
            result.refused.append((line, f"l'action « {action.title[:60]} » a été modifiée depuis l'export"))
            continue
        change = RowChange(line, action, version, diff)
        for f, v in diff.items():
            label = Action._meta.get_field(f).verbose_name
            change.labels.append((label, _show(f, getattr(action, f)), _show(f, v)))
        result.changes.append(change)
    return result


def _values(row: dict) -> dict:
    out = {}
    for column, f in EDITABLE.items():
        if column not in row:
            continue
        raw = row[column]
        if f == "status":
            code = STATUS_BY_LABEL.get(fold(str(raw or "")).strip())
            if code is None:
                raise ValueError(f"statut « {raw} » inconnu")
            out[f] = code
        elif f == "progress":
            try:
                value = round(float(str(raw).replace(",", ".").replace("%", "").strip() or 0))
            except ValueError:
                raise ValueError(f"avancement « {raw} » illisible") from None
            if not 0 <= value <= 100:
                raise ValueError(f"avancement {value} hors de 0–100")
            out[f] = value
        else:
            out[f] = _date(raw)
    return out


def _date(raw) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date « {raw} » illisible (JJ/MM/AAAA)")


def _show(f: str, v) -> str:
    if f == "status":
        return Action.Status(v).label
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    return "—" if v is None else str(v)
