"""Imports as background work: the life of a job (received, running, finished), what its
coordination sees of it and may do with it. A job that fails leaves no row of a convention and no
file. Queuing is `queue`, the worker's side is `tasks`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from concorde.conventions import policy

from .models import ImportJob

# Longer than any import may run (readers.OCR_TIME_BUDGET and the rest): its worker is gone.
STALLED = dt.timedelta(minutes=30)


def finish(job: ImportJob, status: str, *, message: str = "", convention=None, keep_data: bool = True) -> None:
    fields = {"status": status, "message": message, "finished_at": timezone.now(), "convention": convention}
    if not keep_data:
        fields["data"] = b""
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    for key, value in fields.items():
        setattr(job, key, value)
    if status in (ImportJob.Status.DONE, ImportJob.Status.REFUSED):
        transaction.on_commit(lambda: _tell(job))


def _tell(job: ImportJob) -> None:
    """The person who uploaded the file is told by e-mail that it is done, or why it was refused."""
    user = job.created_by
    if not (user and user.email):
        return
    brand = settings.CONCORDE_BRAND["name"]
    page = settings.CONCORDE_BASE_URL.rstrip("/") + reverse("ingest:imports")
    if job.status == ImportJob.Status.DONE:
        subject = f"[{brand}] Import terminé : {job.original_name}"
        body = (
            f"Le document « {job.original_name} » a été lu : le brouillon « {job.convention.title} » "
            f"est prêt à relire.\n\n{settings.CONCORDE_BASE_URL.rstrip('/')}{reverse('conventions:convention', args=[job.convention.pk])}\n"
        )
    else:
        subject = f"[{brand}] Import refusé : {job.original_name}"
        body = (
            f"Le document « {job.original_name} » n'a pas été importé.\n\n{job.message}\n\nSuivi des imports : {page}\n"
        )
    send_mail(subject, body, None, [user.email], fail_silently=True)


def cancel(job: ImportJob) -> None:
    """Stop an import: at once if no worker has started it, else at its next step."""
    if not job.pending:
        return
    ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    if job.status == ImportJob.Status.RECEIVED or (job.started_at and timezone.now() - job.started_at > STALLED):
        finish(job, ImportJob.Status.CANCELLED)  # no worker has it (any more): nobody else will stop it


def visible_to(user):
    """The jobs of the organisations the person imports for."""
    return ImportJob.objects.filter(organisation__in=policy.import_organisations(user)).select_related("convention")
