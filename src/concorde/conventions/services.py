"""Domain operations on conventions (validation, versions)."""

from __future__ import annotations

import json

from django.core import serializers
from django.db import router, transaction
from django.db.models import F, Max, Q
from django.db.models.deletion import Collector
from django.utils import timezone

from concorde.lib.errors import DomainError
from concorde.territories import rules

from . import consent, references, standing
from .catalogue import CATALOGUE, catalogue_changed
from .lifecycle import standing as standing_of
from .models import (
    Action,
    ActionPilot,
    Axis,
    Commitment,
    Convention,
    DraftRemoval,
    ImportWarning,
    Indicator,
    Party,
    Version,
)
from .standing import terms_of
from .tracking import refresh_progress

__all__ = [
    "CATALOGUE",
    "DomainError",
    "add_action",
    "add_axis",
    "catalogue_changed",
    "remove_from_draft",
    "resolve_warning",
    "set_themes",
    "snapshot",
    "validate",
    "validation_problems",
]


def validation_problems(convention: Convention) -> list[str]:
    problems = []
    if not convention.title.strip():
        problems.append("La convention n'a pas de titre.")
    if convention.kind != Convention.Kind.SEMINAR and convention.parties.count() < 2:
        problems.append("Une convention lie au moins deux parties : compléter les parties.")
    if not convention.axes.exists():
        problems.append("Aucun axe : la structure de la convention est vide.")
    if not Party.objects.filter(convention=convention, organisation_id=convention.owner_id).exists():
        problems.append(
            f"{convention.owner} n'est pas partie à cette convention : une organisation ne valide que les "
            "conventions qu'elle signe (corriger les parties, ou laisser l'une d'elles l'importer)."
        )
    return problems


@transaction.atomic
def validate(convention: Convention, user) -> Version:
    """The reviewed draft becomes the convention's first version."""
    given, convention = convention, Convention.objects.select_for_update().get(pk=convention.pk)
    if not convention.is_draft:
        raise DomainError("Cette convention a déjà été validée.")
    problems = validation_problems(convention)
    if problems:
        raise DomainError(" ".join(problems))
    convention.status = Convention.Status.VALIDATED
    convention.validated_by = user
    convention.validated_at = timezone.now()
    convention.save()
    standing.apply(convention, timezone.localdate())  # signed, in force, renewed… from its dates
    # The caller's object now says what the database says.
    given.status, given.validated_by, given.validated_at = convention.status, user, convention.validated_at
    given.period_number, given.ends_on, given.standing_text = (
        convention.period_number,
        convention.ends_on,
        convention.standing_text,
    )
    consent.invite_parties(convention, user)
    references.resolve()  # its sentences naming others, and the others' naming it, become links
    refresh_progress(convention.pk)
    catalogue_changed()
    transaction.on_commit(catalogue_changed)  # again: a list read meanwhile missed this one
    return Version.objects.create(
        convention=convention, number=1, reason="Validation de l'import", snapshot=snapshot(convention), created_by=user
    )


