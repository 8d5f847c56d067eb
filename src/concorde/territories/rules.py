"""Who keeps an organisation's people and services: its own coordination (and the site
administrators). The rules on conventions, which build on these, are in conventions/policy.py."""

from __future__ import annotations

from .models import Membership, Organisation, Service


def coordinates(user, organisation: Organisation | int) -> bool:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation_id=org_id, role=Membership.Role.COORDINATION).exists()
    )


def can_manage_people(user, organisation: Organisation | int) -> bool:
    """Invite, change the role or service of, and remove the organisation's members; keep its services."""
    return bool(getattr(user, "is_superuser", False)) or coordinates(user, organisation)


def has_coordination(organisation_id: int) -> bool:
    return Membership.objects.filter(
        organisation_id=organisation_id, role=Membership.Role.COORDINATION, user__is_active=True
    ).exists()


def has_members(organisation_id: int) -> bool:
    """Someone acts for the organisation on this instance (else it is « hors Concorde »)."""
    return Membership.objects.filter(organisation_id=organisation_id, user__is_active=True).exists()


def services_within(service_id: int | None) -> set[int]:
    """The service and every service beneath it: a direction pilots what its services pilot."""
    if service_id is None:
        return set()
    org = Service.objects.filter(pk=service_id).values_list("organisation_id", flat=True).first()
    children: dict[int | None, list[int]] = {}
    for pk, parent in Service.objects.filter(organisation_id=org).values_list("id", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, frontier = {service_id}, [service_id]
    while frontier:
        frontier = [c for p in frontier for c in children.get(p, []) if c not in found]
        found.update(frontier)
    return found
