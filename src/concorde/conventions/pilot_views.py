"""Settling the pilot names of the documents that no service matched: once per name, for every
action that writes it and every later import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concorde.lib.errors import DomainError
from concorde.territories.models import Organisation

from . import pilots, policy
from .forms import SettleForm, settle_form
from .models import Convention


def _settled_for(request, org_pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=org_pk)
    if not policy.can_settle_for(request.user, organisation):
        raise PermissionDenied(f"Seule la coordination de {organisation} rattache ses services pilotes.")
    return organisation


@login_required
def settle_page(request, org_pk: int):
    organisation = _settled_for(request, org_pk)
    owners = policy.settling_owners(request.user, organisation)
    names = pilots.unsettled_names(organisation, owners=owners)
    services = list(organisation.services.order_by("name"))
    for i, name in enumerate(names):
        name.form = settle_form(services, name, index=i)
    return render(
        request, "conventions/settle.html", {"organisation": organisation, "names": names, "may_manage": owners is None}
    )


@login_required
@require_POST
def settle(request, org_pk: int):
    organisation = _settled_for(request, org_pk)
    form = SettleForm(request.POST, services=list(organisation.services.all()))
    convention = _back_to(request, form.data.get("convention"))
    back = (
        (reverse("conventions:review", args=[convention.pk]) + "#services-pilotes")
        if convention
        else reverse("conventions:settle-services", args=[org_pk])
    )
    if not form.is_valid():
        messages.error(request, "Rien n'a été rattaché : " + " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    d = form.cleaned_data
    new = d["choice"] == "new"
    try:
        count = pilots.settle(
            organisation,
            d["label"],
            request.user,
            service=d["service"] if d["choice"] == "existing" else None,
            new_name=d["name"] if new else "",
            new_acronym=d["acronym"] if new else "",
            new_parent=d["parent"] if new else None,
            ignore=d["choice"] == "ignore",
            owners=policy.settling_owners(request.user, organisation),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    what = "ignoré" if d["choice"] == "ignore" else "rattaché"
    later = " (et pour les prochains imports)" if policy.settling_owners(request.user, organisation) is None else ""
    messages.success(
        request, f"« {d['label']} » {what} pour {count} action{'s' if count > 1 else ''} de {organisation}{later}."
    )
    return redirect(back)


def _back_to(request, convention_pk) -> Convention | None:
    """The draft the form was sent from, when the user reviews it."""
    try:
        convention = Convention.objects.filter(pk=int(convention_pk)).first() if convention_pk else None
    except (TypeError, ValueError):
        return None
    return convention if convention is not None and policy.can_review(request.user, convention) else None
