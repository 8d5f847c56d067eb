"""A party's answer to the invitation to take part, and the importer's side of it: ask again
after a refusal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from concorde.lib.errors import DomainError

from . import consent, policy
from .forms import AnswerForm
from .models import Convention, Party


def _party(request, pk: int, party_pk: int) -> Party:
    """A party of a validated convention the user reads or is invited to: 404 for anyone else, so
    that nobody learns who the parties of a convention are from a refusal."""
    party = get_object_or_404(
        Party.objects.select_related("convention", "organisation"),
        pk=party_pk,
        convention_id=pk,
        convention__status__in=[s for s in Convention.Status.values if s != Convention.Status.DRAFT],
    )
    if not (policy.can_view(request.user, party.convention) or policy.invited_party(request.user, party.convention)):
        raise Http404("Convention introuvable")
    return party


@login_required
@require_POST
def answer(request, pk: int, party_pk: int):
    party = _party(request, pk, party_pk)
    if policy.invited_party(request.user, party.convention) != party:
        raise PermissionDenied(f"Seule la coordination de {party.organisation} répond à cette invitation.")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Aucune réponse enregistrée : " + " ".join(e for errs in form.errors.values() for e in errs)
        )
        return redirect("conventions:convention", pk=pk)
    try:
        if form.cleaned_data["decision"] == "accept":
            consent.accept(party, request.user)
        else:
            consent.refuse(party, request.user, form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("conventions:convention", pk=pk)
    if form.cleaned_data["decision"] == "accept":
        messages.success(
            request,
            f"{party.organisation} est partie à « {party.convention.title} » : la convention est "
            "dans vos conventions et votre portefeuille.",
        )
        return redirect("conventions:convention", pk=pk)
    messages.success(request, f"Refus enregistré : {party.convention.owner} en est prévenue.")
    return redirect("conventions:home")


@login_required
@require_POST
def invite_again(request, pk: int, party_pk: int):
    party = _party(request, pk, party_pk)
    if not policy.can_invite_again(request.user, party):
        raise PermissionDenied("Seule la coordination importatrice invite à nouveau une partie qui a refusé.")
    consent.invite_again(party, request.user)
    messages.success(request, f"{party.organisation} est invitée à nouveau : sa coordination en est prévenue.")
    return redirect(reverse("conventions:convention", args=[pk]) + "#titre-parties")
