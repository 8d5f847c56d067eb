"""The tableau de bord as a spreadsheet: export, then re-import with a preview."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from . import spreadsheets
from .views import _convention

SHEET_TYPES = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", spreadsheets.to_xlsx),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", spreadsheets.to_ods),
    "csv": ("text/csv; charset=utf-8", spreadsheets.to_csv),
}
MAX_UPLOAD = 5 * 1024 * 1024
KEPT_PREVIEWS = 3  # previews awaiting confirmation, per convention and session


@login_required
def export_sheet(request, pk: int, fmt: str):
    convention = _convention(request, pk)
    if fmt not in SHEET_TYPES:
        raise Http404("Format inconnu")
    content_type, render_sheet = SHEET_TYPES[fmt]
    response = HttpResponse(render_sheet(spreadsheets.workbook(convention)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tableau-de-bord-{convention.pk}.{fmt}"'
    return response


@login_required
def import_sheet(request, pk: int):
    """Upload an edited export, see what it would change in each sheet, then confirm."""
    convention = _convention(request, pk)
    key = f"sheet-import-{convention.pk}"
    if request.method == "POST" and request.POST.get("confirm"):
        # each preview keeps its own changes: confirming one never applies another tab's file
        previews = request.session.get(key) or {}
        pending = previews.pop(request.POST.get("preview", ""), None)
        request.session[key] = previews
        if not pending:
            messages.error(request, "Aucun import en attente : déposer à nouveau le fichier.")
            return redirect("dashboard:import-sheet", pk=pk)
        outcome = spreadsheets.apply(convention, request.user, pending)
        messages.success(
            request,
            f"{outcome.applied} changement(s) appliqué(s)."
            + (f" {len(outcome.refused)} refusé(s)." if outcome.refused else ""),
        )
        if outcome.avenant is not None:
            messages.info(
                request,
                f"Les titres modifiés forment le projet d'avenant n° {outcome.avenant.number} : "
                "il s'applique une fois approuvé en comité de pilotage et adopté par chaque partie.",
            )
        for sheet, line, reason in outcome.refused:
            messages.error(request, f"{sheet}, ligne {line} : {reason}")
        return redirect("dashboard:dashboard", pk=pk)
    result = None
    error = None
    if request.method == "POST":
        upload = request.FILES.get("sheet")
        if upload is None:
            error = "Choisir un fichier."
        elif upload.size > MAX_UPLOAD:
            error = f"{upload.name} : le fichier dépasse 5 Mo."
        else:
            try:
                book = spreadsheets.read(upload.read(), upload.name)
            except spreadsheets.SheetError as exc:
                error = str(exc)
            else:
                result = spreadsheets.plan(convention, request.user, book)
                token = secrets.token_urlsafe(12)
                previews = dict(list((request.session.get(key) or {}).items())[-(KEPT_PREVIEWS - 1) :])
                previews[token] = [{"sheet": c.sheet, "line": c.line, "op": c.op} for c in result.changes]
                request.session[key] = previews
                result.token = token
    status = 400 if error else 200
    return render(
        request, "dashboard/import.html", {"convention": convention, "result": result, "error": error}, status=status
    )
