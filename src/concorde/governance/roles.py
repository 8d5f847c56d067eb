"""Who keeps a body's life: the coordination of either party, and the people named to its
secretariat for the secretariat's tasks (scheduling, convening, the minutes, the files)."""

from __future__ import annotations

from concorde.conventions import policy
from concorde.conventions.models import TAKING_PART, Convention
from concorde.lib.errors import NotAllowed

from .models import GoverningBody


def can_manage(user, convention: Convention) -> bool:
    """The coordination of either party organises the bodies' meetings of a validated plan."""
    return not convention.is_draft and bool(policy.coordinated_parties(user, convention))


def is_secretary(user, body: GoverningBody) -> bool:
    """Named to the body's secretariat, and still a member of an organisation taking part."""
    if not getattr(user, "is_authenticated", False) or body.convention.is_draft:
        return False
    return body.secretaries.filter(
        pk=user.pk,
        is_active=True,
        memberships__organisation__parties__convention=body.convention,
        memberships__organisation__parties__consent__in=TAKING_PART,
    ).exists()


def can_run(user, body: GoverningBody) -> bool:
    """Schedules, convenes, holds and documents the body's meetings."""
    return can_manage(user, body.convention) or is_secretary(user, body)


def require_coordination(user, convention: Convention) -> None:
    if not can_manage(user, convention):
        raise NotAllowed("Seule la coordination d'une des parties organise les instances de la convention.")


RUNNING_REFUSED = "Seuls la coordination d'une des parties et le secrétariat de l'instance tiennent ses réunions."


def require_running(user, body: GoverningBody) -> None:
    if not can_run(user, body):
        raise NotAllowed(RUNNING_REFUSED)
