"""A party's coordination completes its own deliberations (matière, @ctes, accusé de réception)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from concorde.conventions import policy
from concorde.conventions.access import child_of
from concorde.lib.history import save_form
from concorde.lib.views import form_errors

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
