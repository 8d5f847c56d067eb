"""Who keeps a body's life: the coordination of either party, and the people named to its
secretariat for the secretariat's tasks (scheduling, convening, the minutes, the files)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from concorde.conventions import policy
from concorde.conventions.models import TAKING_PART, Convention
from concorde.lib.errors import NotAllowed

from .models import GoverningBody

RUNNING_REFUSED = "Seuls la coordination d'une des parties et le secrétariat de l'instance tiennent ses réunions."


def people_of(convention: Convention):
    """Who can be given a task of the convention (a follow-up, the secretariat): the active
    members of the organisations that take part."""
    orgs = convention.parties.filter(consent__in=TAKING_PART).values_list("organisation_id", flat=True)
    return (
        get_user_model()
        .objects.filter(memberships__organisation_id__in=orgs, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def can_manage(user, convention: Convention) -> bool:
    """The coordination of either party organises the bodies' meetings of a validated plan."""
    return not convention.is_draft and bool(policy.coordinated_parties(user, convention))


def serving_organisations(body: GoverningBody) -> set[int]:
    """The organisations a secretary of the body belongs to, to serve it: the one of the party
    that holds the secretariat, or any party's taking part when it is shared."""
    parties = [p for p in body.convention.parties.all() if p.takes_part]
    if body.secretariat_party_id:
        parties = [p for p in parties if p.pk == body.secretariat_party_id]
    return {p.organisation_id for p in parties}


def serving_secretaries(body: GoverningBody, organisations: set[int] | None = None) -> list:
    """The body's named secretaries who still serve it: active, and members of an organisation
    that holds its secretariat (read from prefetched `secretaries__memberships` when there)."""
    organisations = serving_organisations(body) if organisations is None else organisations
    return [
        u
        for u in body.secretaries.all()
        if u.is_active and any(m.organisation_id in organisations for m in u.memberships.all())
    ]


def is_secretary(user, body: GoverningBody) -> bool:
    if not getattr(user, "is_authenticated", False) or body.convention.is_draft:
        return False
    return any(u.pk == user.pk for u in serving_secretaries(body))


def runnable(user, convention: Convention, bodies) -> list[GoverningBody]:
    """Of `bodies`, those whose meetings the user keeps: all of them for a coordination, a
    secretary's own."""
    bodies = list(bodies)
    for b in bodies:
        b.convention = convention
    if can_manage(user, convention):
        return bodies
    return [b for b in bodies if is_secretary(user, b)]


def can_run(user, body: GoverningBody) -> bool:
    """Schedules, convenes, holds and documents the body's meetings."""
    return can_manage(user, body.convention) or is_secretary(user, body)


def require_coordination(user, convention: Convention) -> None:
    if not can_manage(user, convention):
        raise NotAllowed("Seule la coordination d'une des parties organise les instances de la convention.")


def require_running(user, body: GoverningBody) -> None:
    if not can_run(user, body):
        raise NotAllowed(RUNNING_REFUSED)
