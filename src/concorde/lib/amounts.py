"""Euro amounts as budgets write them (« 1,4 M€ », « 30 000 euros », « 12 k€ »): pure functions,
used by the importer and by the review of an action's budget."""

from __future__ import annotations

import re
from decimal import Decimal

_AMOUNT = re.compile(
    r"(\d{1,3}(?:[ .\u202f]\d{3})+|\d+(?:,\d+)?)\s*(M|k|millions?|milliers?)?\s*(?:d['’])?\s*(€|euros?)",
    re.I,
)


def parse_amounts(text: str) -> list[float]:
    """Every euro amount in a budget text: '1,4M €' -> 1400000.0, '30 000 €' -> 30000.0."""
    out = []
    for num, scale, _ in _AMOUNT.findall(text or ""):
        value = (
            float(re.sub(r"[ .\u202f]", "", num).replace(",", "."))
            if re.search(r"[ .\u202f]\d{3}", num)
            else float(num.replace(",", "."))
        )
        scale = (scale or "").lower()
        if scale.startswith("m"):
            value *= 1_000_000
        elif scale.startswith("k") or scale.startswith("millier"):
            value *= 1_000
        out.append(value)
    return out


def budget_amount(text: str | None) -> float | None:
    """The budget as one figure, only when the text gives exactly one total."""
    if not text:
        return None
    amounts = parse_amounts(text)
    if len(amounts) != 1 or re.search(r"\bpar\s+(place|personne|an|mois|jour|élève|participant)", text, re.I):
        return None
    return amounts[0]


_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_euros(text: str) -> Decimal:
    """An amount as a person types it: « 50 000 », « 12 500,50 », « 1.250.000 € », « 3000.5 ».
    ValueError when it is not one."""
    cleaned = _SPACES.sub("", (text or "").strip()).removesuffix("€").removesuffix("euros").removesuffix("euro")
    if "," in cleaned:  # French: the comma is the decimal mark, dots group thousands
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1 or re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", cleaned):
        raise ValueError(text)
    return Decimal(cleaned)


def format_euros(amount: Decimal) -> str:
    """An amount written back the way parse_euros reads it: « 20 000 », « 12 500,50 »."""
    whole, cents = f"{amount:,.2f}".split(".")
    whole = whole.replace(",", "\u00a0")
    return whole if cents == "00" else f"{whole},{cents}"
