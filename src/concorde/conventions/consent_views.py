"""A party's answer to the invitation to take part, and the importer's side of it: ask again
after a refusal, invite the first coordination of a party « hors Concorde »."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from concorde.lib.errors import DomainError
from concorde.territories import people
from concorde.territories.models import Membership

from . import consent, policy
from .forms import AnswerForm, CoordinationInvitationForm
from .models import Convention, Party


def _party(pk: int, party_pk: int) -> Party:
    return get_object_or_404(Party.objects.select_related("convention", "organisation"), pk=party_pk, convention_id=pk,
                             convention__status__in=[s for s in Convention.Status.values if s != Convention.Status.DRAFT])


@login_required
@require_POST
def answer(request, pk: int, party_pk: int):
    party = _party(pk, party_pk)
    if policy.invited_party(request.user, party.convention) != party:
        raise PermissionDenied(f"Seule la coordination de {party.organisation} répond à cette invitation.")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Aucune réponse enregistrée : " + " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("convention", pk=pk)
    try:
        if form.cleaned_data["decision"] == "accept":
            consent.accept(party, request.user)
        else:
            consent.refuse(party, request.user, form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("convention", pk=pk)
    if form.cleaned_data["decision"] == "accept":
        messages.success(request, f"{party.organisation} est partie à « {party.convention.title} » : la convention est "
                                  "dans vos conventions et votre portefeuille.")
        return redirect("convention", pk=pk)
    messages.success(request, f"Refus enregistré : {party.convention.owner} en est prévenue.")
    return redirect("home")


@login_required
@require_POST
def invite_again(request, pk: int, party_pk: int):
    party = _party(pk, party_pk)
    if not policy.can_invite_again(request.user, party):
        raise PermissionDenied("Seule la coordination importatrice invite à nouveau une partie qui a refusé.")
    consent.invite_again(party, request.user)
    messages.success(request, f"{party.organisation} est invitée à nouveau : sa coordination en est prévenue.")
    return redirect(reverse("convention", args=[pk]) + "#titre-parties")


@login_required
@require_POST
def invite_coordination(request, pk: int, party_pk: int):
    """The first coordination of an organisation « hors Concorde », invited by the importer."""
    party = _party(pk, party_pk)
    if not policy.can_invite_coordination(request.user, party):
        raise PermissionDenied("Seule la coordination importatrice invite la coordination d'une partie hors Concorde.")
    form = CoordinationInvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "L'invitation n'est pas partie : adresse électronique invalide.")
        return redirect(reverse("convention", args=[pk]) + "#titre-parties")
    try:
        invitation, _, sent = people.invite(party.organisation, request.user, role=Membership.Role.COORDINATION,
                                            **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("convention", args=[pk]) + "#titre-parties")
    if sent:
        messages.success(request, f"{invitation.email} est invitée à coordonner {party.organisation} dans Concorde ; "
                                  "une fois inscrite, elle pourra accepter cette convention.")
    else:
        messages.warning(request, f"Le courriel à {invitation.email} n'a pas pu partir : réessayer plus tard.")
    return redirect(reverse("convention", args=[pk]) + "#titre-parties")
