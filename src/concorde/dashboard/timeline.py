"""The convention in time: its actions by axis (from their start to their due date, with their
status), or a mandate's priorities and their milestones; then its legal life. Each chart comes
with the rows it draws, for the table beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from concorde.conventions.models import Action, Convention
from concorde.conventions.tracking import is_late
from concorde.governance.life_timeline import legal_life
from concorde.lib.charts import Group, Item, timeline

STATUS_CSS = {
    Action.Status.DONE: "done",
    Action.Status.PLANNED: "planned",
    Action.Status.ABANDONED: "abandoned",
    Action.Status.LATE: "late",
    Action.Status.BLOCKED: "late",
}


@dataclass
class Chart:
    heading: str
    svg: str
    groups: list[Group]
    undated: list[str]


def action_groups(convention: Convention, today: dt.date) -> tuple[list[Group], list[str]]:
    seminar = convention.kind == Convention.Kind.SEMINAR
    groups, undated = [], []
    for axis in convention.axes.prefetch_related("actions").order_by("order"):
        group = Group(f"{'Thème' if seminar else 'Axe'} {axis.number} — {axis.title}".replace("  ", " "))
        for action in axis.actions.all():
            name = f"{action.reference} {action.title}".strip()
            end = action.due_date or action.end_date
            start = action.start_date or end
            if start is None:
                undated.append(name)
                continue
            late = is_late(action, today)
            state = action.get_status_display() + (
                " — en retard" if late and action.status != Action.Status.LATE else ""
            )
            group.items.append(Item(name, start, end, state, "late" if late else STATUS_CSS.get(action.status, "")))
        groups.append(group)
    if seminar:  # the mandate's milestones, beside its priorities
        milestones = Group("Jalons du mandat")
        for m in convention.milestones.all():
            if m.due_date:
                milestones.items.append(Item(m.label, m.due_date, None, m.when_text))
            else:
                undated.append(f"{m.label} ({m.when_text})" if m.when_text else m.label)
        groups.append(milestones)
    return groups, undated


def charts(convention: Convention, today: dt.date) -> list[Chart]:
    seminar = convention.kind == Convention.Kind.SEMINAR
    out = []
    groups, undated = action_groups(convention, today)
    heading = "Priorités du mandat et jalons" if seminar else "Actions par axe"
    if any(g.items for g in groups):
        out.append(Chart(heading, timeline("frise-actions", heading, groups, today), groups, undated))
    elif undated:
        out.append(Chart(heading, "", [], undated))
    life = legal_life(convention, today)
    if life:
        heading = "Mandat" if seminar else "Vie de la convention"
        out.append(Chart(heading, timeline("frise-vie", heading, life, today), life, []))
    return out
