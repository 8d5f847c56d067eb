"""Side-by-side comparison of two versions of a convention (their frozen snapshots)."""

from __future__ import annotations

from dataclasses import dataclass

from .lifecycle import UNITS

STATES = {"same": "identique", "added": "ajouté", "removed": "retiré", "changed": "modifié"}


@dataclass(frozen=True)
class Row:
    label: str
    left: str
    right: str
    state: str  # same, added, removed, changed
    level: int = 0  # 0 a heading row (duration, axis), 1 an action, 2 a sub-action

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def _show(value, unit: str) -> str:
    return "—" if value in (None, "") else f"{value} {unit}"


def _length(values: dict, prefix: str = "") -> str:
    """The amount a snapshot keeps under the key of its unit (« years », « notice_months »…)."""
    return next(
        (_show(values[prefix + key], unit) for key, unit in UNITS if values.get(prefix + key) not in (None, "")), "—"
    )


def _duration(snapshot: dict) -> dict[str, str]:
    d = snapshot.get("duration") or {}
    renewal = d.get("tacit_renewal") or {}
    return {
        "Durée": _length(d),
        "Reconductions tacites": _show(renewal.get("times"), "fois"),
        "Durée d'une reconduction": _length(renewal),
        "Préavis": _length(d, "notice_"),
        "Résiliation pour manquement": _length(d, "termination_for_breach_"),
    }


def _actions(snapshot: dict) -> dict[tuple, tuple[int, str]]:
    """{(axis, action key): (level, text)} in document order."""
    out: dict[tuple, tuple[int, str]] = {}

    def walk(axis_key, action, level):
        key = (axis_key, action.get("number") or action["title"])
        f = action.get("fields") or {}
        details = [
            f"{name} : {f[k]}"
            for k, name in (("delai", "délai"), ("budget", "budget"), ("partenaires", "partenaires"))
            if f.get(k)
        ]
        out[key] = (level, " — ".join([f"{action.get('number') or ''} {action['title']}".strip(), *details]))
        for child in action.get("children") or []:
            walk(axis_key, child, level + 1)

    for axis in snapshot.get("axes") or []:
        axis_key = axis.get("number") or axis["title"]
        out[(axis_key, None)] = (0, f"Axe {axis.get('number') or ''} — {axis['title']}".replace("Axe  — ", ""))
        for action in axis.get("actions") or []:
            walk(axis_key, action, 1)
    return out


def _state(left: str | None, right: str | None) -> str:
    if left is None:
        return "added"
    if right is None:
        return "removed"
    return "same" if left == right else "changed"


def compare(left: dict, right: dict) -> list[Row]:
    rows = [Row(label, a, b, _state(a, b)) for (label, a), b in zip(_duration(left).items(), _duration(right).values())]
    old, new = _actions(left), _actions(right)
    # Axis by axis, each keeping the old order, with what the new version adds after.
    axes = list(dict.fromkeys([k[0] for k in old] + [k[0] for k in new]))
    keys = [
        k
        for axis in axes
        for k in [*(k for k in old if k[0] == axis), *(k for k in new if k[0] == axis and k not in old)]
    ]
    for key in keys:
        level, a = old.get(key, (None, None))
        level_b, b = new.get(key, (None, None))
        rows.append(Row(a or b or "", a or "", b or "", _state(a, b), level if level is not None else level_b))
    return rows
