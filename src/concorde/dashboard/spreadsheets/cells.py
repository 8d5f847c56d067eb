"""Cells of an edited workbook read as values: a status, a percentage, a date, a number, a list of
names — each refused with a French message that quotes what was typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from concorde.conventions.models import Action, BudgetLine
from concorde.lib.amounts import parse_euros
from concorde.lib.text import fold

STATUS_BY_LABEL = {fold(label): code for code, label in Action.Status.choices} | {
    code: code for code in Action.Status.values
}
NATURE_BY_LABEL = {fold(label): code for code, label in BudgetLine.Nature.choices} | {
    "invest": BudgetLine.Nature.INVESTMENT,
    "fonct": BudgetLine.Nature.OPERATING,
}


def text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def identifier(raw) -> int | None:
    """A stable identifier as a spreadsheet gives it back (« 12 », 12, 12.0); None when empty."""
    value = text(raw)
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError:
        raise ValueError(f"identifiant « {value} » illisible") from None


def status(raw) -> str:
    code = STATUS_BY_LABEL.get(fold(text(raw)))
    if code is None:
        raise ValueError(f"statut « {text(raw)} » inconnu")
    return code


def percentage(raw) -> int:
    try:
        value = round(float(text(raw).replace(",", ".").replace("%", "").strip() or 0))
    except ValueError:
        raise ValueError(f"avancement « {text(raw)} » illisible") from None
    if not 0 <= value <= 100:
        raise ValueError(f"avancement {value} hors de 0–100")
    return value


def date(raw) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    value = text(raw)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value[:10], fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date « {value} » illisible (JJ/MM/AAAA)")


def decimal(raw, what: str) -> Decimal | None:
    """A number typed in a cell (« 12,5 », « 50 000 ») or given by the program (12.5)."""
    if raw in (None, ""):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        try:
            return Decimal(str(raw)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValueError(f"{what} « {raw} » illisible") from None
    try:
        return parse_euros(text(raw))
    except ValueError:
        raise ValueError(f"{what} « {text(raw)} » illisible") from None


def year(raw) -> int:
    value = text(raw)
    if not value.isdigit() or len(value) != 4:
        raise ValueError(f"année « {value} » illisible (quatre chiffres)")
    return int(value)


def nature(raw) -> str:
    folded = fold(text(raw))
    code = NATURE_BY_LABEL.get(folded) or next((c for k, c in NATURE_BY_LABEL.items() if folded.startswith(k)), None)
    if not folded or code is None:
        raise ValueError(f"nature « {text(raw)} » inconnue (investissement ou fonctionnement)")
    return code


def names(raw) -> list[str]:
    """« Direction des sports ; Service jeunesse », one per line or separated by « ; »."""
    return [n.strip() for n in text(raw).replace("\n", ";").split(";") if n.strip()]


def cofinancings(raw) -> list[tuple[str, Decimal]]:
    """« Région Île-de-France : 20 000 ; État : 5 000 »."""
    out = []
    for part in names(raw):
        financer, sep, amount = part.rpartition(":")
        if not sep or not financer.strip():
            raise ValueError(f"cofinancement « {part} » : écrire le financeur puis son montant (« Région : 20 000 »)")
        value = decimal(amount, f"montant du cofinancement de {financer.strip()}")
        if value is None:
            raise ValueError(f"cofinancement « {part} » sans montant")
        out.append((financer.strip(), value))
    return out
