"""The daily e-mail of each person's notifications: what was shown since the last one and not
read yet, once (each notification is mailed at most once)."""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import Notification
from .services import link

log = logging.getLogger(__name__)


def _url(path: str) -> str:
    return settings.CONCORDE_BASE_URL + path


def due(skip_users=()) -> dict:
    """{person: their notifications to mail}, leaving out those who declined the digest."""
    found = (
        Notification.objects.filter(
            cancelled_at__isnull=True, read_at__isnull=True, mailed_at__isnull=True, visible_at__lte=timezone.now()
        )
        .exclude(recipient_id__in=list(skip_users))
        .select_related("recipient", "action__axis")
        .order_by("recipient_id", "visible_at", "id")
    )
    out = defaultdict(list)
    for n in found:
        out[n.recipient].append(n)
    return dict(out)


def send(skip_users=(), dry_run: bool = False) -> dict:
    stats = {"personnes": 0, "notifications": 0, "sans_adresse": 0, "echecs": 0, "liste": []}
    for user, items in due(skip_users).items():
        if not user.email:
            stats["sans_adresse"] += 1
            continue
        stats["liste"] += [(user, n) for n in items]
        if dry_run:
            stats["personnes"] += 1
            stats["notifications"] += len(items)
            continue
        try:
            with transaction.atomic():
                Notification.objects.filter(pk__in=[n.pk for n in items]).update(mailed_at=timezone.now())
                send_mail(_subject(items), _body(user, items), None, [user.email])
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("Résumé des notifications non envoyé à %s : %s", user.email, exc)
            stats["echecs"] += 1
            continue
        stats["personnes"] += 1
        stats["notifications"] += len(items)
    return stats


def _subject(items) -> str:
    n = len(items)
    return f"Concorde — {n} notification{'s' if n > 1 else ''} pour vous"


def _body(user, items) -> str:
    lines = [f"Bonjour {user.get_full_name() or user.username},", "", "Depuis le dernier résumé :", ""]
    for n in items:
        lines += [f"- {n.text}", f"  {_url(link(n))}"]
    lines += [
        "",
        f"Toutes vos notifications : {_url(reverse('discussion:notifications'))}",
        f"Ne plus recevoir ce résumé : {_url(reverse('governance:reminder-choices'))}",
        "— Concorde",
    ]
    return "\n".join(lines)
