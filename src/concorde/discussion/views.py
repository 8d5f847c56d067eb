"""A person's notifications: what concerns them, newest first, marked read one by one or all."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import services
from .models import Notification


@login_required
def notifications(request):
    found = services.shown(request.user)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request, "discussion/notifications.html", {"page": page, "unread": found.filter(read_at__isnull=True).count()}
    )


@login_required
@require_POST
def mark_read(request, notification_pk: int | None = None):
    if notification_pk is not None:
        get_object_or_404(Notification, pk=notification_pk, recipient=request.user)  # another's: not found
    count = services.mark_read(request.user, notification_pk)
    if notification_pk is None:
        messages.success(request, f"{count} notification(s) marquée(s) comme lue(s).")
    return redirect("discussion:notifications")


@login_required
def open_notification(request, notification_pk: int):
    """Follow a notification: it is read, and the page it is about opens at its place."""
    get_object_or_404(Notification, pk=notification_pk, recipient=request.user)
    notification = services.shown(request.user).filter(pk=notification_pk).first()
    if notification is None:
        messages.error(request, "Cette notification n'a plus lieu d'être : ce qu'elle annonçait a été défait.")
        return redirect("discussion:notifications")
    services.mark_read(request.user, notification_pk)
    return redirect(services.link(notification))
