"""Who may see and do what. One module, so the rules can be read and tested in one place."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from concorde.territories.models import Membership

from .models import Convention


def organisation_ids(user, roles: tuple[str, ...] | None = None) -> set[int]:
    if not user.is_authenticated:
        return set()
    qs = Membership.objects.filter(user=user)
    if roles:
        qs = qs.filter(role__in=roles)
    return set(qs.values_list("organisation_id", flat=True))


def visible_conventions(user) -> QuerySet[Convention]:
    """Drafts: the importing organisation only. Otherwise: the members of the parties."""
    if not user.is_authenticated:
        return Convention.objects.none()
    if user.is_superuser:
        return Convention.objects.all()
    orgs = organisation_ids(user)
    return Convention.objects.filter(
        Q(status=Convention.Status.DRAFT, owner_id__in=orgs)
        | (~Q(status=Convention.Status.DRAFT) & (Q(parties__organisation_id__in=orgs) | Q(owner_id__in=orgs)))
    ).distinct()


def can_view(user, convention: Convention) -> bool:
    return visible_conventions(user).filter(pk=convention.pk).exists()


def can_import(user) -> bool:
    """Coordination of an organisation imports conventions for it."""
    return bool(organisation_ids(user, (Membership.Role.COORDINATION,))) or bool(getattr(user, "is_superuser", False))


def import_organisations(user):
    from concorde.territories.models import Organisation

    if user.is_superuser and not organisation_ids(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(id__in=organisation_ids(user, (Membership.Role.COORDINATION,)))


def can_review(user, convention: Convention) -> bool:
    """A draft is corrected and validated by the importing organisation's coordination."""
    if not convention.is_draft or not user.is_authenticated:
        return False
    return user.is_superuser or convention.owner_id in organisation_ids(user, (Membership.Role.COORDINATION,))
