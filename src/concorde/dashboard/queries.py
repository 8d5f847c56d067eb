"""Reading the shared dashboard in a fixed number of queries, whatever the convention's size."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from concorde.conventions import policy
from concorde.conventions.models import Action, ActionPilot, Convention, Indicator, Measurement, Update
from concorde.conventions.tracking import CLOSED, is_late, latest_values, rollup
from concorde.ingest.parser.numbers import fold


def _last_update(field: str):
    return Subquery(Update.objects.filter(action=OuterRef("pk"), deleted_at__isnull=True)
                    .order_by("-date", "-id").values(field)[:1])


def actions_with_tracking(convention: Convention):
    return list(
        Action.objects.filter(convention=convention).order_by("order")
        .select_related("axis")
        .annotate(last_update_date=_last_update("date"), last_update_text=_last_update("text"))
        .prefetch_related(
            Prefetch("pilots", queryset=ActionPilot.objects.only("id", "action_id", "party_id", "service")),
            Prefetch("indicators", queryset=Indicator.objects.only("id", "action_id", "label", "target_value", "unit").prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.only("id", "indicator_id", "value", "date", "status")
                         .order_by("-date", "-id")))),
        )
    )


def dashboard(convention: Convention, filters: dict | None = None, today: dt.date | None = None) -> dict:
    filters = filters or {}
    today = today or timezone.localdate()
    actions = actions_with_tracking(convention)
    progress = rollup(actions)
    parties = list(convention.parties.all())
    indicators = [i for a in actions for i in a.indicators.all()]
    latest = latest_values(indicators)
    for a in actions:
        a.rolled_progress = progress["actions"].get(a.id)
        a.late = is_late(a, today)
        a.side_pilots = {p.party_id: p.service for p in a.pilots.all()}
        a.pilot_list = [(party, a.side_pilots.get(party.id)) for party in parties]
        a.latest = [(i, latest.get(i.id)) for i in a.indicators.all()]
    rows = [a for a in actions if _keep(a, filters)]
    axes = list(convention.axes.all())
    for axis in axes:
        axis.rolled_progress = progress["axes"].get(axis.id)
    by_party = []
    for party in parties:
        values = [a.rolled_progress for a in actions if party.id in a.side_pilots and a.parent_id is None and a.rolled_progress is not None]
        by_party.append((party, sum(values) / len(values) if values else None, len(values)))
    return {
        "rows": rows, "axes": axes, "parties": parties, "convention_progress": progress["convention"],
        "by_party": by_party, "late_count": sum(1 for a in actions if a.late), "action_count": len(actions),
        "pending_measurements": sum(1 for i in indicators for m in i.measurements.all() if m.status == Measurement.Status.PENDING),
        "disputed_measurements": sum(1 for i in indicators for m in i.measurements.all() if m.status == Measurement.Status.DISPUTED),
    }


def _keep(a: Action, f: dict) -> bool:
    if f.get("axis") and a.axis_id != f["axis"].id:
        return False
    if f.get("status") and a.status != f["status"]:
        return False
    if f.get("party") and f["party"].id not in a.side_pilots:
        return False
    if f.get("pilot") and not any(fold(f["pilot"]) in fold(s) for s in a.side_pilots.values()):
        return False
    if f.get("late") and not a.late:
        return False
    return True


def changes_since(convention: Convention, since: dt.date, limit: int = 50) -> list[dict]:
    """What changed since a date (the last comité): action edits, updates, measurements."""
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    out = []
    people = {}

    def who(user_id):
        return people.get(user_id)

    history = list(Action.history.filter(convention_id=convention.id, history_date__gte=start, history_type="~")
                   .order_by("-history_date").values("history_date", "history_user_id", "number", "title", "status", "progress", "id")[:limit])
    updates = list(Update.objects.filter(action__convention=convention, created_at__gte=start, deleted_at__isnull=True)
                   .order_by("-created_at").values("created_at", "author_id", "party__label", "action__title", "action_id")[:limit])
    measures = list(Measurement.objects.filter(indicator__action__convention=convention, entered_at__gte=start)
                    .order_by("-entered_at").values("entered_at", "entered_by_id", "value", "status", "indicator__label",
                                                    "indicator__action_id")[:limit])
    ids = {h["history_user_id"] for h in history} | {u["author_id"] for u in updates} | {m["entered_by_id"] for m in measures}
    if ids - {None}:
        people.update((u.pk, u) for u in get_user_model().objects.filter(pk__in=ids - {None}))
    for h in history:
        out.append({"when": h["history_date"], "who": who(h["history_user_id"]), "action_id": h["id"],
                    "what": f"Action {h['number'] or ''} « {h['title'][:80]} » : {Action.Status(h['status']).label}, {h['progress']} %"})
    for u in updates:
        out.append({"when": u["created_at"], "who": who(u["author_id"]), "action_id": u["action_id"],
                    "what": f"Point d'avancement ({u['party__label']}) sur « {u['action__title'][:80]} »"})
    for m in measures:
        out.append({"when": m["entered_at"], "who": who(m["entered_by_id"]), "action_id": m["indicator__action_id"],
                    "what": f"Mesure {m['value']} ({Measurement.Status(m['status']).label.lower()}) — {m['indicator__label'][:80]}"})
    out.sort(key=lambda x: x["when"], reverse=True)
    return out[:limit]


def portfolio_page(user, page_number, per_page: int = 50, today: dt.date | None = None):
    """One page of the validated conventions the user's organisations are party to, with
    consolidated progress, late and total actions, and next deadline. The page is chosen
    first (by title), then only its conventions are aggregated: cost per page, not per instance."""
    from django.core.paginator import Paginator

    today = today or timezone.localdate()
    base = policy.visible_conventions(user).exclude(status=Convention.Status.DRAFT).order_by("title", "pk")
    page = Paginator(base.only("pk"), per_page).get_page(page_number)
    ids = [c.pk for c in page.object_list]
    open_ = ~Q(actions__status__in=CLOSED)
    late = Q(actions__status=Action.Status.LATE) | (Q(actions__due_date__lt=today) & open_)
    next_action = (Action.objects.filter(convention=OuterRef("pk"), due_date__gte=today).exclude(status__in=CLOSED)
                   .order_by("due_date", "order"))
    rows = (Convention.objects.filter(pk__in=ids)
            .annotate(action_count=Count("actions"), late_count=Count("actions", filter=late),
                      next_due=Min("actions__due_date", filter=Q(actions__due_date__gte=today) & open_),
                      next_title=Subquery(next_action.values("title")[:1]))
            .prefetch_related("parties").order_by("title", "pk"))
    return page, list(rows)
