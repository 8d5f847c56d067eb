"""The background task a worker (`concorde db_worker`) runs for each import: the job's file
read, analysed and loaded, its progress written as it goes."""

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import jobs
from .loader import ImportRefused, import_document
from .models import ImportJob


class Cancelled(Exception):
    """The coordination asked to stop this import."""


@task()
def run_import(job_id: int) -> None:
    run(job_id)


def run(job_id: int) -> None:
    """The worker's side: the job's file read, analysed and loaded, its progress written as it goes."""
    job = ImportJob.objects.filter(pk=job_id).select_related("organisation", "created_by").first()
    if job is None or job.status not in (ImportJob.Status.RECEIVED,):
        return  # cancelled before it started, or already run
    if job.cancel_requested:
        jobs.finish(job, ImportJob.Status.CANCELLED)
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
        outcome = import_document(
            bytes(job.data),
            job.original_name,
            user=job.created_by,
            organisation=job.organisation,
            max_bytes=settings.CONCORDE_MAX_UPLOAD_BYTES,
            progress=progress,
            step=step,
        )
    except Cancelled:
        jobs.finish(job, ImportJob.Status.CANCELLED)
    except ImportRefused as exc:
        jobs.finish(job, ImportJob.Status.REFUSED, message=str(exc))
    except Exception:
        jobs.finish(
            job,
            ImportJob.Status.REFUSED,
            message=f"{job.original_name} : le document n'a pas pu être lu (erreur inattendue, signalée à l'équipe technique).",
        )
        raise
    else:
        status = ImportJob.Status.DONE if outcome.created else ImportJob.Status.DUPLICATE
        jobs.finish(job, status, convention=outcome.convention, keep_data=False)


def _check_cancel(job_pk: int) -> None:
    if ImportJob.objects.filter(pk=job_pk, cancel_requested=True).exists():
        raise Cancelled
