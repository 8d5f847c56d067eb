"""The page of an action, read: its convention and the action for the user, and everything the
page shows (fiche, tracking, indicators and measurements, updates, budget, history) with the
forms the user may fill — used by the page and by every step that sends it back refused."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from concorde.conventions import budgets, policy, tracking
from concorde.conventions.models import Action, Convention, Measurement
from concorde.discussion import services as discussion
from concorde.discussion.models import Comment
from concorde.lib.charts import Point, indicator_chart
from concorde.territories.models import Membership, Service
from concorde.territories.people import pilots_of

from .forms import (
    BudgetLineForm,
    CommentForm,
    IndicatorForm,
    MeasurementForm,
    RemoveLineForm,
    SidePilotForm,
    TrackingForm,
    UpdateForm,
)


def convention_of(request, pk: int) -> Convention:
    convention = policy.viewable_validated(request.user, pk)
    if convention is None:
        raise Http404("Convention introuvable")
    return convention


def action_of(request, pk: int, action_pk: int) -> Action:
    convention = convention_of(request, pk)
    return get_object_or_404(
        Action.objects.select_related("axis", "convention", "parent"), pk=action_pk, convention=convention
    )


def context(request, action: Action, **forms) -> dict:
    """`forms` holds the refused forms, by name, sent back as typed."""
    user = request.user
    roles = policy.party_roles(user, action.convention)
    writable = policy.writable_parties(user, action, roles)
    parties_qs = action.convention.parties.filter(id__in=[p.id for p in writable])
    indicators = action.indicators.prefetch_related(
        Prefetch(
            "measurements",
            queryset=Measurement.objects.select_related("party", "entered_by", "reviewed_by").prefetch_related(
                "evidence"
            ),
        )
    )
    updates = action.updates.select_related("party", "author").prefetch_related("evidence")
    reviewer_orgs = {p.id for p, m in roles if m.role == Membership.Role.COORDINATION}
    for ind in indicators:
        ind.chart = indicator_chart(
            f"indicateur-{ind.pk}",
            ind.label,
            [Point(m.date, m.value, m.status) for m in ind.measurements.all()],
            unit=ind.unit,
            baseline=ind.baseline,
            target=ind.target_value,
        )
        for m in ind.measurements.all():
            m.can_review = (
                user.is_superuser or bool(reviewer_orgs - {m.party_id})
            ) and m.status != Measurement.Status.VALIDATED
            m.can_resolve = m.status == Measurement.Status.DISPUTED and m.party in writable
    visible_updates = [u for u in updates if not u.is_deleted]
    hidden_updates = [u for u in updates if u.is_deleted and policy.can_manage_update(user, u)]
    for u in visible_updates + hidden_updates:
        u.can_manage = policy.can_manage_update(user, u)
    coordinated = policy.coordinated_parties(user, action.convention, roles)
    pilots = list(action.pilots.select_related("party").prefetch_related("users", "services"))
    side_forms = []
    for party in coordinated:
        current = next((p for p in pilots if p.party_id == party.id), None)
        bound = forms.get("side")
        side_forms.append(
            (
                party,
                bound[1]
                if bound and bound[0] == party.id
                else side_pilot_form(
                    action,
                    party,
                    initial={
                        "party": party.pk,
                        "services": list(current.services.all()) if current else [],
                        "users": list(current.users.all()) if current else [],
                    },
                ),
            )
        )
    return {
        "convention": action.convention,
        "action": action,
        "writable": writable,
        "side_forms": side_forms,
        "can_edit_indicators": bool(coordinated),
        "indicator_form": forms.get("indicator") or IndicatorForm(prefix="new-indicator"),
        "can_track": policy.can_track(user, action, roles),
        "indicators": indicators,
        "updates": visible_updates,
        "hidden_updates": hidden_updates,
        "pilots": pilots,
        "cross_references": [
            (r, r.target if r.target_id and policy.can_view(user, r.target) else None)
            for r in action.cross_references.select_related("target")
        ],
        "history": tracking.changes_of(action),
        "tracking_form": forms.get("tracking") or tracking_form(action),
        "update_form": forms.get("update") or UpdateForm(parties=parties_qs),
        "measurement_form": forms.get("measurement") or MeasurementForm(indicators=indicators, parties=parties_qs),
        "stale": forms.get("stale"),
        **budget_context(user, action, forms.get("budget")),
        **discussion_context(user, action, forms.get("comment")),
    }


def discussion_context(user, action: Action, bound=None) -> dict:
    """The comments of the action (withdrawn ones only to their author, to put them back), and the
    form of whoever takes part in the discussion."""
    parties = discussion.speaking_parties(user, action.convention)
    comments = list(
        Comment.objects.filter(action=action).select_related("author", "party").prefetch_related("mentions")
    )
    for c in comments:
        c.can_withdraw = discussion.can_withdraw(user, c)
    form = None
    if parties:
        form = bound or CommentForm(
            parties=action.convention.parties.filter(pk__in=[p.pk for p in parties]),
            initial={"party": parties[0].pk},
            prefix="comment",
        )
    return {
        "comments": [c for c in comments if not c.deleted_at],
        "withdrawn_comments": [c for c in comments if c.deleted_at and c.can_withdraw],
        "comment_form": form,
        "mentionable": discussion.people_of(action.convention) if form else [],
    }


def tracking_form(action: Action) -> TrackingForm:
    """The tracking form as the action stands now, carrying the version it was read at."""
    return TrackingForm(initial={f: getattr(action, f) for f in (*tracking.TRACKED_FIELDS, "lock_version")})


def side_pilot_form(action: Action, party, data=None, initial=None) -> SidePilotForm:
    """The form naming one party's pilots: its own services and its own pilots (a coordination writes
    every action already; a reader writes none)."""
    people = pilots_of(party.organisation_id)
    return SidePilotForm(
        data,
        parties=action.convention.parties.filter(pk=party.pk),
        prefix=f"side{party.pk}",
        initial=initial,
        people=people,
        services=Service.objects.filter(organisation_id=party.organisation_id).order_by("name"),
    )


def budget_context(user, action: Action, bound: dict | None = None) -> dict:
    """What the action page shows of the budget; `bound` holds a refused form as it was typed
    (« new », or « line-<id> »)."""
    bound = bound or {}
    writable = budgets.writable_parties(user, action)
    lines = list(budgets.current_lines(action))
    for line in lines:
        mine = line.party in writable
        line.edit_form = bound.get(f"line-{line.pk}") or (
            BudgetLineForm(line=line, prefix=f"l{line.pk}") if mine else None
        )
        line.remove_form = RemoveLineForm(prefix=f"r{line.pk}") if mine else None
    removed = [
        line
        for line in action.budget_lines.filter(removed_at__isnull=False).select_related("party", "removed_by")
        if line.party in writable
    ]
    amounts = budgets.Amounts()
    for line in lines:
        amounts.planned += line.planned
        amounts.spent += line.spent
        amounts.cofinanced += line.cofinanced
    return {
        "budget_lines": lines,
        "budget_removed": removed,
        "budget_amounts": amounts,
        "budget_form": bound.get("new")
        or (
            BudgetLineForm(parties=action.convention.parties.filter(pk__in=[p.pk for p in writable]), prefix="budget")
            if writable
            else None
        ),
    }
