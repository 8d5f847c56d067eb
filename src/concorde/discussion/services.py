"""Rules of the discussion of an action: who comments, whom a comment may mention (people of
the parties), withdrawal that its author can undo; and the notifications each person receives,
shown after a short delay, cancelled when what they announce is undone within it."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from concorde.conventions import policy
from concorde.conventions.models import Action, Convention
from concorde.lib.errors import DomainError, NotAllowed
from concorde.territories.models import Membership

from .models import Comment, Notification

MAX_LENGTH = 4000
# « @paris_pilot », « @marie.durand », « @m.durand@ville.fr » — a login or an e-mail address
MENTION = re.compile(r"(?<![\w.@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def delay() -> dt.timedelta:
    """How long a notification waits before anyone is told (settings: minutes)."""
    return dt.timedelta(minutes=settings.CONCORDE_NOTIFICATION_DELAY_MINUTES)


# --- Who takes part in the discussion ---------------------------------------------------


def speaking_parties(user, convention: Convention) -> list:
    """The parties a person comments for: those they act for with a role that writes (a
    reader reads the discussion but does not take part in it)."""
    if convention.is_draft:
        return []
    if getattr(user, "is_superuser", False):
        return list(convention.parties.all())
    return [p for p, m in policy.party_roles(user, convention) if m.role != Membership.Role.READER]


def people_of(convention: Convention):
    """Everyone who may be mentioned: the members of the parties taking part (readers included)."""
    organisations = [p.organisation_id for p in convention.parties.all() if p.takes_part]
    return (
        get_user_model()
        .objects.filter(memberships__organisation_id__in=organisations, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def handle(user) -> str:
    """How a person is mentioned: their login."""
    return user.username


def mentioned(convention: Convention, text: str) -> tuple[list, list[str]]:
    """The people a text mentions, and the names it mentions that are nobody of the parties."""
    names = {m.group(1).rstrip(".") for m in MENTION.finditer(text)}
    if not names:
        return [], []
    people = list(people_of(convention).filter(Q(username__in=names) | Q(email__in=[n for n in names if "@" in n])))
    known = {p.username for p in people} | {p.email for p in people if p.email}
    return people, sorted(n for n in names if n not in known)


# --- Comments ---------------------------------------------------------------------------


@transaction.atomic
def post_comment(action: Action, user, text: str, party=None) -> Comment:
    parties = speaking_parties(user, action.convention)
    if not parties:
        raise NotAllowed("Seuls les membres des parties (coordinations et pilotes) commentent les actions.")
    text = (text or "").strip()
    if not text:
        raise DomainError("Le commentaire est vide.")
    if len(text) > MAX_LENGTH:
        raise DomainError(f"Un commentaire compte au plus {MAX_LENGTH} caractères ({len(text)} ici).")
    if party is None or party not in parties:
        party = parties[0]
    people, unknown = mentioned(action.convention, text)
    if unknown:
        raise DomainError(
            "Personne de ce nom parmi les membres des parties : "
            + ", ".join(f"@{n}" for n in unknown)
            + ". Écrire @ suivi de l'identifiant de la personne (voir la liste sous le champ)."
        )
    comment = Comment.objects.create(action=action, author=user, party=party, text=text)
    comment.mentions.set(people)
    author = user.get_full_name() or user.username
    for person in people:
        if person.pk != user.pk:
            notify(
                person,
                Notification.Kind.MENTION,
                action,
                f"{author} vous mentionne à propos de l'action {action.reference} « {action.title[:120]} »",
                actor=user,
                comment=comment,
            )
    # the action's pilots hear of the discussion of their action, unless already mentioned
    told = {p.pk for p in people} | {user.pk}
    for person in (
        get_user_model().objects.filter(piloted__action=action, is_active=True).exclude(pk__in=told).distinct()
    ):
        notify(
            person,
            Notification.Kind.COMMENT,
            action,
            f"{author} commente l'action {action.reference} « {action.title[:120]} », que vous pilotez",
            actor=user,
            comment=comment,
        )
    return comment


def can_withdraw(user, comment: Comment) -> bool:
    return getattr(user, "is_superuser", False) or comment.author_id == user.pk


@transaction.atomic
def withdraw_comment(comment: Comment, user) -> None:
    """Its author withdraws a comment (it can be put back); a mention not yet shown is never told."""
    if not can_withdraw(user, comment):
        raise NotAllowed("Seul son auteur retire un commentaire.")
    if comment.deleted_at:
        raise DomainError("Ce commentaire est déjà retiré.")
    comment.deleted_at, comment.deleted_by = timezone.now(), user
    comment._history_user = user
    comment.save()
    cancel_unread(comment.notifications.all())


@transaction.atomic
def restore_comment(comment: Comment, user) -> None:
    if not can_withdraw(user, comment):
        raise NotAllowed("Seul son auteur rétablit un commentaire.")
    if not comment.deleted_at:
        raise DomainError("Ce commentaire n'est pas retiré.")
    comment.deleted_at = comment.deleted_by = None
    comment._history_user = user
    comment.save()
    # put back, it is told again to those it mentions and who had not read it
    comment.notifications.filter(cancelled_at__isnull=False, read_at__isnull=True).update(
        cancelled_at=None, visible_at=timezone.now() + delay(), mailed_at=None
    )


# --- Notifications ----------------------------------------------------------------------


def notify(recipient, kind: str, action: Action, text: str, *, actor=None, comment=None, measurement=None):
    if not recipient.is_active:
        return None
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        convention_id=action.convention_id,
        action=action,
        comment=comment,
        measurement=measurement,
        text=text[:500],
        visible_at=timezone.now() + delay(),
    )


def cancel_unread(notifications) -> int:
    """What they announce was undone: not shown if still waiting (a slip undone within the delay
    is never told), no longer listed nor mailed if shown but unread. Read ones stay as they were."""
    return notifications.filter(cancelled_at__isnull=True, read_at__isnull=True).update(cancelled_at=timezone.now())


def shown(user):
    """A person's notifications that are due to be seen: past their delay, not cancelled."""
    return (
        Notification.objects.filter(recipient=user, cancelled_at__isnull=True, visible_at__lte=timezone.now())
        .select_related("action__axis", "convention", "actor")
        .order_by("-visible_at", "-id")
    )


def unread_count(user) -> int:
    return shown(user).filter(read_at__isnull=True).count()


def mark_read(user, pk: int | None = None) -> int:
    found = shown(user).filter(read_at__isnull=True)
    if pk is not None:
        found = found.filter(pk=pk)
    return found.update(read_at=timezone.now())


def link(notification: Notification) -> str:
    url = reverse("dashboard:action", args=[notification.convention_id, notification.action_id])
    if notification.comment_id:
        return f"{url}#commentaire-{notification.comment_id}"
    if notification.measurement_id:
        return f"{url}#mesure-{notification.measurement_id}"
    return url
