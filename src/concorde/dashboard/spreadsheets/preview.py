"""What the preview of a re-import says of each change (values as the pages write them), and the
plain values a confirmed change keeps in the session until it is applied."""

from __future__ import annotations

from concorde.conventions.models import Action, BudgetLine
from concorde.lib.amounts import format_euros

from .sheets import fingerprint


def listed(named: dict[int, str]) -> str:
    return "; ".join(sorted(named.values())) or "—"


INDICATOR_FIELDS = {"label": "libellé", "unit": "unité", "baseline": "valeur de référence", "target_value": "cible"}


def indicator_fields(values: dict):
    return [(f, INDICATOR_FIELDS[f]) for f in values]


def labelled(values: dict) -> dict:
    return {INDICATOR_FIELDS[f]: v for f, v in values.items()}


def budget_fingerprint(values: dict) -> str:
    pairs = sorted((financer, amount.normalize()) for financer, amount in values["cofinancings"])
    return fingerprint(values["year"], values["nature"], values["label"], values["planned"], values["spent"], pairs)


def line_text(values: dict) -> str:
    nature = BudgetLine.Nature(values["nature"]).label.lower()
    text = f"{values['year']}, {nature}"
    if values["label"]:
        text += f", {values['label']}"
    text += f" : prévu {shown('planned', values['planned'])} €, dépensé {shown('spent', values['spent'])} €"
    if values["cofinancings"]:
        text += " ; cofinancé par " + ", ".join(f"{f} ({shown('x', a)} €)" for f, a in values["cofinancings"])
    return text


def plain(values: dict) -> dict:
    """Values the session can keep (JSON): dates in ISO form, amounts as text."""
    out = {}
    for f, v in values.items():
        if hasattr(v, "isoformat"):
            v = v.isoformat()
        elif f == "cofinancings":
            v = [[financer, str(amount)] for financer, amount in v]
        elif v is not None and not isinstance(v, (int, str)):
            v = str(v)
        out[f] = v
    return out


def shown(f: str, v) -> str:
    if v is None or v == "":
        return "—"
    if f == "status":
        return Action.Status(v).label
    if hasattr(v, "strftime"):
        return v.strftime("%d/%m/%Y")
    if hasattr(v, "quantize"):
        return format_euros(v)
    return str(v)
