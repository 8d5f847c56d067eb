"""What every page that applies a rule shares: a rule's refusal or a form's errors turned into the
French messages shown on the next page."""

from __future__ import annotations

from django.contrib import messages

from concorde.lib.errors import DomainError


def form_errors(request, form) -> None:
    messages.error(
        request,
        "Le formulaire contient des erreurs : "
        + " ".join(
            f"{form.fields[f].label if f in form.fields else ''} : {' '.join(e)}".strip(" :")
            for f, e in form.errors.items()
        ),
    )


_REFUSED = object()


def _apply(request, rule, done):
    try:
        result = rule()
    except DomainError as exc:
        messages.error(request, str(exc))
        return _REFUSED
    messages.success(request, done(result) if callable(done) else done)
    return result


def run(request, rule, done) -> bool:
    """Apply the rule; `done` is the success message, or makes it from the rule's result. Whether
    the rule was applied (a refusal is told to the user)."""
    return _apply(request, rule, done) is not _REFUSED


def outcome(request, rule, done):
    """As `run`, for a rule that makes something: what it made, or None when it was refused."""
    result = _apply(request, rule, done)
    return None if result is _REFUSED else result


def form_step(request, form, apply, done, *, refused, then):
    """A step of a page whose refusal must keep what was typed: validate the form, apply the rule
    to it; refused (the form's errors or the rule's message), `refused()` renders the page again
    with the form as it was; applied, `done` is the success message (or makes it from the rule's
    result) and `then(result)` the response, a redirect."""
    if not form.is_valid():
        form_errors(request, form)
        return refused()
    try:
        result = apply(form)
    except DomainError as exc:
        messages.error(request, str(exc))
        return refused()
    messages.success(request, done(result) if callable(done) else done)
    return then(result)


def apply_form(request, form, apply, done: str) -> bool:
    """Validate the form, then apply the rule to it."""
    if not form.is_valid():
        form_errors(request, form)
        return False
    return run(request, lambda: apply(form), done)
