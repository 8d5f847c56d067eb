"""The lifecycle of a convention as plain functions over dates (no database): its term,
its tacit renewals, the notice to stop them, the termination for breach, and its standing
on a day (signed, in force, renewed, ended, denounced, terminated).

Readings a legal service makes of such clauses:
- a term of N years from D ends the day before the N-th anniversary of D (3 years from
  15/03/2024 end on 14/03/2027), and a tacit renewal starts the day after the term;
- a day that does not exist in the target month falls to the month's last day
  (31/01 + 1 month = 28/02 or 29/02; 29/02 + 1 year = 28/02), and a year begun on 29/02
  runs to the last day of February;
- notice of N months must be given no later than N months before the last day of the
  period (term on 14/03/2027, 3 months' notice: by 14/12/2026);
- a notice given after that day does not stop the renewal: the period that follows runs,
  and the convention ends at its term (the notice holds for the next renewal);
- durations and delays are written in years, months or days (« deux mois », « 90 jours »).
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


YEARS, MONTHS, DAYS = "years", "months", "days"
UNITS = ((YEARS, "ans"), (MONTHS, "mois"), (DAYS, "jours"))
_SINGULAR = {YEARS: "an", MONTHS: "mois", DAYS: "jour"}


@dataclass(frozen=True)
class Span:
    """A length of time as a clause writes it: a number of years, months or days."""

    amount: int
    unit: str = YEARS

    def after(self, day: dt.date) -> dt.date:
        if self.unit == DAYS:
            return day + dt.timedelta(days=self.amount)
        return add_months(day, self.amount * (12 if self.unit == YEARS else 1))

    def before(self, day: dt.date) -> dt.date:
        return Span(-self.amount, self.unit).after(day)

    def __str__(self) -> str:
        return f"{self.amount} {_SINGULAR[self.unit] if self.amount == 1 else dict(UNITS)[self.unit]}"


def span(amount: int | None, unit: str | None, default: str = YEARS) -> Span | None:
    """A Span from a stored amount and unit; None when the amount is unknown."""
    return Span(amount, unit or default) if amount else None


def _period_end(start: dt.date, length: Span) -> dt.date:
    """Last day of a period of `length` from `start`: the day before the anniversary; a period
    begun on 29 February (or a 31st) runs to the end of the month where a month has no such day."""
    anniversary = length.after(start)
    if length.unit != DAYS and anniversary.day < start.day:
        anniversary += dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


@dataclass(frozen=True)
class Terms:
    """The clauses of time of one convention, as plain values."""

    effective: dt.date | None
    duration: Span | None = None
    renewal_times: int | None = None  # None with `renewal` set: renewable without limit
    renewal: Span | None = None  # None with renewal_times set: for the initial duration
    notice: Span | None = None
    dashboard_months: int | None = None
    evaluation_annual: bool = False
    evaluation_final: bool = False
    evaluation_years: tuple[int, ...] = ()
    breach: Span | None = None

    @property
    def renewable(self) -> bool:
        return bool(self.renewal_times or self.renewal) and self.renewal_times != 0


@dataclass(frozen=True)
class Period:
    number: int  # 0 = the initial term, 1 = first renewal...
    start: dt.date
    end: dt.date  # last day, inclusive


def periods(terms: Terms, today: dt.date) -> list[Period]:
    """The initial term and each tacit renewal. A limited chain is listed whole; an unlimited
    one up to the period after the one running today."""
    if not terms.effective or not terms.duration:
        return []
    start = terms.effective
    out = [Period(0, start, _period_end(start, terms.duration))]
    if not terms.renewable:
        return out
    length = terms.renewal or terms.duration
    limit = terms.renewal_times
    while limit is None or len(out) <= limit:
        last = out[-1]
        if limit is None and last.start > today:
            break
        start = last.end + dt.timedelta(days=1)
        out.append(Period(len(out), start, _period_end(start, length)))
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


def notice_deadline(period_end: dt.date, notice: Span) -> dt.date:
    """Last day to give notice so that the period ends at `period_end` without renewal."""
    return notice.before(period_end)


def breach_termination(formal_notice: dt.date, delay: Span) -> dt.date:
    """The first day a termination for breach may be pronounced if the formal notice stays
    unanswered: the whole delay after the formal notice is received."""
    return delay.after(formal_notice)


def end_after_notice(terms: Terms, notified_on: dt.date) -> dt.date | None:
    """The last day of a convention denounced on `notified_on`: the end of the first period,
    from the one then running, whose last day of notice had not passed (without a notice
    clause, the end of the period then running). None without a known term."""
    chain = periods(terms, notified_on)
    for period in chain:
        if period.end < notified_on:
            continue
        if terms.notice is None or notified_on <= notice_deadline(period.end, terms.notice):
            return period.end
    return chain[-1].end if chain else None


# The standings of a convention whose plan is validated, as conventions.models.Convention.Status
SIGNED, IN_FORCE, RENEWED, ENDED, DENOUNCED, TERMINATED = (
    "signed",
    "in_force",
    "renewed",
    "ended",
    "denounced",
    "terminated",
)
UNDATED = "validated"  # neither effective date nor signature: its standing cannot be told


@dataclass(frozen=True)
class Standing:
    status: str
    period: Period | None = None  # the period running today
    ends_on: dt.date | None = None  # its last day as known today (None: without a known term)
    detail: str = ""  # one sentence for the page


def standing(
    terms: Terms,
    today: dt.date,
    *,
    signed_on: dt.date | None = None,
    denounced_on: dt.date | None = None,
    terminated_on: dt.date | None = None,
) -> Standing:
    """Where the convention stands on `today`, from its clauses and the events recorded: a
    termination or a denunciation from the day it is recorded (the convention runs until the
    end it sets), otherwise the term and its tacit renewals."""
    chain = periods(terms, today)
    natural_end = chain[-1].end if chain and not (terms.renewable and terms.renewal_times is None) else None
    if terminated_on:
        tense = "a pris fin" if terminated_on < today else "prend fin"
        running = current_period(chain, today) if terminated_on >= today else None
        return Standing(TERMINATED, running, terminated_on, f"Résiliée : elle {tense} le {terminated_on:%d/%m/%Y}.")
    if not terms.effective:
        if signed_on and signed_on <= today:
            return Standing(SIGNED, None, None, "Signée ; sa date de prise d'effet reste à renseigner.")
        return Standing(UNDATED, None, None, "Ses dates de signature et de prise d'effet restent à renseigner.")
    if terms.effective > today:
        return Standing(SIGNED, None, natural_end, f"Signée ; elle prend effet le {terms.effective:%d/%m/%Y}.")
    running = current_period(chain, today)
    if denounced_on:
        end = end_after_notice(terms, denounced_on)
        if end is None:
            return Standing(DENOUNCED, running, None, f"Dénoncée le {denounced_on:%d/%m/%Y}.")
        tense = "a pris fin" if end < today else "prend fin"
        detail = f"Dénoncée le {denounced_on:%d/%m/%Y} : elle {tense} le {end:%d/%m/%Y}."
        if end > _ending(chain, denounced_on):
            detail += " Le préavis était dépassé : la reconduction qui suivait était acquise."
        return Standing(DENOUNCED, running if end >= today else None, end, detail)
    if not chain:
        return Standing(IN_FORCE, None, None, f"En vigueur depuis le {terms.effective:%d/%m/%Y}.")
    if running is None:
        return Standing(ENDED, None, chain[-1].end, f"Échue le {chain[-1].end:%d/%m/%Y}.")
    if running.number == 0:
        return Standing(IN_FORCE, running, natural_end, f"En vigueur jusqu'au {running.end:%d/%m/%Y}.")
    return Standing(
        RENEWED,
        running,
        natural_end,
        f"Reconduite tacitement ({_ordinal(running.number)} reconduction), jusqu'au {running.end:%d/%m/%Y}.",
    )


def _ending(chain: list[Period], day: dt.date) -> dt.date:
    """The last day of the period running on `day` (the first one before it starts)."""
    return next((p.end for p in chain if day <= p.end), chain[-1].end)


def _ordinal(n: int) -> str:
    return "1re" if n == 1 else f"{n}e"
