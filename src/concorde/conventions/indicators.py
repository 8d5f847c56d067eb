"""An action's indicators read from its text. What the document — or the reviewer — writes in the
« Indicateurs » cell becomes one indicator a line or a « ; », with its target when one is given
(« Nombre de places créées (cible : 120) »)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .models import Action, Indicator

_FIGURE = r"(\d[\d\s\u202f.,]*)"
# « (1 500 comme cible) », « (cible : 120) », « objectif de 30 », « 40 en cible »
_TARGET = re.compile(
    rf"\(?\s*(?:cible\s*:?\s*|objectif\s*(?:de|:)\s*)?{_FIGURE}\s*(?:comme\s+cible|en\s+cible)\s*\)?"
    rf"|\(?\s*(?:cible|objectif)\s*(?::\s*|de\s+)?{_FIGURE}\s*\)?",
    re.I,
)


def split(text: str | None) -> list[dict]:
    """'Nombre de professionnels touchés (1500 comme cible) ; Bilan' -> two indicators, one with its target."""
    out = []
    for part in re.split(r"\s*;\s*|\n+", text or ""):
        part = part.strip(" .")
        if not part:
            continue
        target = None
        m = _TARGET.search(part)
        if m:
            raw = (m.group(1) or m.group(2) or "").replace(" ", "").replace("\u202f", "").replace(",", ".").rstrip(".")
            try:
                target = Decimal(raw)
                part = (part[: m.start()] + part[m.end() :]).strip(" .,:")
            except InvalidOperation:
                target = None
        out.append({"label": part, "target_value": target})
    return out


def _key(label: str) -> str:
    return " ".join(label.lower().split())


def sync(action: Action) -> None:
    """Make the action's indicators say what its text says. An indicator already there keeps its
    row (and its measurements, unit, baseline) and takes the target the text gives; one the text no
    longer names goes, unless measurements were recorded against it."""
    wanted = split(action.indicators_text)
    existing = {_key(i.label): i for i in action.indicators.all()}
    for order, item in enumerate(wanted):
        indicator = existing.pop(_key(item["label"]), None)
        if indicator is None:
            Indicator.objects.create(action=action, order=order, **item)
            continue
        changed = indicator.order != order or (
            item["target_value"] is not None and indicator.target_value != item["target_value"]
        )
        if changed:
            indicator.order = order
            if item["target_value"] is not None:
                indicator.target_value = item["target_value"]
            indicator.save(update_fields=["order", "target_value"])
    for indicator in existing.values():
        if not indicator.measurements.exists():
            indicator.delete()
