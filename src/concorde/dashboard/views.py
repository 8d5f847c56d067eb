"""The shared tableau de bord: a convention's dashboard, an action's tracking page, the
portfolio and "my actions". Rules live in conventions.policy and conventions.tracking."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from concorde.conventions import policy, tracking
from concorde.conventions.models import (
    TAKING_PART,
    Action,
    Evidence,
    Indicator,
    Measurement,
    Update,
    live_on,
)
from concorde.conventions.pilots import designate
from concorde.governance.feeds import personal_token
from concorde.governance.models import FollowUp
from concorde.lib.errors import DomainError
from concorde.territories import rules
from concorde.territories.models import Membership

from . import materialise, queries, timeline
from .action_page import action_of as _action
from .action_page import context as action_context
from .action_page import convention_of as _convention
from .action_page import side_pilot_form, tracking_form
from .forms import (
    IndicatorForm,
    MeasurementForm,
    ResolveForm,
    ReviewForm,
    TrackingForm,
    UpdateForm,
)

User = get_user_model()


@login_required
def convention_dashboard(request, pk: int):
    convention = _convention(request, pk)
    return render(request, "dashboard/convention.html", materialise.page(convention, request.GET))


@login_required
def timeline_page(request, pk: int):
    """The convention in time: its actions by axis (or a mandate's priorities), then its legal life."""
    convention = _convention(request, pk)
    today = timezone.localdate()
    return render(
        request, "dashboard/timeline.html", {"convention": convention, "charts": timeline.charts(convention, today)}
    )


def _writable(request, action: Action, refusal: str):
    """The parties whose side the user writes on this action, as a queryset for the forms."""
    writable = policy.writable_parties(request.user, action)
    if not writable:
        raise PermissionDenied(refusal)
    return action.convention.parties.filter(id__in=[p.id for p in writable])


@login_required
def action_page(request, pk: int, action_pk: int):
    convention = _convention(request, pk)
    archived = Action.all_objects.filter(pk=action_pk, convention=convention, archived_on__isnull=False).first()
    if archived is not None:  # removed by an avenant: what it was, and what was decided about it
        return render(
            request,
            "dashboard/archived_action.html",
            {
                "convention": convention,
                "action": archived,
                "decisions": archived.decisions.select_related("meeting__body").order_by("meeting__date", "pk"),
                "updates": archived.updates.filter(deleted_at__isnull=True).select_related("party"),
            },
        )
    action = _action(request, pk, action_pk)
    return render(request, "dashboard/action.html", action_context(request, action))


def _back(action: Action, anchor: str = ""):
    return redirect(
        reverse("dashboard:action", args=[action.convention_id, action.pk]) + (f"#{anchor}" if anchor else "")
    )


def _rerender(request, action, status=400, **forms):
    messages.error(request, "Rien n'a été enregistré : corriger les champs signalés.")
    return render(request, "dashboard/action.html", action_context(request, action, **forms), status=status)


@login_required
@require_POST
def track(request, pk: int, action_pk: int):
    action = _action(request, pk, action_pk)
    if not policy.can_track(request.user, action):
        raise PermissionDenied("Vous ne pilotez pas cette action.")
    form = TrackingForm(request.POST)
    if not form.is_valid():
        return _rerender(request, action, tracking=form)
    data = dict(form.cleaned_data)
    expected = data.pop("lock_version")
    try:
        tracking.save_tracking(action.pk, expected, data, request.user)
    except tracking.StaleEdit as exc:
        messages.error(request, str(exc))
        current = exc.current
        return render(
            request,
            "dashboard/action.html",
            action_context(request, current, tracking=tracking_form(current), stale=exc.changes),
            status=409,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
        return _back(action, "suivi")
    messages.success(request, "Suivi de l'action enregistré.")
    return _back(action, "suivi")


@login_required
@require_POST
def post_update(request, pk: int, action_pk: int):
    action = _action(request, pk, action_pk)
    form = UpdateForm(
        request.POST, request.FILES, parties=_writable(request, action, "Vous ne pouvez pas écrire sur cette action.")
    )
    if not form.is_valid():
        return _rerender(request, action, update=form)
    d = form.cleaned_data
    tracking.post_update(
        action, d["party"], request.user, d["date"], d["text"], [d["evidence"]] if d.get("evidence") else []
    )
    messages.success(request, "Point d'avancement publié.")
    return _back(action, "points")


@login_required
@require_POST
def hide_update(request, pk: int, action_pk: int, update_pk: int, restore: bool = False):
    action = _action(request, pk, action_pk)
    update = get_object_or_404(Update, pk=update_pk, action=action)
    if not policy.can_manage_update(request.user, update):
        raise PermissionDenied("Seuls l'auteur et la coordination de sa partie peuvent retirer ce point.")
    (tracking.restore_update if restore else tracking.hide_update)(update, request.user)
    messages.success(
        request, "Point d'avancement rétabli." if restore else "Point d'avancement retiré (il peut être rétabli)."
    )
    return _back(action, "points")


@login_required
@require_POST
def post_measurement(request, pk: int, action_pk: int):
    action = _action(request, pk, action_pk)
    parties = _writable(request, action, "Vous ne pouvez pas saisir de mesure sur cette action.")
    form = MeasurementForm(
        request.POST, request.FILES, indicators=Indicator.objects.filter(action=action), parties=parties
    )
    if not form.is_valid():
        return _rerender(request, action, measurement=form)
    d = form.cleaned_data
    tracking.enter_measurement(
        d["indicator"], d["party"], request.user, d["value"], d["date"], d["comment"], evidence=d.get("evidence")
    )
    messages.success(request, "Mesure enregistrée : elle attend la validation de l'autre partie.")
    return _back(action, "indicateurs")


def _measurement(request, pk, action_pk, measurement_pk) -> tuple[Action, Measurement]:
    action = _action(request, pk, action_pk)
    return action, get_object_or_404(
        Measurement.objects.select_related("indicator__action__convention"), pk=measurement_pk, indicator__action=action
    )


@login_required
@require_POST
def review_measurement(request, pk: int, action_pk: int, measurement_pk: int):
    action, measurement = _measurement(request, pk, action_pk, measurement_pk)
    if not policy.can_review_measurement(request.user, measurement):
        raise PermissionDenied("La validation revient à la coordination de l'autre partie.")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return _back(action, "indicateurs")
    accept = form.cleaned_data["decision"] == "validate"
    tracking.review_measurement(measurement, request.user, accept=accept, reason=form.cleaned_data.get("reason", ""))
    messages.success(
        request, "Mesure validée." if accept else "Mesure contestée : l'autre partie est invitée à la corriger."
    )
    return _back(action, "indicateurs")


@login_required
@require_POST
def resolve_measurement(request, pk: int, action_pk: int, measurement_pk: int):
    action, measurement = _measurement(request, pk, action_pk, measurement_pk)
    if measurement.party not in policy.writable_parties(request.user, action):
        raise PermissionDenied("Seule la partie qui a saisi la mesure la corrige.")
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Dire comment la contestation est résolue.")
        return _back(action, "indicateurs")
    try:
        tracking.resolve_dispute(
            measurement,
            request.user,
            resolution=form.cleaned_data["resolution"],
            corrected_value=form.cleaned_data.get("corrected_value"),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
        return _back(action, "indicateurs")
    messages.success(request, "Contestation résolue : la mesure attend à nouveau la validation.")
    return _back(action, "indicateurs")


@login_required
def portfolio(request):
    """Every validated convention of the user's organisations: progress, late actions, next
    deadline — computed in SQL, one page at a time."""
    page, versions = queries.portfolio_page(request.user, request.GET.get("page"))
    # Cached under the state of the conventions it shows: a write elsewhere leaves it valid.
    state = hashlib.sha256(repr(versions).encode()).hexdigest()[:32]
    key = f"portfolio:{page.number}:{page.paginator.num_pages}:{timezone.localdate()}:{state}"
    html = materialise.cached(key)
    if html is None:
        page.object_list = rows = queries.portfolio_rows([pk for pk, _ in versions])
        html = mark_safe(render_to_string("dashboard/_portfolio.html", {"page": page, "rows": rows}))
        materialise.keep(key, html)
    calendar_url = request.build_absolute_uri(
        reverse("governance:personal-calendar", args=[personal_token(request.user)])
    )
    return render(request, "dashboard/portfolio.html", {"table": html, "calendar_url": calendar_url})


@login_required
def my_actions(request):
    """The actions this person pilots, across every convention they can see: the candidate actions
    (piloted by their service, a service beneath it, or by them by name) in one query, then the
    pilot rule."""
    members = {m.organisation_id: m for m in Membership.objects.filter(user=request.user, role=Membership.Role.PILOT)}
    covered = set().union(*[rules.services_within(m.service_id) for m in members.values()])
    candidates = (
        Action.objects.filter(
            Q(pilots__services__in=covered) | Q(pilots__users=request.user),
            live_on(timezone.localdate(), "convention__"),
            pilots__party__organisation_id__in=members,
            pilots__party__consent__in=TAKING_PART,
        )
        .select_related("axis", "convention")
        .prefetch_related("pilots__users", "pilots__services", "pilots__party")
        .distinct()
        .order_by("convention__title", "order")
    )
    mine = []
    for a in candidates:
        if any(
            policy.pilots(members[p.party.organisation_id], a, p.party)
            for p in a.pilots.all()
            if p.party and p.party.takes_part and p.party.organisation_id in members
        ):
            a.late = tracking.is_late(a)
            mine.append(a)
    follow_ups = (
        FollowUp.objects.filter(owner=request.user, done_at__isnull=True)
        .select_related("meeting__body__convention")
        .order_by("due_date")
    )
    return render(
        request, "dashboard/my_actions.html", {"actions": mine, "follow_ups": follow_ups, "today": timezone.localdate()}
    )


# --- Each side's pilots, the indicators, the evidence ---------------------------------------


@login_required
@require_POST
def side_pilot(request, pk: int, action_pk: int, party_pk: int):
    """A party's coordination names the services and people piloting its side of the action."""
    action = _action(request, pk, action_pk)
    coordinated = policy.coordinated_parties(request.user, action.convention)
    party = next((p for p in coordinated if p.pk == party_pk), None)
    if party is None:
        raise PermissionDenied("Seule la coordination de cette partie désigne ses pilotes.")
    form = side_pilot_form(action, party, request.POST)
    if not form.is_valid() or form.cleaned_data["party"] != party:
        return _rerender(request, action, side=(party.id, form))
    try:
        designate(action, party, list(form.cleaned_data["services"]), list(form.cleaned_data["users"]), request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return _back(action, "fiche")
    messages.success(request, f"Pilotes de {party.label} enregistrés.")
    return _back(action, "fiche")


@login_required
@require_POST
def edit_indicator(request, pk: int, action_pk: int, indicator_pk: int | None = None):
    """The coordination of either party adds an indicator or sets its target, unit and baseline."""
    action = _action(request, pk, action_pk)
    if not policy.coordinated_parties(request.user, action.convention):
        raise PermissionDenied("Les indicateurs sont tenus par les coordinations.")
    indicator = (
        get_object_or_404(Indicator, pk=indicator_pk, action=action) if indicator_pk else Indicator(action=action)
    )
    prefix = f"indicator{indicator_pk}" if indicator_pk else "new-indicator"
    form = IndicatorForm(request.POST, instance=indicator, prefix=prefix)
    if not form.is_valid():
        return _rerender(request, action, indicator=form)
    tracking.save_indicator(form, request.user)
    messages.success(request, "Indicateur enregistré.")
    return _back(action, "indicateurs")


@login_required
def evidence(request, pk: int, action_pk: int, evidence_pk: int):
    """Evidence is served only to those who may see the convention."""
    action = _action(request, pk, action_pk)
    item = get_object_or_404(
        Evidence, Q(update__action=action) | Q(measurement__indicator__action=action), pk=evidence_pk
    )
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