def validation_summary(convention: Convention) -> list[str]:
    """What validating the draft will create and set in motion, in sentences, for the person
    who validates it to read first."""

    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n <= 1 else many}"

    actions = convention.actions.all()
    subs = actions.filter(parent__isnull=False).count()
    pilots = ActionPilot.objects.filter(action__convention=convention)
    to_settle = pilots.filter(needs_settling=True).count()
    out = [
        f"Un tableau de bord partagé de {count(convention.axes.count(), 'axe', 'axes')} et "
        f"{count(actions.count(), 'action', 'actions')}"
        + (f" (dont {count(subs, 'sous-action', 'sous-actions')})" if subs else "")
        + f", avec {count(Indicator.objects.filter(action__convention=convention).count(), 'indicateur', 'indicateurs')}.",
    ]
    named = pilots.count()
    if named:
        settled = ", rapproché d'un service." if named == 1 else ", tous rapprochés d'un service."
        out.append(
            f"{count(named, 'pilote désigné', 'pilotes désignés')} par le document"
            + (f", dont {to_settle} encore à rapprocher d'un service." if to_settle else settled)
        )
    else:
        out.append("Aucun pilote désigné par le document : chaque coordination nommera les siens.")
    bodies = list(convention.bodies.all())  # the governance's, named by the import
    if bodies:
        out.append("Les instances : " + ", ".join(str(b) for b in bodies) + ".")
    invited, outside = [], []
    for party in convention.parties.select_related("organisation"):
        if party.organisation_id == convention.owner_id:
            continue
        (invited if rules.has_members(party.organisation_id) else outside).append(party.label)
    if len(invited) == 1:
        out.append(
            f"Invitation de {invited[0]} à confirmer sa participation (sa coordination est prévenue par courriel)."
        )
    elif invited:
        out.append(
            f"Invitation de {', '.join(invited)} à confirmer leur participation (leurs coordinations sont prévenues "
            "par courriel)."
        )
    if len(outside) == 1:
        out.append(f"{outside[0]}, sans compte dans Concorde, est suivie « hors Concorde » par votre coordination.")
    elif outside:
        out.append(
            f"{', '.join(outside)}, sans compte dans Concorde, sont suivies « hors Concorde » par votre coordination."
        )
    situation = standing_of(terms_of(convention), timezone.localdate(), signed_on=convention.signed_on)
    out.append(f"Situation : {situation.detail}")
    out.append("La version 1 de la convention, figée ; elle ne changera ensuite que par avenant.")
    return out


def snapshot(convention: Convention) -> dict:
    """The convention's content as plain data, in the shape of the extraction contract."""
    actions = list(convention.actions.prefetch_related("pilots", "commitments", "indicators").order_by("order"))
    children: dict[int | None, list] = {}
    for a in actions:
        children.setdefault(a.parent_id, []).append(a)

    def node(a):
        return {
            "number": a.number or None,
            "title": a.title,
            "fields": {
                "delai": a.deadline_text or None,
                "pilotes": {p.party_label: p.service for p in a.pilots.all()},
                "budget": a.budget_text or None,
                "partenaires": a.partners_text or None,
                "indicateurs": a.indicators_text or None,
            },
            "engagements": [c.text for c in a.commitments.all()],
            "indicators": [
                {"label": i.label, "target": str(i.target_value) if i.target_value is not None else None}
                for i in a.indicators.all()
            ],
            "children": [node(c) for c in children.get(a.id, [])],
        }

    return {
        "title": convention.title,
        "parties": [
            {
                "name": p.label,
                "organisation": p.organisation.name,
                "represented_by": p.represented_by or None,
                "signatory": p.signatory or None,
            }
            for p in convention.parties.select_related("organisation")
        ],
        "period": {"start_year": convention.period_start_year, "end_year": convention.period_end_year},
        "duration": _duration_snapshot(convention),
        "governance": [
            {"body": b.kind, "label": b.label, "min_meetings_per_year": b.min_meetings_per_year}
            for b in convention.bodies.all()
        ],
        "axes": [
            {
                "number": ax.number or None,
                "title": ax.title,
                "actions": [node(a) for a in children.get(None, []) if a.axis_id == ax.id],
            }
            for ax in convention.axes.all()
        ],
    }


# --- Correcting the structure of a draft --------------------------------------------------


def _duration_snapshot(convention: Convention) -> dict:
    """The clauses of time in the shape the importer reads them (extract-contract.md): each
    amount under the key of its unit (the units' values are the contract's words)."""
    out = {"text": convention.duration_text or None, "years": None}
    if convention.duration:
        out[convention.duration_unit] = convention.duration
    out["tacit_renewal"] = (
        {"times": convention.tacit_renewal_times, convention.renewal_unit: convention.renewal_duration}
        if convention.renewal_duration
        else None
    )
    if convention.notice:
        out[f"notice_{convention.notice_unit}"] = convention.notice
    if convention.breach_delay:
        out[f"termination_for_breach_{convention.breach_unit}"] = convention.breach_delay
    return out


