"""The budget of an action on its page: each party's lines, planned against spent, with their
co-financers; thin views over conventions.budgets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concorde.conventions import budgets
from concorde.conventions.models import Action, BudgetLine
from concorde.lib.views import form_step, run

from . import action_page
from .forms import BudgetLineForm, RemoveLineForm


def _line(request, pk: int, action_pk: int, line_pk: int) -> BudgetLine:
    action = action_page.action_of(request, pk, action_pk)
    line = get_object_or_404(BudgetLine.objects.select_related("party"), pk=line_pk, action=action)
    line.action = action
    if line.party not in budgets.writable_parties(request.user, action):
        raise PermissionDenied(
            f"Seuls la coordination de {line.party.label} et les pilotes de l'action pour elle écrivent son budget."
        )
    return line


def _back(action: Action):
    return redirect(reverse("dashboard:action", args=[action.convention_id, action.pk]) + "#budget")


def _refused(request, action: Action, name: str, form):
    page = action_page.context(request, action, budget={name: form})
    return render(request, "dashboard/action.html", page, status=400)


def _values(data: dict) -> dict:
    return {k: data[k] for k in ("year", "nature", "label", "planned", "spent", "cofinancings")}


@login_required
@require_POST
def add_line(request, pk: int, action_pk: int):
    action = action_page.action_of(request, pk, action_pk)
    writable = budgets.writable_parties(request.user, action)
    if not writable:
        raise PermissionDenied("Seuls les coordinations et les pilotes de l'action écrivent son budget.")
    form = BudgetLineForm(
        request.POST, parties=action.convention.parties.filter(pk__in=[p.pk for p in writable]), prefix="budget"
    )
    return form_step(
        request,
        form,
        lambda f: budgets.add_line(action, request.user, party=f.cleaned_data["party"], **_values(f.cleaned_data)),
        "Ligne budgétaire ajoutée.",
        refused=lambda: _refused(request, action, "new", form),
        then=lambda _: _back(action),
    )


@login_required
@require_POST
def edit_line(request, pk: int, action_pk: int, line_pk: int):
    line = _line(request, pk, action_pk, line_pk)
    form = BudgetLineForm(request.POST, line=line, prefix=f"l{line.pk}")
    return form_step(
        request,
        form,
        lambda f: budgets.update_line(line, request.user, **_values(f.cleaned_data)),
        "Ligne budgétaire enregistrée.",
        refused=lambda: _refused(request, line.action, f"line-{line.pk}", form),
        then=lambda _: _back(line.action),
    )


@login_required
@require_POST
def remove_line(request, pk: int, action_pk: int, line_pk: int):
    line = _line(request, pk, action_pk, line_pk)
    form = RemoveLineForm(request.POST, prefix=f"r{line.pk}")  # the confirmation
    if not form.is_valid():
        messages.error(request, "Cocher la confirmation pour retirer la ligne : rien n'a été retiré.")
        return _back(line.action)
    run(request, lambda: budgets.remove_line(line, request.user), "Ligne budgétaire retirée : elle peut être rétablie.")
    return _back(line.action)


@login_required
@require_POST
def restore_line(request, pk: int, action_pk: int, line_pk: int):
    line = _line(request, pk, action_pk, line_pk)
    run(request, lambda: budgets.restore_line(line, request.user), "Ligne budgétaire rétablie.")
    return _back(line.action)
