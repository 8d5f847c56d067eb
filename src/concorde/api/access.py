"""Which conventions and actions an API caller reads: the published ones for everyone, a
member's own too (drafts only to their importer) — 404 otherwise, as for what does not exist."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from concorde.conventions import policy
from concorde.conventions.models import Action, Convention
from concorde.publication.services import published


def conventions(request) -> QuerySet[Convention]:
    user = request.user
    if not user.is_authenticated:
        return published()
    return Convention.objects.filter(
        Q(pk__in=published().values("pk")) | Q(pk__in=policy.visible_conventions(user).values("pk"))
    )


def convention(request, pk: int) -> Convention:
    return get_object_or_404(conventions(request), pk=pk)


def member(request, found: Convention) -> bool:
    return policy.can_view(request.user, found)


def action(request, pk: int, action_pk: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related("convention"), pk=action_pk, convention=convention(request, pk)
    )
