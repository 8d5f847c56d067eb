"""The public portal: no login, published conventions only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concorde.conventions import themes
from concorde.conventions.access import coordinated_party, readable_convention
from concorde.conventions.models import Convention, Document
from concorde.dashboard.materialise import budget_summary
from concorde.dashboard.queries import dashboard
from concorde.governance.deadlines import deadlines_of
from concorde.governance.models import Avenant, Evaluation, Meeting
from concorde.lib.errors import DomainError
from concorde.reports.documents import document_pdf

from . import services
from .filters import PortalFilter
from .models import Withdrawal

PUBLIC_DEADLINES = ("comite", "reunion", "evaluation", "terme", "reconduction")


def portal(request):
    found = PortalFilter(request.GET or None, services.published().prefetch_related("parties").order_by("title", "pk"))
    page = Paginator(found.qs.distinct(), 25).get_page(request.GET.get("page"))
    kept = request.GET.copy()  # the filters, kept across pages
    kept.pop("page", None)
    return render(request, "publication/portal.html", {"form": found.form, "page": page, "filters": kept.urlencode()})


def _published(pk: int) -> Convention:
    return get_object_or_404(services.published(), pk=pk)


def public_convention(request, pk: int):
    convention = services.published().filter(pk=pk).first()
    if convention is None:
        # once published, withdrawn: the page says what and when, rather than vanishing
        withdrawals = list(Withdrawal.objects.filter(convention_id=pk).select_related("party", "convention"))
        if not any(w.what.startswith(services.CHOICES["publish"]) for w in withdrawals):
            raise Http404("Convention introuvable")
        return render(
            request,
            "publication/withdrawn.html",
            {"convention": withdrawals[0].convention, "withdrawals": withdrawals},
            status=410,
        )
    today = timezone.localdate()
    data = dashboard(convention, today=today)  # the same roll-up as the members' dashboard
    for axis in data["axes"]:
        axis.public_actions = [a for a in data["actions"] if a.axis_id == axis.id]
    return render(
        request,
        "publication/convention.html",
        {
            "convention": convention,
            "parties": data["parties"],
            "axes": data["axes"],
            "themes": themes.labels(convention.themes),
            "progress": data["convention_progress"],
            "deadlines": [d for d in deadlines_of(convention, today) if d.kind in PUBLIC_DEADLINES],
            "avenants": convention.avenants.filter(status=Avenant.Status.IN_FORCE).select_related("signed_document"),
            "versions": convention.versions.all(),
            "documents": convention.documents.all(),
            "deliberations": convention.deliberations.all(),
            "meetings": Meeting.objects.filter(
                body__convention=convention, status=Meeting.Status.HELD, minutes_approved_at__isnull=False
            )
            .select_related("body", "minutes_approved_at")
            .prefetch_related("decisions")
            .order_by("-date")
            if convention.public_minutes
            else [],
            "evaluations": convention.evaluations.filter(status=Evaluation.Status.CONCLUDED).select_related(
                "proposed_by", "approved_by"
            )
            if convention.public_evaluations
            else [],
            "withdrawals": convention.withdrawals.select_related("party"),
            "budget": budget_summary(convention) if convention.public_budgets else None,
        },
    )


def public_document(request, pk: int, doc_pk: int, as_pdf: bool = False):
    convention = _published(pk)
    doc = get_object_or_404(Document.objects.exclude(file=""), pk=doc_pk, convention=convention)  # written at commit
    if as_pdf:
        name = doc.original_name.rsplit(".", 1)[0] + ".pdf"
        response = HttpResponse(document_pdf(doc), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)


@login_required
@require_POST
def choose(request, pk: int, party_pk: int):
    convention = readable_convention(request, pk)
    party = coordinated_party(request, convention, party_pk)
    try:
        withdrawn = services.choose(
            convention,
            request.user,
            party,
            **{name: request.POST.get(name) == "on" for name in services.CHOICES},
            reason=request.POST.get("reason", "")[:2000],
        )
        messages.success(
            request,
            (f"Retrait enregistré ({' ; '.join(withdrawn)}) et signalé sur la page publique. " if withdrawn else "")
            + (
                "Convention publiée sur le portail public."
                if convention.is_public
                else "Choix enregistré : la convention sera publiée quand chaque partie l'aura accepté."
            ),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("conventions:convention", pk=pk)
