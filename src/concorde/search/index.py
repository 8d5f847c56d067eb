"""Keeping the index in step with the records. A record saved or deleted one at a time rewrites
its own entry, in the same transaction (a write that rolls back leaves the index as it was); a
convention written in bulk (an import, a review) is indexed again whole on `plan_written`."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save

from concorde.conventions.models import (
    Action,
    ActionPilot,
    Axis,
    Commitment,
    Convention,
    Document,
    Indicator,
    Milestone,
    Party,
    Update,
)
from concorde.conventions.signals import plan_written
from concorde.deliberations.models import Deliberation
from concorde.deliberations.open_data import open_data_loaded
from concorde.governance.models import Decision, FollowUp, Meeting

from . import sources
from .backends import backend
from .models import Entry


def save(entries: Iterable[Entry], fresh: bool = False) -> None:
    """Write these entries over the ones of the same records (`fresh`: there are none)."""
    entries = list(entries)
    store = backend()
    for entry in entries:
        store.prepare(entry)
        if entry.convention_id:
            entry.themes = _themes_of(entry.convention)
    if not fresh:
        kinds: dict[str, list[int]] = {}
        for entry in entries:
            kinds.setdefault(entry.kind, []).append(entry.object_id)
        same = [Q(kind=kind, object_id__in=ids) for kind, ids in kinds.items()]
        if same:
            Entry.objects.filter(reduce(operator.or_, same)).delete()
    _insert(entries)


_FIELDS = [f for f in Entry._meta.concrete_fields if not f.primary_key]


def _insert(entries: list[Entry]) -> None:
    """One statement for any number of entries (bulk_create cuts SQLite's into batches of 999
    parameters: an import's statements would then grow with its actions)."""
    if not entries:
        return
    columns = ", ".join(connection.ops.quote_name(f.column) for f in _FIELDS)
    sql = f"INSERT INTO {Entry._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(_FIELDS))})"
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [[f.get_db_prep_save(getattr(e, f.attname), connection) for f in _FIELDS] for e in entries]
        )


def _themes_of(convention: Convention) -> str:
    """« eau sport » written « ␣eau␣sport␣ », so that a theme is matched whole."""
    return f" {' '.join(convention.themes)} " if convention.themes else ""


def reindex_convention(convention: Convention) -> int:
    """Every entry of the convention, anew (what it no longer holds leaves the index)."""
    entries = sources.of_whole_convention(convention)
    Entry.objects.filter(convention=convention).delete()
    save(entries, fresh=True)
    return len(entries)


def reindex_all(progress=None) -> int:
    """The whole index, anew: every convention, then the deliberations of no convention."""
    count = 0
    conventions = Convention.objects.order_by("pk")
    for convention in conventions.iterator(chunk_size=100):
        count += reindex_convention(convention)
        if progress:
            progress()
    Entry.objects.filter(kind=Entry.Kind.DELIBERATION, convention__isnull=True).delete()
    loose = Deliberation.objects.filter(convention__isnull=True).select_related("organisation").order_by("pk")
    batch: list[Entry] = []
    for deliberation in loose.iterator(chunk_size=2000):
        batch.append(sources.of_deliberation(deliberation))
        if len(batch) == 2000:
            save(batch)
            count, batch = count + len(batch), []
    save(batch)
    return count + len(batch)


def forget(kind: str, object_id: int) -> None:
    Entry.objects.filter(kind=kind, object_id=object_id).delete()


# --- Signals: which entry a saved record changes ----------------------------------------------


def _convention_saved(instance: Convention, created: bool = False, **kwargs):
    save([sources.of_convention(instance)], fresh=created)
    if created:
        return
    Entry.objects.filter(convention=instance).exclude(themes=_themes_of(instance)).update(themes=_themes_of(instance))


def _action_of(instance) -> Action | None:
    """The action whose entry holds this record's text (None once the action is gone)."""
    action_id = instance.pk if isinstance(instance, Action) else getattr(instance, "action_id", None)
    return Action.objects.select_related("convention", "axis").filter(pk=action_id).first()


# The fields of an action its entry does not read: a save of these alone leaves the entry as it is.
_UNINDEXED_ACTION_FIELDS = frozenset(
    {"status", "progress", "start_date", "end_date", "due_date", "lock_version", "updated_at"}
)


