"""The upload page: a signed document becomes a draft to review."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from concorde.conventions import policy

from .forms import UploadForm
from .loader import ImportRefused, import_document


@login_required
def upload(request):
    if not policy.can_import(request.user):
        raise PermissionDenied("L'import est réservé à la coordination d'une collectivité.")
    organisations = policy.import_organisations(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            outcome = import_document(upload.read(), upload.name, user=request.user,
                                      organisation=form.cleaned_data["organisation"],
                                      max_bytes=settings.CONCORDE_MAX_UPLOAD_BYTES)
        except ImportRefused as exc:
            form.add_error("document", str(exc))
        else:
            if not outcome.created:
                messages.info(request, f"Ce fichier a déjà été importé : « {outcome.convention.title} ». "
                                       "Aucun doublon n'a été créé.")
            else:
                count = outcome.convention.import_warnings.count()
                messages.success(request, f"Document lu : brouillon créé avec {count} point(s) à vérifier.")
            return redirect("convention", pk=outcome.convention.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "ingest/upload.html", {"form": form, "max_mb": settings.CONCORDE_MAX_UPLOAD_BYTES // (1024 * 1024)}, status=status)
