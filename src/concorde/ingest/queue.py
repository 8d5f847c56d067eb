"""Files handed to the workers: one job a file, queued in the database (django-tasks) for the
first free worker; a retry queues the same file again."""

from __future__ import annotations

import hashlib

from concorde.territories.models import Organisation

from . import jobs
from .loader import already_imported
from .models import ImportJob
from .tasks import run_import


def receive(files: list[tuple[str, bytes]], *, user, organisation: Organisation) -> list[ImportJob]:
    """One job a file, queued for a worker; a file the organisation already imported is told
    at once (its checksum is checked before any work)."""
    received = []
    for name, data in files:
        job = ImportJob.objects.create(
            organisation=organisation,
            created_by=user,
            original_name=name[:255],
            size=len(data),
            checksum=hashlib.sha256(data).hexdigest(),
            data=data,
        )
        existing = already_imported(job.checksum, organisation)
        if existing:
            jobs.finish(job, ImportJob.Status.DUPLICATE, convention=existing, keep_data=False)
        else:
            _enqueue(job)
        received.append(job)
    return received


def _enqueue(job: ImportJob) -> None:
    result = run_import.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


def retry(job: ImportJob) -> None:
    """Run a refused or cancelled import again, from the file it received."""
    if not job.can_retry:
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RECEIVED,
        message="",
        cancel_requested=False,
        pages_done=0,
        pages_total=None,
        ocr_pages_done=0,
        ocr_pages_total=None,
        finished_at=None,
        convention=None,
    )
    job.refresh_from_db()
    _enqueue(job)