def _action_changed(instance, update_fields=None, **kwargs):
    if isinstance(instance, Action) and update_fields and set(update_fields) <= _UNINDEXED_ACTION_FIELDS:
        return
    action = _action_of(instance)
    if action is not None:
        save([sources.of_action(action)])
    elif isinstance(instance, Action) and instance.archived_on:  # removed by an avenant: no longer found
        forget(Entry.Kind.ACTION, instance.pk)
        Entry.objects.filter(kind=Entry.Kind.INDICATOR, parent_id=instance.pk).delete()


def _action_deleted(instance: Action, **kwargs):
    forget(Entry.Kind.ACTION, instance.pk)


def _deleted_alone(instance, origin) -> bool:
    """Deleted by itself, not with its parent: a parent going takes its entry away anyway, and
    writing it again then would point at a row about to go."""
    return origin is None or origin is instance or (isinstance(origin, QuerySet) and origin.model is type(instance))


def _action_child_deleted(instance, origin=None, **kwargs):
    if _deleted_alone(instance, origin):
        _action_changed(instance)


def _meeting_child_deleted(instance, origin=None, **kwargs):
    if _deleted_alone(instance, origin):
        _meeting_changed(instance)


def _meeting_changed(instance, **kwargs):
    meeting_id = instance.pk if isinstance(instance, Meeting) else instance.meeting_id
    meeting = Meeting.objects.select_related("body__convention").filter(pk=meeting_id).first()
    if meeting is not None:
        save([sources.of_meeting(meeting)])


def _deliberation_saved(instance: Deliberation, **kwargs):
    save([sources.of_deliberation(instance)])


def _indicator_saved(instance: Indicator, **kwargs):
    save([sources.of_indicator(instance)])


def _axis_saved(instance: Axis, **kwargs):
    save([sources.of_axis(instance)])


def _document_saved(instance: Document, **kwargs):
    save([sources.of_document(instance)])


def _convention_child_deleted(instance, origin=None, **kwargs):
    if _deleted_alone(instance, origin):
        _convention_of_saved(instance)


def _convention_of_saved(instance, **kwargs):
    """A party or milestone: the convention's own entry holds their text."""
    convention = Convention.objects.filter(pk=instance.convention_id).first()
    if convention is not None:
        save([sources.of_convention(convention)])


def _open_data_loaded(sender, ids: list[int], **kwargs):
    deliberations = Deliberation.objects.filter(pk__in=ids).select_related("organisation")
    save(sources.of_deliberation(d) for d in deliberations.iterator(chunk_size=2000))


def _plan_written(sender, convention_id: int, **kwargs):
    convention = Convention.objects.filter(pk=convention_id).first()
    if convention is not None:
        reindex_convention(convention)


_KIND_OF = {
    Axis: Entry.Kind.AXIS,
    Indicator: Entry.Kind.INDICATOR,
    Meeting: Entry.Kind.MEETING,
    Deliberation: Entry.Kind.DELIBERATION,
    Document: Entry.Kind.DOCUMENT,
}


def _deleted(instance, **kwargs):
    forget(_KIND_OF[type(instance)], instance.pk)


def connect() -> None:
    def on(signal, handler, model):
        signal.connect(handler, sender=model, dispatch_uid=f"search.{handler.__name__}.{model.__name__}")

    on(post_save, _convention_saved, Convention)
    for model in (Party, Milestone):
        on(post_save, _convention_of_saved, model)
        on(post_delete, _convention_child_deleted, model)
    on(post_save, _axis_saved, Axis)
    for model in (Action, Commitment, Update, ActionPilot):
        on(post_save, _action_changed, model)
    for model in (Commitment, Update, ActionPilot):
        on(post_delete, _action_child_deleted, model)
    on(post_delete, _action_deleted, Action)
    on(post_save, _indicator_saved, Indicator)
    for model in (Meeting, Decision, FollowUp):
        on(post_save, _meeting_changed, model)
    for model in (Decision, FollowUp):
        on(post_delete, _meeting_child_deleted, model)
    on(post_save, _deliberation_saved, Deliberation)
    on(post_save, _document_saved, Document)
    for model in _KIND_OF:
        on(post_delete, _deleted, model)
    plan_written.connect(_plan_written, dispatch_uid="search.plan_written")
    open_data_loaded.connect(_open_data_loaded, dispatch_uid="search.open_data_loaded")
