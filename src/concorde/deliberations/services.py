"""A deliberation completed by the coordination of the collectivité that voted it (matière,
@ctes identifier, votes)."""

from __future__ import annotations

from django.db import transaction


@transaction.atomic
def complete(form, user):
    """The valid deliberation form saved; the deliberation's history (if kept) names the user."""
    form.instance._history_user = user
    return form.save()
