"""What the governance pages share: finding the convention a reader may see, and turning a
rule's refusal or a form's errors into French messages."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from concorde.conventions import policy
from concorde.conventions.models import Convention
from concorde.conventions.services import DomainError


def readable_convention(request, pk: int) -> Convention:
    """A validated convention the user may read (drafts have their review page instead)."""
    convention = get_object_or_404(Convention, pk=pk)
    if not policy.can_view(request.user, convention) or convention.is_draft:
        raise Http404("Convention introuvable")
    return convention


def managed_convention(request, pk: int) -> Convention:
    """A validated convention whose governance (meetings, evaluations, avenants) the user's coordination
    keeps; a reader of it who is not a coordination is refused before anything is read from the form."""
    convention = readable_convention(request, pk)
    if not policy.coordinated_parties(request.user, convention):
        raise PermissionDenied("Seule la coordination d'une des parties tient la gouvernance de la convention.")
    return convention


def child_of(request, pk: int, model, child_pk: int, manage: bool = False, **lookup):
    """An object of the convention (evaluation, avenant…), 404 for any other convention's id; with
    `manage`, only for a coordination of one of its parties."""
    convention = (managed_convention if manage else readable_convention)(request, pk)
    item = get_object_or_404(model, pk=child_pk, convention=convention, **lookup)
    item.convention = convention
    return item


def coordinated_party(request, convention: Convention, party_pk: int):
    """The party `party_pk` of the convention, when the user is its coordination (or acts for it)."""
    party = next((p for p in policy.coordinated_parties(request.user, convention) if p.pk == party_pk), None)
    if party is None:
        get_object_or_404(convention.parties, pk=party_pk)
        raise PermissionDenied("Seule la coordination de cette partie agit en son nom.")
    return party


def form_errors(request, form) -> None:
    messages.error(request, "Le formulaire contient des erreurs : " + " ".join(
        f"{form.fields[f].label if f in form.fields else ''} : {' '.join(e)}".strip(" :") for f, e in form.errors.items()))


def run(request, rule, done) -> bool:
    """Apply the rule; `done` is the success message, or makes it from the rule's result."""
    try:
        result = rule()
    except DomainError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done(result) if callable(done) else done)
    return True


def apply_form(request, form, apply, done: str) -> bool:
    """Validate the form, then apply the rule to it."""
    if not form.is_valid():
        form_errors(request, form)
        return False
    return run(request, lambda: apply(form), done)
