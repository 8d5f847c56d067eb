"""A person's account: their organisations and roles; a coordination keeps its organisation's
identifiers (SIREN, SIRET) that open data and @ctes rely on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from concorde.lib.history import save_form

from . import rules
from .forms import IdentifiersForm
from .models import Membership, Organisation


def _form(org: Organisation, data=None) -> IdentifiersForm:
    return IdentifiersForm(data, instance=org, prefix=f"org{org.pk}")


@login_required
def account(request):
    return _account_page(request)


def _account_page(request, bound: IdentifiersForm | None = None, status: int = 200):
    """The account page; `bound` is an organisation's form that failed validation."""
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("organisation", "service")
        .order_by("organisation__name")
    )
    for m in memberships:
        if m.role == Membership.Role.COORDINATION:
            m.form = bound if bound is not None and bound.instance.pk == m.organisation_id else _form(m.organisation)
    return render(request, "territories/account.html", {"memberships": memberships}, status=status)


@login_required
@require_POST
def identifiers(request, org_pk: int):
    org = get_object_or_404(Organisation, pk=org_pk)
    if not rules.coordinates(request.user, org):
        raise PermissionDenied("Seule la coordination d'une organisation tient ses identifiants.")
    form = _form(org, request.POST)
    if form.is_valid():
        save_form(form, request.user)
        messages.success(request, f"Identifiants de {org} enregistrés.")
        return redirect("territories:account")
    messages.error(request, "Rien n'a été enregistré : corriger les champs signalés.")
    return _account_page(request, form, status=400)
