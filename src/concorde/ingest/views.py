"""The upload page (signed documents become imports for a worker) and the page that follows them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from concorde.conventions import policy

from . import jobs, queue
from .forms import UploadForm


@login_required
def upload(request):
    if not policy.can_import(request.user):
        raise PermissionDenied("L'import est réservé à la coordination d'une collectivité.")
    organisations = policy.import_organisations(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        files = [(f.name, f.read()) for f in form.cleaned_data["documents"]]
        received = queue.receive(files, user=request.user, organisation=form.cleaned_data["organisation"])
        messages.success(request, f"{len(received)} fichier(s) reçu(s) : leur lecture suit sur cette page.")
        return redirect("ingest:imports")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "ingest/upload.html",
        {"form": form, "max_mb": settings.CONCORDE_MAX_UPLOAD_BYTES // (1024 * 1024)},
        status=status,
    )


@login_required
def imports(request):
    """Each import of the person's organisations, newest first (the page's script reads it again
    while one is running)."""
    if not policy.can_import(request.user):
        raise PermissionDenied("Le suivi des imports est réservé à la coordination d'une collectivité.")
    return render(request, "ingest/imports.html", {"jobs": list(jobs.visible_to(request.user)[:50])})


def _job(request, job_pk: int):
    job = jobs.visible_to(request.user).filter(pk=job_pk).first()
    if job is None:  # another organisation's import is not there for this person
        raise Http404("Import introuvable.")
    return job


@login_required
@require_POST
def cancel(request, job_pk: int):
    job = _job(request, job_pk)
    jobs.cancel(job)
    messages.info(request, f"Import de « {job.original_name} » : annulation demandée.")
    return redirect("ingest:imports")


@login_required
@require_POST
def retry(request, job_pk: int):
    job = _job(request, job_pk)
    if not job.can_retry:
        messages.error(request, f"L'import de « {job.original_name} » ne peut pas être relancé.")
    else:
        queue.retry(job)
        messages.success(request, f"Import de « {job.original_name} » relancé.")
    return redirect("ingest:imports")
