"""Materialised dashboards. A convention's dashboard (summary, charts, filters, table) is
rendered once per state of its tracking (data_version) and per day (lateness), and kept in the
shared cache (a table of the database, read by every server process). It is rendered again right
after every write (on commit) and for every convention each night (`concorde dashboards`), so
that a reader — even the first of the day — never waits for it. A filtered view is made from it:
the rendered rows are kept with what the filters look at (axis, status, parties, services,
lateness), so filtering reads nothing more from the database (unless another date is asked
for the changes)."""
from __future__ import annotations

import datetime as dt
import time

from django.core.cache import cache, caches
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from concorde.conventions.models import Action, Convention
from concorde.governance.models import GoverningBody, Meeting
from concorde.ingest.parser.numbers import fold

from . import queries
from .forms import FilterForm
from .render import action_row, action_table, action_url_prefix, filter_form

KEEP = 2 * 24 * 3600  # two days: today's rendering and yesterday's, until the night's
SHAPE = 3  # of what is kept: a new version of Concorde that changes it changes this, and renders again


def last_comite(convention: Convention) -> dt.date | None:
    """What changed since the last comité de pilotage held is what the next one looks at."""
    return (Meeting.objects.filter(body__convention=convention, body__kind=GoverningBody.Kind.STEERING,
                                   status=Meeting.Status.HELD).order_by("-date").values_list("date", flat=True).first())


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


def materialised(convention: Convention) -> dict:
    """The convention's dashboard for its current state and today, rendered once: summary and
    charts, each action's row with what the filters look at, the changes since the last comité
    (holding one moves data_version, so the key need not read it)."""
    today = timezone.localdate()
    key = _key(convention, today)
    found = cached(key)
    if found is None:
        found = _render(convention, today)
        keep(key, found)
    return found


def _key(convention: Convention, today: dt.date) -> str:
    return f"tdb{SHAPE}:{convention.pk}:{convention.data_version}:{today}"


def _render(convention: Convention, today: dt.date) -> dict:
    data = queries.dashboard(convention, today)
    since = last_comite(convention) or today - dt.timedelta(days=30)
    action_url = action_url_prefix(convention)
    context = {"convention": convention, **data}
    return {
        "summary": mark_safe(render_to_string("dashboard/_summary.html", context)),
        "charts": mark_safe(render_to_string("dashboard/_charts.html", context)),
        "rows": [(action_row(a, action_url), a.axis_id, a.status, tuple(a.side_pilots),
                  tuple(fold(s or "") for s in a.side_pilot_search.values()), a.late) for a in data["actions"]],
        "axes": [(axis.pk, f"Axe {axis.number} — {Truncator(axis.title).chars(60)}") for axis in data["axes"]],
        "parties": [(party.pk, party.label) for party in data["parties"]],
        "since": since, "changes": _changes(convention, since),
    }


def _changes(convention: Convention, since: dt.date) -> str:
    return mark_safe(render_to_string("dashboard/_changes.html", {"since": since, "changes": queries.changes_since(convention, since)}))


def parts(convention: Convention, asked=None) -> dict:
    """The parts of the dashboard for the filters asked (a query string): its materialised rows,
    all of them or those the filters keep — nothing is read again from the database, but the
    changes since another date than the last comité's."""
    shown = materialised(convention)
    rows, values, since, changes = [r[0] for r in shown["rows"]], {}, shown["since"], shown["changes"]
    form = FilterForm(asked, axes=shown["axes"], parties=shown["parties"]) if asked else None
    if form is not None and form.is_valid():
        f, values = form.cleaned_data, asked
        pilot = fold(f["pilot"]) if f.get("pilot") else None
        rows = [html for html, axis, status, parties, services, late in shown["rows"]
                if (not f.get("axis") or axis == f["axis"]) and (not f.get("status") or status == f["status"])
                and (not f.get("party") or f["party"] in parties) and (not pilot or any(pilot in s for s in services))
                and (not f.get("late") or late)]
        if f.get("since") and f["since"] != since:
            since, changes = f["since"], _changes(convention, f["since"])
    return {
        "summary": shown["summary"], "charts": shown["charts"],
        "filters": filter_form(reverse("dashboard", args=[convention.pk]), shown["axes"], Action.Status.choices, shown["parties"],
                               values, since),
        "table": mark_safe(action_table([label for _, label in shown["parties"]], rows) + changes),
    }


def warm(convention_id: int) -> None:
    """Render the default dashboard of one convention as it now stands."""
    convention = Convention.objects.filter(pk=convention_id).exclude(status=Convention.Status.DRAFT).first()
    if convention is not None:
        materialised(convention)


def warm_after_commit(sender, convention_id: int, **kwargs) -> None:
    """Receiver of conventions.tracking.changed: render again once the write is committed."""
    transaction.on_commit(lambda: warm(convention_id))


def warm_all() -> tuple[int, int, float]:
    """Every validated convention's dashboard for today (the nightly job): (rendered, found
    already rendered for their current state, seconds)."""
    start, rendered, ready = time.perf_counter(), 0, 0
    today = timezone.localdate()
    for convention in Convention.objects.exclude(status=Convention.Status.DRAFT).order_by("pk").iterator(chunk_size=500):
        key = _key(convention, today)
        if cache.has_key(key):
            ready += 1
        else:
            cache.set(key, _render(convention, today), KEEP)  # not kept in this process's memory: it serves no page
            rendered += 1
    return rendered, ready, time.perf_counter() - start
