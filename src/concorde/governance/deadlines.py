"""The rules of time applied to stored conventions: builds the plain terms from the model
and hands them to the pure functions of `calendar`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from concorde.conventions import policy
from concorde.conventions.models import Convention
from concorde.conventions.standing import terms_of

from . import calendar
from .models import Evaluation, FollowUp, FormalNotice, GoverningBody, Meeting


def bodies_with_meetings() -> QuerySet[GoverningBody]:
    """Bodies with the date of their last held meeting and of their next planned one: what
    the rules of time need, in the query that reads the bodies (prefetch it as `bodies`)."""
    return GoverningBody.objects.annotate(
        last_held_on=Max("meetings__date", filter=Q(meetings__status=Meeting.Status.HELD)),
        next_planned_on=Min("meetings__date", filter=Q(meetings__status=Meeting.Status.PLANNED)),
    )


def _bodies(convention: Convention) -> list[GoverningBody]:
    prefetched = getattr(convention, "_prefetched_objects_cache", {}).get("bodies")
    if prefetched is not None and all(hasattr(b, "last_held_on") for b in prefetched):
        return list(prefetched)
    return list(bodies_with_meetings().filter(convention=convention))


def concluded_evaluations() -> QuerySet[Evaluation]:
    """Prefetch it as `evaluations` with the bodies, for lists of conventions."""
    return Evaluation.objects.filter(status=Evaluation.Status.CONCLUDED).only("convention_id", "label", "status")


def _concluded(convention: Convention) -> frozenset[str]:
    prefetched = getattr(convention, "_prefetched_objects_cache", {}).get("evaluations")
    rows = prefetched if prefetched is not None else concluded_evaluations().filter(convention=convention)
    return frozenset(e.label for e in rows if e.status == Evaluation.Status.CONCLUDED)


def open_formal_notices() -> QuerySet[FormalNotice]:
    return FormalNotice.objects.filter(lifted_on__isnull=True, delay_ends_on__isnull=False).select_related("to_party")


def _breach_delays(convention: Convention) -> tuple[tuple[str, dt.date], ...]:
    prefetched = getattr(convention, "_prefetched_objects_cache", {}).get("formal_notices")
    rows = prefetched if prefetched is not None else open_formal_notices().filter(convention=convention)
    return tuple((n.to_party.label, n.delay_ends_on) for n in rows if n.lifted_on is None and n.delay_ends_on)


def for_lists():
    """The prefetches that let `deadlines_of` run without a query per convention."""
    return (
        Prefetch("bodies", queryset=bodies_with_meetings()),
        Prefetch("evaluations", queryset=concluded_evaluations()),
        Prefetch("formal_notices", queryset=open_formal_notices()),
    )


FOLLOWED_LIMIT = 500  # conventions in one person's calendar: a person follows tens, not thousands


def followed_by(user) -> list[Convention]:
    """The validated conventions a person reads, ready for `deadlines_of` (their calendar)."""
    return list(
        policy.visible_conventions(user)
        .exclude(status=Convention.Status.DRAFT)
        .prefetch_related(*for_lists())
        .order_by("title", "pk")[:FOLLOWED_LIMIT]
    )


def open_follow_ups(user) -> QuerySet[FollowUp]:
    """The person's own follow-up tasks still to do, wherever they were given."""
    return (
        FollowUp.objects.filter(owner=user, done_at__isnull=True)
        .select_related("meeting__body__convention")
        .order_by("due_date")[:FOLLOWED_LIMIT]
    )


def deadlines_of(convention: Convention, today: dt.date | None = None) -> list[calendar.Deadline]:
    """Every deadline of a convention, its bodies' meetings and concluded evaluations included."""
    today = today or timezone.localdate()
    bodies = [
        calendar.BodyTerms(display_name(b), b.min_meetings_per_year, b.last_held_on, b.next_planned_on)
        for b in _bodies(convention)
    ]
    # Concorde's shared dashboard exists as soon as the plan is validated.
    return calendar.schedule(
        terms_of(convention),
        bodies,
        today,
        dashboard_ready=not convention.is_draft,
        evaluations_done=_concluded(convention),
        ends_on=convention.ends_on if convention.status in _ENDED_BY_EVENT else None,
        breach_delays=() if convention.status == Convention.Status.TERMINATED else _breach_delays(convention),
    )


# A denunciation or a termination sets the end: the clauses no longer project renewals past it.
_ENDED_BY_EVENT = (Convention.Status.DENOUNCED, Convention.Status.TERMINATED)


def display_name(body: GoverningBody) -> str:
    """Documents name bodies mid-sentence (« le comité technique »); a list starts a line."""
    label = body.label or body.get_kind_display()
    return label[:1].upper() + label[1:]


def first_alert(deadlines: list[calendar.Deadline]) -> calendar.Deadline | None:
    """What the portfolio shows of a convention: its most pressing deadline, late ones first."""
    late = [d for d in deadlines if d.state == "en_retard"]
    soon = [d for d in deadlines if d.state == "proche"]
    return (late or soon or [None])[0]


def overdue_bodies(convention: Convention, bodies=None, today: dt.date | None = None) -> set[int]:
    """The bodies that have not met as often as the convention says; `bodies`, when the page
    already read them with `bodies_with_meetings`."""
    today = today or timezone.localdate()
    if not convention.effective_date:
        return set()
    return {
        b.pk
        for b in (bodies if bodies is not None else _bodies(convention))
        if b.min_meetings_per_year
        and calendar.meeting_due(convention.effective_date, b.min_meetings_per_year, b.last_held_on) < today
    }
