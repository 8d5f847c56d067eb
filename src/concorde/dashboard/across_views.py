"""Across conventions: the calendar of every convention a person reads (deadlines, meetings, their
follow-ups), a page per partner organisation, and the themes several conventions share. What
each shows is what the policy lets the reader see (conventions.policy.visible_conventions)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from concorde.conventions import policy, themes
from concorde.conventions.models import Convention
from concorde.governance import calendar
from concorde.governance.deadlines import FOLLOWED_LIMIT, deadlines_of, followed_by, for_lists, open_follow_ups
from concorde.governance.feeds import personal_token
from concorde.territories.models import Membership, Organisation

AHEAD = dt.timedelta(days=366)


def _readable(user):
    return policy.visible_conventions(user).exclude(status=Convention.Status.DRAFT)


def _coming(conventions, today: dt.date) -> list[tuple[calendar.Deadline, Convention]]:
    """Each convention's deadlines still to come within a year, and those overdue, by date."""
    out = []
    for convention in conventions:
        for deadline in deadlines_of(convention, today):
            if deadline.state == "en_retard" or (deadline.state != "passee" and deadline.date <= today + AHEAD):
                out.append((deadline, convention))
    return sorted(out, key=lambda item: (item[0].date, item[1].title))


@login_required
def calendar_page(request):
    today = timezone.localdate()
    conventions = followed_by(request.user)
    rows = _coming(conventions, today)
    rows += [
        (calendar.follow_up_deadline(f.title, f.due_date, today), f.meeting.body.convention)
        for f in open_follow_ups(request.user)
    ]
    rows.sort(key=lambda item: (item[0].date, item[1].title))
    feed = request.build_absolute_uri(reverse("governance:personal-calendar", args=[personal_token(request.user)]))
    return render(
        request,
        "dashboard/calendar.html",
        {"rows": rows, "count": len(conventions), "limited": len(conventions) == FOLLOWED_LIMIT, "feed": feed},
    )


@login_required
def partner_page(request, org_pk: int):
    """An organisation as a partner: its conventions the reader may read, their coming
    deadlines, and its people. Only for a reader who shares a convention with it (or is of it)."""
    organisation = get_object_or_404(Organisation, pk=org_pk)
    conventions = list(
        _readable(request.user)
        .filter(parties__organisation=organisation)
        .distinct()
        .prefetch_related(*for_lists())
        .order_by("title", "pk")[:FOLLOWED_LIMIT]
    )
    if not conventions and organisation.pk not in policy.organisation_ids(request.user):
        raise Http404("Organisation introuvable parmi les partenaires de vos conventions.")
    today = timezone.localdate()
    people = Membership.objects.filter(organisation=organisation).select_related("user", "service")
    return render(
        request,
        "dashboard/partner.html",
        {
            "organisation": organisation,
            "conventions": conventions,
            "rows": _coming(conventions, today)[:50],
            "people": sorted(people, key=lambda m: (m.role != Membership.Role.COORDINATION, m.user.get_full_name())),
        },
    )


@login_required
def themes_page(request):
    """The themes of the conventions the reader reads, those shared by several first."""
    conventions = list(_readable(request.user).only("pk", "title", "themes").order_by("title"))
    counts = Counter(code for c in conventions for code in set(c.themes or ()) if code in themes.THEMES)
    shared = [
        (themes.THEMES[code], n, [c for c in conventions if code in (c.themes or ())])
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], themes.THEMES[item[0]]))
    ]
    return render(request, "dashboard/themes.html", {"shared": shared, "count": len(conventions)})
