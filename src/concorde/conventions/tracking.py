"""Rules of tracking: roll-up of progress, lateness, saves that refuse stale edits, updates
that are hidden rather than deleted, measurements reviewed by the other party."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from concorde.lib.errors import DomainError
from concorde.lib.history import save_form

from .models import Action, Convention, Evidence, Indicator, Measurement, Update

CLOSED = {Action.Status.DONE, Action.Status.ABANDONED}
TRACKED_FIELDS = ("status", "progress", "start_date", "end_date", "due_date")
# Sent with convention_id after every write to a convention's tracking (its data_version moved):
# the dashboard app renders it again once the write is committed.
changed = Signal()
# Sent with `measurement` and `user` when a value is entered (it awaits the other party), and
# when it is reviewed (it no longer does): the discussion app tells the validators.
measurement_entered = Signal()
measurement_reviewed = Signal()


def is_late(action: Action, today: dt.date | None = None) -> bool:
    """Declared late, or past its due date (or planned end) without being done."""
    if action.status == Action.Status.LATE:
        return True
    deadline = action.due_date or action.end_date
    return bool(deadline and deadline < (today or timezone.localdate()) and action.status not in CLOSED)


def rollup(actions: list[Action]) -> dict:
    """Progress of every action (a parent: the mean of its sub-actions), of every axis and of
    the convention (means of their top-level actions). Abandoned actions do not count."""
    children: dict = {}
    for a in actions:
        children.setdefault(a.parent_id, []).append(a)
    memo: dict[int, float | None] = {}

    def progress(a: Action) -> float | None:
        if a.id in memo:
            return memo[a.id]
        if a.status == Action.Status.ABANDONED:
            value = None
        else:
            kids = [v for v in (progress(c) for c in children.get(a.id, [])) if v is not None]
            value = sum(kids) / len(kids) if kids else float(100 if a.status == Action.Status.DONE else a.progress)
        memo[a.id] = value
        return value

    by_axis: dict[int, list[float]] = {}
    for a in children.get(None, []):
        value = progress(a)
        if value is not None:
            by_axis.setdefault(a.axis_id, []).append(value)
    for a in actions:
        progress(a)
    axes = {k: sum(v) / len(v) for k, v in by_axis.items()}
    tops = [v for vals in by_axis.values() for v in vals]
    return {"actions": memo, "axes": axes, "convention": sum(tops) / len(tops) if tops else None}


class StaleEdit(DomainError):
    """Someone saved the action in between; the message says what they changed."""

    def __init__(self, current: Action, changes: dict):
        self.current = current
        self.changes = changes
        described = ", ".join(f"{label} : {value}" for label, value in changes.values()) or "aucun champ suivi"
        super().__init__(
            f"Cette action a été modifiée entre-temps ({described}). Vos changements n'ont pas été enregistrés : "
            "relisez la version actuelle puis recommencez."
        )


@transaction.atomic
def save_tracking(action_id: int, expected_version: int, values: dict, user) -> Action:
    """Save status, progress and dates unless someone else saved since expected_version."""
    action = Action.objects.select_for_update().get(pk=action_id)
    if action.lock_version != expected_version:
        last = action.history.first()
        author = last.history_user if last else None
        who = (author.get_full_name() or author.username) if author else "quelqu'un"
        changes = {
            "by": ("par", who),
            **{f: (Action._meta.get_field(f).verbose_name, _show(action, f)) for f in TRACKED_FIELDS},
        }
        raise StaleEdit(action, changes)
    progress = values.get("progress", action.progress)
    if progress is not None and not 0 <= progress <= 100:
        raise DomainError("L'avancement est un pourcentage entre 0 et 100.")
    for field in TRACKED_FIELDS:
        if field in values:
            setattr(action, field, values[field])
    if action.status == Action.Status.DONE:
        action.progress = 100
    action.lock_version += 1
    action._history_user = user
    # Only what tracking changes: the post_save listeners see that no text moved (search).
    action.save(update_fields=[*TRACKED_FIELDS, "lock_version", "updated_at"])
    refresh_progress(action.convention_id)
    return action


def refresh_progress(convention_id: int) -> float | None:
    """Recompute the convention's consolidated progress (kept for the portfolio)."""
    actions = list(
        Action.objects.filter(convention_id=convention_id).only("id", "parent_id", "axis_id", "status", "progress")
    )
    value = rollup(actions)["convention"]
    Convention.objects.filter(pk=convention_id).update(progress=value, data_version=F("data_version") + 1)
    changed.send(sender=Convention, convention_id=convention_id)
    return value


def touch(convention_id: int) -> None:
    """Something of the convention's tracking changed: cached dashboards are stale."""
    Convention.objects.filter(pk=convention_id).update(data_version=F("data_version") + 1)
    changed.send(sender=Convention, convention_id=convention_id)


