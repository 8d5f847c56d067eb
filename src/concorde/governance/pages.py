"""What the governance pages share: finding the convention a reader may see, and turning a
rule's refusal or a form's errors into French messages."""
from __future__ import annotations

from django.contrib import messages
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


def child_of(request, pk: int, model, child_pk: int, **lookup):
    """An object of the convention (evaluation, avenant…), 404 for any other convention's id."""
    convention = readable_convention(request, pk)
    item = get_object_or_404(model, pk=child_pk, convention=convention, **lookup)
    item.convention = convention
    return item


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
