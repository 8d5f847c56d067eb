"""The legal life of a convention laid out in time: its term and each tacit renewal, the last
day to denounce it, the acts recorded (signature, denunciation, formal notice, termination,
avenants in force), the meetings of its bodies and its evaluations — for the timeline page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from concorde.conventions import lifecycle
from concorde.conventions.models import Convention
from concorde.conventions.standing import terms_of
from concorde.lib.charts import Group, Item

from .models import Avenant, Meeting

PERIOD_NAMES = {0: "Période initiale"}


def _period_name(number: int) -> str:
    return PERIOD_NAMES.get(number) or ("1re reconduction" if number == 1 else f"{number}e reconduction")


def legal_life(convention: Convention, today: dt.date) -> list[Group]:
    if convention.kind == Convention.Kind.SEMINAR:
        return _mandate(convention)
    terms = terms_of(convention)
    chain = lifecycle.periods(terms, today)
    term = Group("Durée et reconductions")
    for period in chain:
        state = "en cours" if period.start <= today <= period.end else ("passée" if period.end < today else "à venir")
        term.items.append(Item(_period_name(period.number), period.start, period.end, state, _css(state)))
    running = lifecycle.current_period(chain, today)
    notice = lifecycle.span(convention.notice, convention.notice_unit)
    if running and notice and terms.renewable and running is not chain[-1]:
        last_day = lifecycle.notice_deadline(running.end, notice)
        passed = last_day < today
        term.items.append(
            Item(
                "Dernier jour pour dénoncer la reconduction",
                last_day,
                None,
                "passé" if passed else "",
                "late" if passed else "",
            )
        )
    acts = Group("Actes")
    if convention.signed_on:
        acts.items.append(Item("Signature", convention.signed_on))
    if convention.effective_date:
        acts.items.append(Item("Prise d'effet", convention.effective_date))
    for d in convention.denunciations.select_related("party").order_by("notified_on"):
        acts.items.append(Item(f"Dénonciation par {d.party.label}", d.notified_on, None, "", "late"))
    for n in convention.formal_notices.select_related("to_party").order_by("notified_on"):
        state = "levée" if n.lifted_on else "délai en cours"
        acts.items.append(Item(f"Mise en demeure de {n.to_party.label}", n.notified_on, n.delay_ends_on, state, "late"))
    termination = getattr(convention, "termination", None)
    if termination is not None:
        acts.items.append(Item("Résiliation", termination.effective_on, None, "", "late"))
    for a in convention.avenants.filter(status=Avenant.Status.IN_FORCE).select_related("version"):
        if a.version is not None:
            acts.items.append(Item(f"Avenant n° {a.number} en vigueur", timezone.localdate(a.version.created_at)))
    meetings = Group("Réunions des instances")
    for m in (
        Meeting.objects.filter(body__convention=convention)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("date")
    ):
        css = "done" if m.status == Meeting.Status.HELD else ""
        meetings.items.append(Item(m.body.get_kind_display(), m.date, None, m.get_status_display().lower(), css))
    evaluations = Group("Évaluations")
    for e in convention.evaluations.order_by("due_date"):
        evaluations.items.append(Item(e.label, e.due_date, None, e.get_status_display().lower()))
    return [g for g in (term, acts, meetings, evaluations) if g.items]


def _css(state: str) -> str:
    return {"en cours": "", "passée": "done", "à venir": "planned"}[state]


def _mandate(convention: Convention) -> list[Group]:
    """A seminar of priorities has no clauses of time: its span is the mandate's years."""
    first, last = convention.period_start_year, convention.period_end_year
    if not first:
        return []
    end = dt.date(last or first, 12, 31)
    return [Group("Mandat", [Item(f"Mandat {first}–{last or '…'}", dt.date(first, 1, 1), end)])]