@transaction.atomic
def save_indicator(form, user) -> Indicator:
    """An indicator added, or its target, unit and baseline set, by a coordination (the form is
    valid): kept in its history, and the dashboards that show it are stale."""
    indicator = save_form(form, user)
    touch(indicator.action.convention_id)
    return indicator


def _show(action: Action, field: str) -> str:
    value = getattr(action, field)
    if field == "status":
        return action.get_status_display()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "—" if value is None else str(value)


@transaction.atomic
def post_update(action: Action, party, user, date: dt.date, text: str, files=()) -> Update:
    if not text.strip():
        raise DomainError("Le point d'avancement est vide.")
    update = Update.objects.create(action=action, party=party, author=user, date=date, text=text.strip())
    for f in files:
        Evidence.objects.create(update=update, file=f, original_name=f.name[:255], size=f.size)
    touch(action.convention_id)
    return update


def hide_update(update: Update, user) -> None:
    update.deleted_at, update.deleted_by = timezone.now(), user
    update._history_user = user
    update.save()
    touch(update.action.convention_id)


def restore_update(update: Update, user) -> None:
    update.deleted_at = update.deleted_by = None
    update._history_user = user
    update.save()
    touch(update.action.convention_id)


def enter_measurement(indicator, party, user, value, date: dt.date, comment: str = "", evidence=None) -> Measurement:
    """A value entered for one party, with what it rests on (a comment, a file) for whoever
    validates it."""
    with transaction.atomic():
        measurement = Measurement.objects.create(
            indicator=indicator, party=party, entered_by=user, value=value, date=date, comment=comment
        )
        if evidence is not None:
            Evidence.objects.create(
                measurement=measurement, file=evidence, original_name=evidence.name[:255], size=evidence.size
            )
        measurement_entered.send(sender=Measurement, measurement=measurement, user=user)
    touch(indicator.action.convention_id)
    return measurement


@transaction.atomic
def review_measurement(measurement: Measurement, user, *, accept: bool, reason: str = "") -> Measurement:
    """The other party validates the value, or disputes it with a reason."""
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    if not accept and not reason.strip():
        raise DomainError("Une contestation doit dire pourquoi la valeur est contestée.")
    measurement.status = Measurement.Status.VALIDATED if accept else Measurement.Status.DISPUTED
    measurement.dispute_reason = "" if accept else reason.strip()
    measurement.reviewed_by, measurement.reviewed_at = user, timezone.now()
    measurement._history_user = user
    measurement.save()
    measurement_reviewed.send(sender=Measurement, measurement=measurement, user=user)
    touch(measurement.indicator.action.convention_id)
    return measurement


@transaction.atomic
def resolve_dispute(measurement: Measurement, user, *, resolution: str, corrected_value=None) -> Measurement:
    """A disputed value is corrected or confirmed by the party that entered it; it then
    goes back to the other party for validation."""
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    if measurement.status != Measurement.Status.DISPUTED:
        raise DomainError("Seule une mesure contestée peut être résolue.")
    if not resolution.strip():
        raise DomainError("Dire comment la contestation est résolue.")
    if corrected_value is not None:
        measurement.value = corrected_value
    measurement.resolution = resolution.strip()
    measurement.status = Measurement.Status.PENDING
    measurement._history_user = user
    measurement.save()
    touch(measurement.indicator.action.convention_id)
    return measurement


HISTORY_FIELDS = (
    "title",
    "number",
    *TRACKED_FIELDS,
    "deadline_text",
    "budget_text",
    "partners_text",
    "indicators_text",
)


def changes_of(action: Action, limit: int = 30) -> list[dict]:
    """The action's history as 'who, when, field: before → after', newest first."""
    records = list(action.history.select_related("history_user")[: limit + 1])
    out = []
    for newer, older in zip(records, records[1:] + [None]):
        if older is None:
            changes = [("création", "", "")] if newer.history_type == "+" else []
        else:
            delta = newer.diff_against(older, included_fields=HISTORY_FIELDS)
            changes = [
                (str(Action._meta.get_field(c.field).verbose_name), _shown(c.field, c.old), _shown(c.field, c.new))
                for c in delta.changes
            ]
        if changes:
            out.append({"when": newer.history_date, "who": newer.history_user, "changes": changes})
    return out[:limit]


def _shown(field: str, value) -> str:
    if field == "status" and value:
        return Action.Status(value).label
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "—" if value in (None, "") else str(value)


@dataclass
class Latest:
    """The latest measurement of an indicator against its target."""

    value: object
    date: dt.date
    status: str
    ratio: float | None
