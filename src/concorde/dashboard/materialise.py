"""Materialised dashboards. A convention's dashboard (summary, charts, filters, table) is
rendered once per state of its tracking (data_version) and per day (lateness), and kept in the
shared cache (a table of the database, read by every server process): the whole unfiltered page
as a template fragment (dashboard/_dashboard.html), and its parts, each action's row among them,
under `_key`. Both are rendered again right after every write (on commit) and for every
convention each night (`concorde dashboards`), so that a reader — even the first of the day —
never waits for them. A filtered view is made from the parts: the rendered rows are kept with
what the filters look at (axis, status, parties, services, lateness), so filtering reads nothing
more from the database (unless another date is asked for the changes)."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path

from django.core.cache import cache, caches
from django.core.cache.utils import make_template_fragment_key
from django.db import transaction
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from concorde.conventions import budgets
from concorde.conventions.models import Convention
from concorde.governance.models import GoverningBody, Meeting
from concorde.lib.text import fold

from . import queries
from .filters import RowFilter

KEEP = 2 * 24 * 3600  # two days: today's rendering and yesterday's, until the night's
FRAGMENT = "tableau-de-bord"  # the {% cache %} fragment of dashboard/_dashboard.html


def _rendering_fingerprint() -> str:
    """What the rendering is made of — the dashboard's templates and the code that fills them —
    in a few characters: a release that changes any of it renders anew instead of serving what
    the previous one kept (no version to bump by hand)."""
    here = Path(__file__).resolve().parent
    sources = sorted((here.parent / "templates" / "dashboard").glob("*.html")) + [here / "queries.py", Path(__file__)]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


RENDERING = _rendering_fingerprint()


def last_comite(convention: Convention) -> dt.date | None:
    """What changed since the last comité de pilotage held is what the next one looks at."""
    return (
        Meeting.objects.filter(
            body__convention=convention, body__kind=GoverningBody.Kind.STEERING, status=Meeting.Status.HELD
        )
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


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


def materialised(convention: Convention, today: dt.date | None = None) -> dict:
    """The convention's dashboard for its current state and today, rendered once: summary and
    charts, each action's row with what the filters look at, the changes since the last comité
    (holding one moves data_version, so the key need not read it)."""
    today = today or timezone.localdate()
    key = _key(convention, today)
    found = cached(key)
    if found is None:
        found = _render(convention, today)
        keep(key, found)
    return found


def _key(convention: Convention, today: dt.date) -> str:
    return f"tdb:{RENDERING}:{convention.pk}:{convention.data_version}:{today}"


def _fragment_key(convention: Convention, today: dt.date) -> str:
    """The key the {% cache %} tag of dashboard/_dashboard.html reads: the same inputs as `_key`."""
    return make_template_fragment_key(FRAGMENT, [RENDERING, convention.pk, convention.data_version, today])


def _render(convention: Convention, today: dt.date) -> dict:
    data = queries.dashboard(convention, today)
    since = last_comite(convention) or today - dt.timedelta(days=30)
    action_url = reverse("dashboard:action", args=[convention.pk, 0])[:-2]  # '/conventions/<pk>/actions/'
    context = {"convention": convention, **data}
    row = get_template("dashboard/_action_row.html")
    rows = []
    for a in data["actions"]:
        a.shown_progress = round(a.rolled_progress or 0)
        rows.append(
            (
                mark_safe(row.render({"a": a, "action_url": action_url})),
                a.axis_id,
                a.status,
                tuple(a.side_pilots),
                tuple(fold(s or "") for s in a.side_pilot_search.values()),
                a.late,
            )
        )
    return {
        "summary": mark_safe(render_to_string("dashboard/_summary.html", context)),
        "charts": mark_safe(render_to_string("dashboard/_charts.html", context)),
        "budget": mark_safe(render_to_string("dashboard/_budget.html", budget_summary(convention))),
        "rows": rows,
        "axes": [(axis.pk, f"Axe {axis.number} — {Truncator(axis.title).chars(60)}") for axis in data["axes"]],
        "parties": [(party.pk, party.label) for party in data["parties"]],
        "since": since,
        "changes": _changes(convention, since),
    }


def budget_summary(convention: Convention) -> dict:
    """The budget lines summed for dashboard/_budget.html (the members' dashboard, the public page)."""
    totals = budgets.totals(convention)
    return {
        "totals": totals,
        "groups": [
            (
                "Par axe",
                "Axe",
                [(f"Axe {axis.number}" if axis.number else axis.title, a) for axis, a in totals.by_axis],
            ),
            ("Par partie", "Partie", [(party.label, a) for party, a in totals.by_party]),
            ("Par année", "Année", [(str(year), a) for year, a in totals.by_year]),
            ("Par nature", "Nature", totals.by_nature),
        ],
    }


def _changes(convention: Convention, since: dt.date) -> str:
    return mark_safe(
        render_to_string(
            "dashboard/_changes.html", {"since": since, "changes": queries.changes_since(convention, since)}
        )
    )


def parts(convention: Convention, asked=None, today: dt.date | None = None, shown: dict | None = None) -> dict:
    """The parts of the dashboard for the filters asked (a query string): its materialised rows,
    all of them or those the filters keep — nothing is read again from the database, but the
    changes since another date than the last comité's."""
    shown = shown or materialised(convention, today)
    rows, since, changes = shown["rows"], shown["since"], shown["changes"]
    filters = RowFilter(None, axes=shown["axes"], parties=shown["parties"])
    if asked:
        data = asked.copy()
        if not data.get("since"):  # the form shows the period of the changes listed
            data["since"] = since.isoformat()
        bound = RowFilter(data, axes=shown["axes"], parties=shown["parties"])
        if bound.is_valid():  # else the whole table, and the filters as they stand by default
            filters, rows = bound, bound.rows(rows)
            asked_since = bound.form.cleaned_data.get("since")
            if asked_since and asked_since != since:
                changes = _changes(convention, asked_since)
    if not filters.is_bound:
        filters.form.initial = {"since": since}
    return {
        "summary": shown["summary"],
        "charts": shown["charts"],
        "budget": shown["budget"],
        "filters": filters,
        "rows": [r[0] for r in rows],
        "party_labels": [label for _, label in shown["parties"]],
        "changes": changes,
    }


def page(convention: Convention, asked=None, today: dt.date | None = None, shown: dict | None = None) -> dict:
    """The context of dashboard/_dashboard.html: the parts are read only when its fragment is not
    already kept (a filtered view always reads them)."""
    today = today or timezone.localdate()
    return {
        "convention": convention,
        "today": today,
        "keep": KEEP,
        "rendering": RENDERING,
        "filtered": bool(asked),
        "parts": SimpleLazyObject(lambda: parts(convention, asked, today, shown)),
    }


def warm(convention_id: int) -> None:
    """Render the default dashboard of one convention as it now stands."""
    convention = Convention.objects.filter(pk=convention_id).exclude(status=Convention.Status.DRAFT).first()
    if convention is not None:
        render_to_string("dashboard/_dashboard.html", page(convention))


def warm_after_commit(sender, convention_id: int, **kwargs) -> None:
    """Receiver of conventions.tracking.changed: render again once the write is committed."""
    transaction.on_commit(lambda: warm(convention_id))


def warm_all() -> tuple[int, int, float]:
    """Every validated convention's dashboard for today (the nightly job): (rendered, found
    already rendered for their current state, seconds)."""
    start, rendered, ready = time.perf_counter(), 0, 0
    today = timezone.localdate()
    for convention in (
        Convention.objects.exclude(status=Convention.Status.DRAFT).order_by("pk").iterator(chunk_size=500)
    ):
        if cache.has_key(_fragment_key(convention, today)):
            ready += 1
        else:
            shown = _render(convention, today)
            cache.set(_key(convention, today), shown, KEEP)  # not kept in this process's memory: it serves no page
            render_to_string("dashboard/_dashboard.html", page(convention, today=today, shown=shown))
            rendered += 1
    return rendered, ready, time.perf_counter() - start
