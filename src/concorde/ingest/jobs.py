"""Imports as background work: files received from the upload page become jobs, a worker runs
each one (read, analyse, load) and writes where it stands, the coordination follows, cancels,
retries. A job that fails leaves no row of a convention and no file."""
from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from concorde.conventions import policy
from concorde.territories.models import Organisation

from .loader import ImportRefused, already_imported, import_document
from .models import ImportJob


# Longer than any import may run (readers.OCR_TIME_BUDGET and the rest): its worker is gone.
STALLED = dt.timedelta(minutes=30)


class Cancelled(Exception):
    """The coordination asked to stop this import."""


def receive(files: list[tuple[str, bytes]], *, user, organisation: Organisation) -> list[ImportJob]:
    """One job a file, queued for a worker; a file the organisation already imported is told
    at once (its checksum is checked before any work)."""
    jobs = []
    for name, data in files:
        job = ImportJob.objects.create(organisation=organisation, created_by=user, original_name=name[:255],
                                       size=len(data), checksum=hashlib.sha256(data).hexdigest(), data=data)
        existing = already_imported(job.checksum, organisation)
        if existing:
            _finish(job, ImportJob.Status.DUPLICATE, convention=existing, keep_data=False)
        else:
            _enqueue(job)
        jobs.append(job)
    return jobs


def _enqueue(job: ImportJob) -> None:
    from .tasks import run_import  # the task module imports this one

    result = run_import.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


def run(job_id: int) -> None:
    """The worker's side: the job's file read, analysed and loaded, its progress written as it goes."""
    job = ImportJob.objects.filter(pk=job_id).select_related("organisation", "created_by").first()
    if job is None or job.status not in (ImportJob.Status.RECEIVED,):
        return  # cancelled before it started, or already run
    if job.cancel_requested:
        _finish(job, ImportJob.Status.CANCELLED)
        return
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now(), attempts=job.attempts + 1)

    def step(name: str) -> None:
        _check_cancel(job.pk)
        ImportJob.objects.filter(pk=job.pk).update(status=name)

    def progress(kind: str, done: int, total: int) -> None:
        _check_cancel(job.pk)
        if kind == "ocr":
            ImportJob.objects.filter(pk=job.pk).update(ocr_pages_done=done, ocr_pages_total=total)
        else:
            ImportJob.objects.filter(pk=job.pk).update(pages_done=done, pages_total=total)

    try:
        outcome = import_document(bytes(job.data), job.original_name, user=job.created_by, organisation=job.organisation,
                                  max_bytes=settings.CONCORDE_MAX_UPLOAD_BYTES, progress=progress, step=step)
    except Cancelled:
        _finish(job, ImportJob.Status.CANCELLED)
    except ImportRefused as exc:
        _finish(job, ImportJob.Status.REFUSED, message=str(exc))
    except Exception:  # noqa: BLE001 - whatever a reader or the parser raises, the user gets a message, the data stays as it was
        _finish(job, ImportJob.Status.REFUSED,
                message=f"{job.original_name} : le document n'a pas pu être lu (erreur inattendue, signalée à l'équipe technique).")
        raise
    else:
        status = ImportJob.Status.DONE if outcome.created else ImportJob.Status.DUPLICATE
        _finish(job, status, convention=outcome.convention, keep_data=False)


def _check_cancel(job_pk: int) -> None:
    if ImportJob.objects.filter(pk=job_pk, cancel_requested=True).exists():
        raise Cancelled


def _finish(job: ImportJob, status: str, *, message: str = "", convention=None, keep_data: bool = True) -> None:
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
    page = settings.CONCORDE_BASE_URL.rstrip("/") + reverse("imports")
    if job.status == ImportJob.Status.DONE:
        subject = f"[{brand}] Import terminé : {job.original_name}"
        body = (f"Le document « {job.original_name} » a été lu : le brouillon « {job.convention.title} » "
                f"est prêt à relire.\n\n{settings.CONCORDE_BASE_URL.rstrip('/')}{reverse('convention', args=[job.convention.pk])}\n")
    else:
        subject = f"[{brand}] Import refusé : {job.original_name}"
        body = f"Le document « {job.original_name} » n'a pas été importé.\n\n{job.message}\n\nSuivi des imports : {page}\n"
    send_mail(subject, body, None, [user.email], fail_silently=True)


def cancel(job: ImportJob) -> None:
    """Stop an import: at once if no worker has started it, else at its next step."""
    if not job.pending:
        return
    ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    if job.status == ImportJob.Status.RECEIVED or (job.started_at and timezone.now() - job.started_at > STALLED):
        _finish(job, ImportJob.Status.CANCELLED)  # no worker has it (any more): nobody else will stop it


def retry(job: ImportJob) -> None:
    """Run a refused or cancelled import again, from the file it received."""
    if not job.can_retry:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RECEIVED, message="", cancel_requested=False,
                                               pages_done=0, pages_total=None, ocr_pages_done=0, ocr_pages_total=None,
                                               finished_at=None, convention=None)
    job.refresh_from_db()
    _enqueue(job)


def visible_to(user):
    """The jobs of the organisations the person imports for."""
    return ImportJob.objects.filter(organisation__in=policy.import_organisations(user)).select_related("convention")
