"""A convention's actions read with their tracking — pilots, indicators and their measurements,
the last update — in a fixed number of queries, for every page that lists them (dashboard, agenda,
spreadsheets)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from .models import Action, ActionPilot, Convention, Indicator, Measurement, Update
from .tracking import Latest


@dataclass
class IndicatorRow:
    """An indicator as the dashboard shows it, read as plain values (no model instances)."""

    id: int
    label: str
    target_value: object
    unit: str
    measurements: list = field(default_factory=list)  # (date, id, value, status), newest first

    def latest(self) -> Latest | None:
        if not self.measurements:
            return None
        date, _, value, status = self.measurements[0]
        ratio = float(value) / float(self.target_value) if self.target_value else None
        return Latest(value, date, status, ratio)


def actions_with_tracking(convention: Convention) -> list[Action]:
    """The convention's actions, each with `side_pilots` {party id: service}, `indicator_rows`
    and its last update — five queries, the related rows read as values (cheaper than instances)."""
    last = Subquery(
        Update.objects.filter(action=OuterRef("pk"), deleted_at__isnull=True).order_by("-date", "-id").values("id")[:1]
    )
    actions = list(
        Action.objects.filter(convention=convention)
        .order_by("order")
        .select_related("axis")
        .annotate(last_update_id=last)
    )
    ids = [a.id for a in actions]
    pilots, searched = pilot_labels(ids)
    indicators: dict[int, list] = {}
    by_id = {}
    for ind_id, action_id, label, target, unit in (
        Indicator.objects.filter(action_id__in=ids)
        .order_by("order", "id")
        .values_list("id", "action_id", "label", "target_value", "unit")
    ):
        row = IndicatorRow(ind_id, label, target, unit)
        by_id[ind_id] = row
        indicators.setdefault(action_id, []).append(row)
    for ind_id, date, m_id, value, status in (
        Measurement.objects.filter(indicator_id__in=list(by_id))
        .order_by("-date", "-id")
        .values_list("indicator_id", "date", "id", "value", "status")
    ):
        by_id[ind_id].measurements.append((date, m_id, value, status))
    updates = {
        u["id"]: u
        for u in Update.objects.filter(id__in=[a.last_update_id for a in actions if a.last_update_id]).values(
            "id", "date", "text"
        )
    }
    for a in actions:
        a.side_pilots = pilots.get(a.id, {})
        a.side_pilot_search = searched.get(a.id, {})
        a.indicator_rows = indicators.get(a.id, [])
        update = updates.get(a.last_update_id)
        a.last_update_date, a.last_update_text = (update["date"], update["text"]) if update else (None, None)
    return actions


def pilot_labels(action_ids: list[int]) -> tuple[dict, dict]:
    """{action id: {party id: its services' short names, else the document's text}}, and beside it
    what the pilot filter searches (the names and the document's text) — two queries."""
    named: dict[int, list[str]] = {}
    for pilot_id, acronym, name in (
        ActionPilot.services.through.objects.filter(actionpilot__action_id__in=action_ids)
        .order_by("service__name")
        .values_list("actionpilot_id", "service__acronym", "service__name")
    ):
        named.setdefault(pilot_id, []).append(acronym or name)
    shown: dict[int, dict] = {}
    searched: dict[int, dict] = {}
    for pilot_id, action_id, party_id, text in ActionPilot.objects.filter(action_id__in=action_ids).values_list(
        "id", "action_id", "party_id", "service"
    ):
        names = ", ".join(named.get(pilot_id, []))
        shown.setdefault(action_id, {})[party_id] = names or text
        searched.setdefault(action_id, {})[party_id] = f"{names} {text}".strip()
    return shown, searched
