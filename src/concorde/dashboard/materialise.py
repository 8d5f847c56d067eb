"""Materialised dashboards. A convention's dashboard (summary, charts, filters, table) is
rendered once per state of its tracking (data_version), per day (lateness) and per filter, and
kept in the shared cache (a table of the database, read by every server process). The default
view is rendered again right after every write (on commit) and for every convention each night
(`concorde dashboards`), so that a reader — even the first of the day — never waits for it."""
from __future__ import annotations

import datetime as dt
import time
from urllib.parse import urlencode

from django.core.cache import cache, caches
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from concorde.conventions.models import Action, Convention
from concorde.governance.models import GoverningBody, Meeting

from . import queries
from .forms import FilterForm
from .render import action_rows

PARTS = ("summary", "charts", "filters", "table")
KEEP = 2 * 24 * 3600  # two days: today's rendering and yesterday's, until the night's


def last_comite(convention: Convention) -> dt.date | None:
    """What changed since the last comité de pilotage held is what the next one looks at."""
    return (Meeting.objects.filter(body__convention=convention, body__kind=GoverningBody.Kind.STEERING,
                                   status=Meeting.Status.HELD).order_by("-date").values_list("date", flat=True).first())


def since_of(convention: Convention, filters: dict) -> dt.date:
    return filters.get("since") or last_comite(convention) or timezone.localdate() - dt.timedelta(days=30)


def cached(key: str):
    """From this process's memory, else from the shared cache (then kept in memory)."""
    found = caches["local"].get(key)
    if found is None:
        found = cache.get(key)
        if found is not None:
            caches["local"].set(key, found)
    return found


def keep(key: str, value) -> None:
    cache.set(key, value, KEEP)
    caches["local"].set(key, value)


def parts(convention: Convention, form: FilterForm, filters: dict) -> dict:
    """The rendered parts, rendered now only if nobody did for this state, day and filter.
    Without a date asked for, the changes shown are those since the last comité held (or
    30 days): holding a meeting moves data_version, so the key need not read it."""
    today = timezone.localdate()
    shown = {k: getattr(v, "pk", v) for k, v in sorted(filters.items()) if v not in (None, "", False)}
    key = f"tdb:{convention.pk}:{convention.data_version}:{today}:{urlencode(shown)}"
    found = cached(key)
    if found is None:
        since = since_of(convention, filters)
        data = queries.dashboard(convention, filters, today)
        context = {"convention": convention, "since": since, "form": form, "statuses": Action.Status.choices, **data,
                   "rows_html": action_rows(data["rows"], convention, data["parties"]),
                   "changes": queries.changes_since(convention, since)}
        found = {name: mark_safe(render_to_string(f"dashboard/_{name}.html", context)) for name in PARTS}
        keep(key, found)
    return found


def warm(convention_id: int) -> None:
    """Render the default dashboard of one convention as it now stands."""
    convention = Convention.objects.filter(pk=convention_id).exclude(status=Convention.Status.DRAFT).first()
    if convention is not None:
        _default(convention)


def _default(convention: Convention) -> None:
    parts(convention, FilterForm(None, convention=convention), {})


def warm_after_commit(sender, convention_id: int, **kwargs) -> None:
    """Receiver of conventions.tracking.changed: render again once the write is committed."""
    transaction.on_commit(lambda: warm(convention_id))


def warm_all() -> tuple[int, float]:
    """Every validated convention's default dashboard, for today (the nightly job); those
    already rendered for their current state are left as they are."""
    start, count = time.perf_counter(), 0
    for convention in Convention.objects.exclude(status=Convention.Status.DRAFT).order_by("pk").iterator(chunk_size=500):
        _default(convention)
        count += 1
    return count, time.perf_counter() - start
