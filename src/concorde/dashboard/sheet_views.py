"""The tableau de bord as a spreadsheet: export, then re-import with a preview."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from concorde.conventions import policy, tracking
from concorde.conventions.models import Action, Convention
from concorde.lib.errors import DomainError

from . import spreadsheets
from .views import _convention

SHEET_TYPES = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", spreadsheets.to_xlsx),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", spreadsheets.to_ods),
    "csv": ("text/csv; charset=utf-8", spreadsheets.to_csv),
}


@login_required
def export_sheet(request, pk: int, fmt: str):
    convention = _convention(request, pk)
    if fmt not in SHEET_TYPES:
        raise Http404("Format inconnu")
    content_type, render_sheet = SHEET_TYPES[fmt]
    response = HttpResponse(render_sheet(convention), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tableau-de-bord-{convention.pk}.{fmt}"'
    return response


@login_required
def import_sheet(request, pk: int):
    """Upload an edited export, see what it would change, then confirm."""
    convention = _convention(request, pk)
    key = f"sheet-import-{convention.pk}"
    if request.method == "POST" and request.POST.get("confirm"):
        pending = request.session.pop(key, None)
        if not pending:
            messages.error(request, "Aucun import en attente : déposer à nouveau le fichier.")
            return redirect("dashboard:import-sheet", pk=pk)
        applied, refused = _apply(convention, request.user, pending)
        messages.success(
            request,
            f"{applied} action(s) mise(s) à jour." + (f" {len(refused)} ligne(s) refusée(s)." if refused else ""),
        )
        for line, reason in refused:
            messages.error(request, f"Ligne {line} : {reason}")
        return redirect("dashboard:dashboard", pk=pk)
    result = None
    error = None
    if request.method == "POST":
        upload = request.FILES.get("sheet")
        if upload is None:
            error = "Choisir un fichier."
        elif upload.size > 5 * 1024 * 1024:
            error = f"{upload.name} : le fichier dépasse 5 Mo."
        else:
            try:
                table = spreadsheets.read(upload.read(), upload.name)
            except spreadsheets.SheetError as exc:
                error = str(exc)
            else:
                result = spreadsheets.plan(convention, request.user, table)
                request.session[key] = [
                    {
                        "line": c.line,
                        "id": c.action.pk,
                        "version": c.version,
                        "values": {f: v.isoformat() if hasattr(v, "isoformat") else v for f, v in c.values.items()},
                    }
                    for c in result.changes
                ]
    status = 400 if error else 200
    return render(
        request, "dashboard/import.html", {"convention": convention, "result": result, "error": error}, status=status
    )


def _apply(convention: Convention, user, pending: list[dict]) -> tuple[int, list]:
    applied, refused = 0, []
    for row in pending:
        action = Action.objects.filter(pk=row["id"], convention=convention).first()
        if action is None or not policy.can_track(user, action):
            refused.append((row["line"], "action non modifiable"))
            continue
        values = {f: (dt.date.fromisoformat(v) if f.endswith("date") and v else v) for f, v in row["values"].items()}
        try:
            tracking.save_tracking(action.pk, row["version"], values, user)
            applied += 1
        except DomainError as exc:
            refused.append((row["line"], str(exc)))
    return applied, refused