def _draft_only(convention: Convention) -> None:
    if not convention.is_draft:
        raise DomainError("La structure d'une convention validée change par avenant, pas par correction.")


@transaction.atomic
def add_axis(convention: Convention, number: str, title: str) -> Axis:
    _draft_only(convention)
    order = (convention.axes.aggregate(m=Max("order"))["m"] or -1) + 1
    return Axis.objects.create(
        convention=convention, number=number.strip()[:20], title=title.strip()[:500], order=order
    )


@transaction.atomic
def add_action(axis: Axis, number: str, title: str, parent: Action | None = None) -> Action:
    """A missed action, placed after the last one of its axis (or of its parent's sub-actions)."""
    convention = axis.convention
    _draft_only(convention)
    scope = Action.objects.filter(convention=convention, axis=axis)
    if parent is not None:
        ids, frontier = {parent.id}, [parent.id]
        while frontier:  # the parent's whole subtree
            frontier = list(Action.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
            ids.update(frontier)
        scope = Action.objects.filter(id__in=ids)
    last = scope.aggregate(m=Max("order"))["m"]
    if last is None:
        previous = Action.objects.filter(convention=convention, axis__order__lt=axis.order).aggregate(m=Max("order"))[
            "m"
        ]
        last = -1 if previous is None else previous
    Action.objects.filter(convention=convention, order__gt=last).update(order=F("order") + 1)
    return Action.objects.create(
        convention=convention,
        axis=axis,
        parent=parent,
        number=number.strip()[:20],
        title=title.strip()[:500],
        order=last + 1,
        depth=(parent.depth + 1) if parent else 0,
    )


# The order in which removed records are put back: each after those it points to.
RESTORE_ORDER = [Axis, Action, ActionPilot, Commitment, Indicator, ImportWarning]


@transaction.atomic
def remove_from_draft(item: Axis | Action, user=None) -> DraftRemoval:
    """A spurious axis or action read by the importer; its sub-actions go with it. What goes is
    kept as it was, so that the removal can be undone (restore_to_draft)."""
    _draft_only(item.convention)
    collector = Collector(using=router.db_for_write(type(item)))
    collector.collect([item])
    removed = [obj for model, found in collector.data.items() if model in RESTORE_ORDER for obj in found]
    actions = [o.pk for o in removed if isinstance(o, Action)]
    axes = [o.pk for o in removed if isinstance(o, Axis)]
    # the points to check that named them lose the link (SET_NULL): kept to get it back
    warnings = ImportWarning.objects.filter(Q(action_id__in=actions) | Q(axis_id__in=axes))
    record = DraftRemoval.objects.create(
        convention=item.convention,
        label=f"{item.number} {item.title}".strip()[:600],
        data=json.loads(serializers.serialize("json", [*removed, *warnings])),
        removed_by=user,
    )
    item.delete()
    return record


@transaction.atomic
def restore_to_draft(removal: DraftRemoval, user) -> None:
    """Undo a removal at review: the records come back as they were, with their identifiers."""
    _draft_only(removal.convention)
    if removal.restored_at:
        raise DomainError("Ce retrait a déjà été défait.")
    found = list(serializers.deserialize("json", json.dumps(removal.data)))
    rank = {model: n for n, model in enumerate(RESTORE_ORDER)}
    for item in sorted(found, key=lambda d: (rank[type(d.object)], getattr(d.object, "depth", 0))):
        item.object._history_user = user
        item.save()
    removal.restored_at = timezone.now()
    removal.save(update_fields=["restored_at"])


@transaction.atomic
def resolve_warning(warning: ImportWarning, user) -> None:
    """A point to check of the import, marked checked by the reviewer."""
    warning.resolved_by, warning.resolved_at = user, timezone.now()
    warning.save(update_fields=["resolved_by", "resolved_at"])


@transaction.atomic
def set_themes(convention: Convention, themes: list[str], user) -> None:
    """The convention's themes, as either party's coordination keeps them; through save() so that
    the change is in the convention's history."""
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    convention.themes = themes
    convention._history_user = user
    convention.save(update_fields=["themes"])
