"""The lifecycle of a convention as plain functions over dates (no database): its term,
its tacit renewals, the notice to stop them, the termination for breach.

Readings a legal service makes of such clauses:
- a term of N years from D ends the day before the N-th anniversary of D (3 years from
  15/03/2024 end on 14/03/2027), and a tacit renewal starts the day after the term;
- a day that does not exist in the target month falls to the month's last day
  (31/01 + 1 month = 28/02 or 29/02; 29/02 + 1 year = 28/02), and a year begun on 29/02
  runs to the last day of February;
- notice of N months must be given no later than N months before the last day of the
  period (term on 14/03/2027, 3 months' notice: by 14/12/2026).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` (negative goes back), clamped to the target month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def _period_end(start: dt.date, years: int) -> dt.date:
    """Last day of `years` years from `start`: the day before the anniversary; a period begun
    on 29 February runs to the end of February (the anniversary being then 1 March)."""
    anniversary = add_years(start, years)
    if anniversary.day < start.day:
        anniversary += dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


@dataclass(frozen=True)
class Terms:
    """The clauses of time of one convention, as plain values."""

    effective: dt.date | None
    duration_years: int | None = None
    renewal_times: int | None = None  # None with renewal_years set: renewable without limit
    renewal_years: int | None = None  # None with renewal_times set: for the initial duration
    notice_months: int | None = None
    dashboard_months: int | None = None
    evaluation_annual: bool = False
    evaluation_final: bool = False
    evaluation_years: tuple[int, ...] = ()
    breach_days: int | None = None

    @property
    def renewable(self) -> bool:
        return bool(self.renewal_times or self.renewal_years) and self.renewal_times != 0


@dataclass(frozen=True)
class Period:
    number: int  # 0 = the initial term, 1 = first renewal...
    start: dt.date
    end: dt.date  # last day, inclusive


def periods(terms: Terms, today: dt.date) -> list[Period]:
    """The initial term and each tacit renewal. A limited chain is listed whole; an unlimited
    one up to the period after the one running today."""
    if not terms.effective or not terms.duration_years:
        return []
    start = terms.effective
    out = [Period(0, start, _period_end(start, terms.duration_years))]
    if not terms.renewable:
        return out
    years = terms.renewal_years or terms.duration_years
    limit = terms.renewal_times
    while limit is None or len(out) <= limit:
        last = out[-1]
        if limit is None and last.start > today:
            break
        start = last.end + dt.timedelta(days=1)
        out.append(Period(len(out), start, _period_end(start, years)))
    return out


def current_period(chain: list[Period], today: dt.date) -> Period | None:
    return next((p for p in chain if p.start <= today <= p.end), None)


def renewals_remaining(terms: Terms, chain: list[Period], today: dt.date) -> int | None:
    """How many tacit renewals can still happen after today; None when without limit."""
    if not terms.renewable:
        return 0
    if terms.renewal_times is None:
        return None
    running = current_period(chain, today)
    if running is None:
        return terms.renewal_times if chain and today < chain[0].start else 0
    return terms.renewal_times - running.number


def notice_deadline(period_end: dt.date, notice_months: int) -> dt.date:
    """Last day to give notice so that the period ends at `period_end` without renewal."""
    return add_months(period_end, -notice_months)


def breach_termination(formal_notice: dt.date, days: int) -> dt.date:
    """The day a termination for breach takes effect if the formal notice stays unanswered:
    `days` full days after the formal notice is received."""
    return formal_notice + dt.timedelta(days=days)
