"""An organisation's own record as its coordination keeps it: the identifiers (SIREN, SIRET)
that open data and @ctes rely on."""

from __future__ import annotations

from django.db import transaction


@transaction.atomic
def save_identifiers(form, user):
    """The valid identifiers form saved, the change kept in the organisation's history."""
    form.instance._history_user = user
    return form.save()
