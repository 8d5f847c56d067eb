"""The convention a page works on, found through the policy: what a reader may see, what a
coordination keeps; the same for every app whose pages hang under a convention."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import policy
from .models import Convention


def readable_convention(request, pk: int) -> Convention:
    """A validated convention the user may read (drafts have their review page instead)."""
    convention = get_object_or_404(Convention, pk=pk)
    if not policy.can_view(request.user, convention) or convention.is_draft:
        raise Http404("Convention introuvable")
    return convention


def managed_convention(request, pk: int) -> Convention:
    """A validated convention whose governance (meetings, evaluations, avenants) the user's coordination
    keeps; a reader of it who is not a coordination is refused before anything is read from the form."""
    convention = readable_convention(request, pk)
    if not policy.coordinated_parties(request.user, convention):
        raise PermissionDenied("Seule la coordination d'une des parties tient la gouvernance de la convention.")
    return convention


def child_of(request, pk: int, model, child_pk: int, manage: bool = False, **lookup):
    """An object of the convention (evaluation, avenant…), 404 for any other convention's id; with
    `manage`, only for a coordination of one of its parties."""
    convention = (managed_convention if manage else readable_convention)(request, pk)
    item = get_object_or_404(model, pk=child_pk, convention=convention, **lookup)
    item.convention = convention
    return item


def coordinated_party(request, convention: Convention, party_pk: int):
    """The party `party_pk` of the convention, when the user is its coordination (or acts for it)."""
    party = next((p for p in policy.coordinated_parties(request.user, convention) if p.pk == party_pk), None)
    if party is None:
        get_object_or_404(convention.parties, pk=party_pk)
        raise PermissionDenied("Seule la coordination de cette partie agit en son nom.")
    return party
