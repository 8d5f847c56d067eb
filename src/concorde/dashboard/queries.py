"""Reading the shared dashboard in a fixed number of queries, whatever the convention's size."""

from __future__ import annotations

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils import timezone

from concorde.conventions import policy
from concorde.conventions.models import Action, Convention, Measurement, Update
from concorde.conventions.services import CATALOGUE
from concorde.conventions.tracked_actions import actions_with_tracking
from concorde.conventions.tracking import CLOSED, is_late, rollup
from concorde.governance.deadlines import deadlines_of, first_alert, for_lists


def dashboard(convention: Convention, today: dt.date | None = None) -> dict:
    """Every action with its tracking, and the figures of the summary and the charts (the
    filters apply to the rendered rows: dashboard.materialise)."""
    today = today or timezone.localdate()
    actions = actions_with_tracking(convention)
    progress = rollup(actions)
    parties = list(convention.parties.all())
    states = [m[3] for a in actions for i in a.indicator_rows for m in i.measurements]
    for a in actions:
        a.rolled_progress = progress["actions"].get(a.id)
        a.late = is_late(a, today)
        a.pilot_list = [(party, a.side_pilots.get(party.id)) for party in parties]
        a.latest = [(i, i.latest()) for i in a.indicator_rows]
    axes = list(convention.axes.all())
    for axis in axes:
        axis.rolled_progress = progress["axes"].get(axis.id)
    by_party = []
    for party in parties:
        values = [
            a.rolled_progress
            for a in actions
            if party.id in a.side_pilots and a.parent_id is None and a.rolled_progress is not None
        ]
        by_party.append((party, sum(values) / len(values) if values else None, len(values)))
    return {
        "actions": actions,
        "axes": axes,
        "parties": parties,
        "convention_progress": progress["convention"],
        "by_party": by_party,
        "late_count": sum(1 for a in actions if a.late),
        "action_count": len(actions),
        "pending_measurements": states.count(Measurement.Status.PENDING),
        "disputed_measurements": states.count(Measurement.Status.DISPUTED),
    }


def changes_since(convention: Convention, since: dt.date, limit: int = 50) -> list[dict]:
    """What changed since a date (the last comité): action edits, updates, measurements."""
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    out = []
    people = {}

    def who(user_id):
        return people.get(user_id)

    history = list(
        Action.history.filter(convention_id=convention.id, history_date__gte=start, history_type="~")
        .order_by("-history_date")
        .values("history_date", "history_user_id", "number", "title", "status", "progress", "id")[:limit]
    )
    updates = list(
        Update.objects.filter(action__convention=convention, created_at__gte=start, deleted_at__isnull=True)
        .order_by("-created_at")
        .values("created_at", "author_id", "party__label", "action__title", "action_id")[:limit]
    )
    measures = list(
        Measurement.objects.filter(indicator__action__convention=convention, entered_at__gte=start)
        .order_by("-entered_at")
        .values("entered_at", "entered_by_id", "value", "status", "indicator__label", "indicator__action_id")[:limit]
    )
    ids = (
        {h["history_user_id"] for h in history}
        | {u["author_id"] for u in updates}
        | {m["entered_by_id"] for m in measures}
    )
    if ids - {None}:
        people.update((u.pk, u) for u in get_user_model().objects.filter(pk__in=ids - {None}))
    for h in history:
        out.append(
            {
                "when": h["history_date"],
                "who": who(h["history_user_id"]),
                "action_id": h["id"],
                "what": f"Action {h['number'] or ''} « {h['title'][:80]} » : {Action.Status(h['status']).label}, {h['progress']} %",
            }
        )
    for u in updates:
        out.append(
            {
                "when": u["created_at"],
                "who": who(u["author_id"]),
                "action_id": u["action_id"],
                "what": f"Point d'avancement ({u['party__label']}) sur « {u['action__title'][:80]} »",
            }
        )
    for m in measures:
        out.append(
            {
                "when": m["entered_at"],
                "who": who(m["entered_by_id"]),
                "action_id": m["indicator__action_id"],
                "what": f"Mesure {m['value']} ({Measurement.Status(m['status']).label.lower()}) — {m['indicator__label'][:80]}",
            }
        )
    out.sort(key=lambda x: x["when"], reverse=True)
    return out[:limit]


def portfolio_page(user, page_number, per_page: int = 50):
    """One page of the validated conventions the user's organisations are party to, by title:
    the page, and the (id, data_version) of its conventions — what its rendering depends on."""
    orgs = "*" if user.is_superuser else ",".join(map(str, sorted(policy.organisation_ids(user))))
    key = f"portfolio-index:{orgs}"
    found = cache.get_many([CATALOGUE, key])  # one query for both
    version = found.get(CATALOGUE) or catalogue_version()
    index = found.get(key)
    if index is None or index[0] != version:  # the user's conventions by title: they change only when one is validated
        index = (
            version,
            list(
                policy.visible_conventions(user)
                .exclude(status=Convention.Status.DRAFT)
                .order_by("title", "pk")
                .values_list("pk", flat=True)
            ),
        )
        cache.set(key, index, 600)
    page = Paginator(index[1], per_page).get_page(page_number)
    versions = data_versions(page.object_list)
    return page, [(pk, versions[pk]) for pk in page.object_list if pk in versions]


def data_versions(ids: list[int]) -> dict[int, int]:
    """{id: data_version} of these conventions. Written out: a portfolio page asks it each time."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, data_version FROM {Convention._meta.db_table} WHERE id IN ({', '.join(['%s'] * len(ids))})",
            list(ids),
        )
        return dict(cursor.fetchall())


def catalogue_version() -> int:
    """Moves when a convention enters the portfolios (services.validate)."""
    return cache.get_or_set(CATALOGUE, time.time_ns, None)


def portfolio_rows(ids: list[int], today: dt.date | None = None) -> list[Convention]:
    """Those conventions with consolidated progress, late and total actions, next deadline and
    most pressing alert: cost per page, not per instance."""
    today = today or timezone.localdate()
    open_ = ~Q(actions__status__in=CLOSED)
    late = Q(actions__status=Action.Status.LATE) | (Q(actions__due_date__lt=today) & open_)
    next_action = (
        Action.objects.filter(convention=OuterRef("pk"), due_date__gte=today)
        .exclude(status__in=CLOSED)
        .order_by("due_date", "order")
    )
    rows = list(
        Convention.objects.filter(pk__in=ids)
        .annotate(
            action_count=Count("actions"),
            late_count=Count("actions", filter=late),
            next_due=Min("actions__due_date", filter=Q(actions__due_date__gte=today) & open_),
            next_title=Subquery(next_action.values("title")[:1]),
        )
        .prefetch_related("parties", *for_lists())
        .order_by("title", "pk")
    )
    for c in rows:
        c.alert = first_alert(deadlines_of(c, today))
    return rows
