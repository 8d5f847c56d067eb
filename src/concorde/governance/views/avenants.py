"""Pages of the avenants: thin views over `avenants`."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from concorde.conventions import policy
from concorde.conventions.access import child_of, coordinated_party, managed_convention, readable_convention
from concorde.lib.views import form_errors, form_step, outcome, run

from .. import avenants
from ..forms.avenants import (
    AbandonForm,
    AddActionForm,
    AdoptForm,
    ApproveForm,
    AvenantForm,
    ChangeActionForm,
    RemoveActionForm,
    SignedAvenantForm,
    TermForm,
)
from ..models import Avenant

CHANGE_FORMS = {
    "add_action": AddActionForm,
    "change_action": ChangeActionForm,
    "remove_action": RemoveActionForm,
    "set_term": TermForm,
}


def _avenant(request, pk: int, avenant_pk: int, manage: bool = False) -> Avenant:
    return child_of(request, pk, Avenant, avenant_pk, manage=manage)


@login_required
def avenants_page(request, pk: int):
    convention = readable_convention(request, pk)
    manage = bool(policy.coordinated_parties(request.user, convention))
    return render(
        request,
        "governance/avenants.html",
        {
            "convention": convention,
            "avenants": convention.avenants.select_related("version"),
            "form": AvenantForm() if manage else None,
            "versions": convention.versions.all(),
        },
    )


@login_required
@require_POST
def create(request, pk: int):
    convention = managed_convention(request, pk)
    form = AvenantForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("governance:avenants", pk=pk)
    avenant = outcome(
        request,
        lambda: avenants.create(convention, request.user, form.cleaned_data["title"]),
        "Avenant créé : ajouter ses modifications.",
    )
    if avenant is None:
        return redirect("governance:avenants", pk=pk)
    return redirect("governance:avenant", pk=pk, avenant_pk=avenant.pk)


@login_required
def avenant_page(request, pk: int, avenant_pk: int):
    return _render(request, _avenant(request, pk, avenant_pk))


def _render(request, avenant: Avenant, *, bound: dict | None = None, status: int = 200):
    """The avenant's page; `bound` holds the forms a refused step sends back filled, by name
    (« approve », or « adopt-<party id> », « signed »)."""
    bound = bound or {}
    convention = avenant.convention
    mine = policy.coordinated_parties(request.user, convention)
    draft = avenant.status == Avenant.Status.DRAFT
    adopted = {a.party_id: a for a in avenant.adoptions.select_related("deliberation")}
    return render(
        request,
        "governance/avenant.html",
        {
            "convention": convention,
            "avenant": avenant,
            "changes": [(i, avenants.describe(convention, c)) for i, c in enumerate(avenant.changes)],
            "manage_draft": bool(mine) and draft,
            "change_forms": {
                op: form(convention=convention) if op != "set_term" else form() for op, form in CHANGE_FORMS.items()
            }
            if mine and draft
            else {},
            "approve_form": bound.get("approve") or ApproveForm(meetings=avenants.approvable_meetings(avenant))
            if mine and draft and avenant.changes
            else None,
            "signed_form": bound.get("signed") or _signed_form()
            if mine and avenant.status == Avenant.Status.IN_FORCE
            else None,
            "abandon_form": bound.get("abandon") or AbandonForm()
            if mine and avenant.status in (Avenant.Status.DRAFT, Avenant.Status.APPROVED)
            else None,
            "decisions": avenant.decisions.select_related("meeting__body"),
            "adoptions": [
                (
                    p,
                    adopted.get(p.pk),
                    bound.get(f"adopt-{p.pk}") or AdoptForm(prefix=f"p{p.pk}")
                    if p in mine and p.pk not in adopted and avenant.status == Avenant.Status.APPROVED
                    else None,
                )
                for p in convention.parties.all()
            ],
        },
        status=status,
    )


def _signed_form(*args) -> SignedAvenantForm:
    return SignedAvenantForm(*args, max_bytes=settings.CONCORDE_MAX_UPLOAD_BYTES)


def _step(request, avenant: Avenant, name: str, form, apply, done):
    return form_step(
        request,
        form,
        lambda f: apply(f.cleaned_data),
        done,
        refused=lambda: _render(request, avenant, bound={name: form}, status=400),
        then=lambda _: redirect("governance:avenant", pk=avenant.convention_id, avenant_pk=avenant.pk),
    )


@login_required
@require_POST
def add_change(request, pk: int, avenant_pk: int, op: str):
    avenant = _avenant(request, pk, avenant_pk, manage=True)
    if op not in CHANGE_FORMS:
        messages.error(request, "Modification inconnue.")
        return redirect("governance:avenant", pk=pk, avenant_pk=avenant_pk)
    form = CHANGE_FORMS[op](request.POST, **({} if op == "set_term" else {"convention": avenant.convention}))
    if not form.is_valid():
        form_errors(request, form)
    else:
        data = dict(form.cleaned_data)
        change = {"op": op}
        if "action" in data:
            change["action"] = data.pop("action").pk
        if op == "add_action":
            change.update(axis=data["axis"].pk, number=data["number"], title=data["title"])
        else:
            change["fields"] = data
        run(request, lambda: avenants.add_change(avenant, request.user, change), "Modification ajoutée à l'avenant.")
    return redirect("governance:avenant", pk=pk, avenant_pk=avenant_pk)


@login_required
@require_POST
def remove_change(request, pk: int, avenant_pk: int, index: int):
    avenant = _avenant(request, pk, avenant_pk, manage=True)
    run(request, lambda: avenants.remove_change(avenant, request.user, index), "Modification retirée de l'avenant.")
    return redirect("governance:avenant", pk=pk, avenant_pk=avenant_pk)


@login_required
@require_POST
def approve(request, pk: int, avenant_pk: int):
    avenant = _avenant(request, pk, avenant_pk, manage=True)
    return _step(
        request,
        avenant,
        "approve",
        ApproveForm(request.POST, meetings=avenants.approvable_meetings(avenant)),
        lambda data: avenants.approve(avenant, request.user, data["meeting"]),
        "Avenant approuvé, inscrit aux décisions de la réunion : chaque assemblée l'adopte maintenant.",
    )


@login_required
@require_POST
def adopt(request, pk: int, avenant_pk: int, party_pk: int):
    avenant = _avenant(request, pk, avenant_pk)
    party = coordinated_party(request, avenant.convention, party_pk)
    return _step(
        request,
        avenant,
        f"adopt-{party.pk}",
        AdoptForm(request.POST, prefix=f"p{party.pk}"),
        lambda data: avenants.adopt(avenant, request.user, party=party, **data),
        lambda in_force: (
            "Toutes les parties l'ont adopté : l'avenant est en vigueur, une nouvelle version est créée."
            if in_force
            else f"Adoption par {party.label} enregistrée."
        ),
    )


@login_required
@require_POST
def attach_signed(request, pk: int, avenant_pk: int):
    avenant = _avenant(request, pk, avenant_pk, manage=True)
    return _step(
        request,
        avenant,
        "signed",
        _signed_form(request.POST, request.FILES),
        lambda data: avenants.attach_signed(avenant, request.user, data["file"]),
        "Avenant signé joint aux documents de la convention.",
    )


@login_required
@require_POST
def abandon(request, pk: int, avenant_pk: int):
    avenant = _avenant(request, pk, avenant_pk, manage=True)
    return _step(
        request,
        avenant,
        "abandon",
        AbandonForm(request.POST),
        lambda data: avenants.abandon(avenant, request.user, data["reason"]),
        "Avenant abandonné : son motif est noté, les actions qu'il modifiait peuvent l'être par un autre avenant.",
    )
