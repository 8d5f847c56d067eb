"""The standing of a stored convention: its clauses of time as plain `lifecycle.Terms`, and its
status brought to a day from them and from the events its governance records (a denunciation,
a termination), which the caller passes in — this layer does not read the bodies' records."""

from __future__ import annotations

import datetime as dt

from . import lifecycle
from .lifecycle import Terms, span
from .models import Convention


def terms_of(convention: Convention) -> Terms:
    return Terms(
        effective=convention.effective_date,
        duration=span(convention.duration, convention.duration_unit),
        renewal_times=convention.tacit_renewal_times,
        renewal=span(convention.renewal_duration, convention.renewal_unit),
        notice=span(convention.notice, convention.notice_unit),
        dashboard_months=convention.dashboard_deadline_months,
        evaluation_annual=bool(convention.evaluation_annual),
        evaluation_final=bool(convention.evaluation_final),
        evaluation_years=tuple(y for y in convention.evaluation_years or () if isinstance(y, int)),
        breach=span(convention.breach_delay, convention.breach_unit),
    )


def of(
    convention: Convention,
    today: dt.date,
    *,
    denounced_on: dt.date | None = None,
    terminated_on: dt.date | None = None,
) -> lifecycle.Standing:
    return lifecycle.standing(
        terms_of(convention),
        today,
        signed_on=convention.signed_on,
        denounced_on=denounced_on,
        terminated_on=terminated_on,
    )


def apply(convention: Convention, today: dt.date, **events) -> bool:
    """Store the standing of a validated convention as of `today` (a draft keeps its status);
    True when it changed. `events`: the dates of `of`."""
    if convention.is_draft:
        return False
    now = of(convention, today, **events)
    values = {
        "status": now.status,
        "period_number": now.period.number if now.period else None,
        "ends_on": now.ends_on,
        "standing_text": now.detail[:300],
    }
    if all(getattr(convention, k) == v for k, v in values.items()):
        return False
    for key, value in values.items():
        setattr(convention, key, value)
    Convention.objects.filter(pk=convention.pk).update(**values)
    return True
