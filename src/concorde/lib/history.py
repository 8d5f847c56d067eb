"""A model form saved the way every page saves one."""

from __future__ import annotations

from django.db import transaction


@transaction.atomic
def save_form(form, user):
    """The valid model form saved in one transaction, its change in the model's history under the
    user's name (set here, so that it holds where no request is there for simple-history to read)."""
    form.instance._history_user = user
    return form.save()
