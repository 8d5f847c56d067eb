"""What the domain tells the discussion app: a person named pilot (or no longer), a measurement
entered (to validate) or reviewed (no longer to validate)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from concorde.conventions import pilots, tracking
from concorde.lib.amounts import format_euros
from concorde.territories.models import Membership

from .models import Notification
from .services import cancel_unread, notify


def connect() -> None:
    pilots.pilots_designated.connect(on_designation, dispatch_uid="discussion-designation")
    tracking.measurement_entered.connect(on_measurement, dispatch_uid="discussion-measurement")
    tracking.measurement_reviewed.connect(on_review, dispatch_uid="discussion-review")


def on_designation(sender, pilot, added, removed, user, **kwargs) -> None:
    action = pilot.action
    if removed:
        # withdrawn: never told if within the delay, and no longer announced if not read yet
        cancel_unread(
            Notification.objects.filter(kind=Notification.Kind.ASSIGNMENT, action=action, recipient__in=removed)
        )
    author = (user.get_full_name() or user.username) if user else "La coordination"
    for person in get_user_model().objects.filter(pk__in=added):
        if user is not None and person.pk == user.pk:
            continue
        notify(
            person,
            Notification.Kind.ASSIGNMENT,
            action,
            f"{author} vous désigne pilote de l'action {action.reference} « {action.title[:120]} » "
            f"pour {pilot.party.label if pilot.party else pilot.party_label}",
            actor=user,
        )


def on_measurement(sender, measurement, user, **kwargs) -> None:
    indicator = measurement.indicator
    action = indicator.action
    others = [
        p.organisation_id for p in action.convention.parties.all() if p.takes_part and p.pk != measurement.party_id
    ]
    validators = (
        get_user_model()
        .objects.filter(memberships__organisation_id__in=others, memberships__role=Membership.Role.COORDINATION)
        .distinct()
    )
    unit = f" {indicator.unit}" if indicator.unit else ""
    for person in validators:
        notify(
            person,
            Notification.Kind.VALIDATION,
            action,
            f"Mesure à valider : {format_euros(measurement.value)}{unit} au {measurement.date:%d/%m/%Y} pour "
            f"« {indicator.label[:100]} » (action {action.reference}), saisie pour {measurement.party.label}",
            actor=user,
            measurement=measurement,
        )


def on_review(sender, measurement, user, **kwargs) -> None:
    """Reviewed: no longer to validate."""
    cancel_unread(Notification.objects.filter(kind=Notification.Kind.VALIDATION, measurement=measurement))
