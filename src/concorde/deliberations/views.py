"""A party's coordination completes its own deliberations (matière, @ctes, accusé de réception), and
confirms or rejects the deliberations of open data proposed as adopting the convention."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from concorde.conventions import policy
from concorde.conventions.access import child_of, managed_convention
from concorde.lib.errors import DomainError
from concorde.lib.history import save_form
from concorde.lib.views import form_errors

from . import links
from .forms import DeliberationForm
from .models import Deliberation


@login_required
def edit(request, pk: int, delib_pk: int):
    deliberation = child_of(request, pk, Deliberation, delib_pk)
    if not policy.can_complete_deliberation(request.user, deliberation):
        raise Http404("Seule la coordination de la collectivité qui a délibéré complète sa délibération.")
    form = DeliberationForm(request.POST or None, instance=deliberation)
    if request.method == "POST":
        if form.is_valid():
            save_form(form, request.user)
            messages.success(request, "Délibération enregistrée.")
            return redirect("conventions:convention", pk=pk)
        form_errors(request, form)
    return render(
        request,
        "deliberations/edit.html",
        {"form": form, "deliberation": deliberation, "convention": deliberation.convention},
    )


@login_required
@require_POST
def answer_proposal(request, pk: int, delib_pk: int):
    convention = managed_convention(request, pk)
    deliberation = get_object_or_404(Deliberation, pk=delib_pk, proposed_convention=convention)
    answer = request.POST.get("reponse")
    if answer not in ("rattacher", "ecarter"):
        messages.error(request, "Réponse non comprise : rien n'a été changé. Choisir « Rattacher » ou « Écarter ».")
        return redirect("conventions:convention", pk=pk)
    confirm = answer == "rattacher"
    try:
        links.answer(deliberation, confirm)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Délibération du {deliberation.date:%d/%m/%Y} ({deliberation.collectivite_name}) "
            + ("rattachée à la convention." if confirm else "écartée : elle ne sera plus proposée."),
        )
    return redirect("conventions:convention", pk=pk)
