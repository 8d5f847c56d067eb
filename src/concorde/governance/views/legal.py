"""The page of a convention's legal life and its steps: thin views over `legal`. A refused
step shows the page again with what was typed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concorde.conventions import policy, standing
from concorde.conventions.access import managed_convention, readable_convention
from concorde.lib.views import form_step

from .. import legal
from ..forms.legal import DatesForm, DenunciationForm, FormalNoticeForm, LiftForm, TerminationForm
from ..models import FormalNotice, Termination


def _forms(convention, user, data=None, which: str = "") -> dict:
    mine_ids = [p.pk for p in policy.coordinated_parties(user, convention)]
    parties = convention.parties.all()
    mine, others = parties.filter(pk__in=mine_ids), parties.exclude(pk__in=mine_ids)

    def bound(name):
        return data if which == name else None

    # one page, several forms: a prefix each, so that their fields' ids differ
    return {
        "dates": DatesForm(bound("dates"), convention=convention, prefix="dates"),
        "denounce": DenunciationForm(bound("denounce"), mine=mine, prefix="denonciation"),
        "notice": FormalNoticeForm(bound("notice"), mine=mine, others=others, prefix="demeure"),
        "terminate": TerminationForm(bound("terminate"), mine=mine, convention=convention, prefix="resiliation"),
    }


def _page(request, convention, forms=None, status: int = 200):
    today = timezone.localdate()
    terms = standing.terms_of(convention)
    manage = bool(policy.coordinated_parties(request.user, convention))
    termination = Termination.objects.filter(convention=convention).select_related("party", "deliberation").first()
    return render(
        request,
        "governance/legal.html",
        {
            "convention": convention,
            "terms": terms,
            "periods": legal.lifecycle.periods(terms, today),
            "denunciations": convention.denunciations.select_related("party", "deliberation", "recorded_by"),
            "notices": convention.formal_notices.select_related("by_party", "to_party", "recorded_by"),
            "termination": termination,
            "manage": manage and termination is None,
            "forms": forms or (_forms(convention, request.user) if manage else {}),
            "today": today,
        },
        status=status,
    )


@login_required
def legal_page(request, pk: int):
    convention = readable_convention(request, pk)
    legal.refresh(convention)  # read as of today, whatever the morning's run did
    return _page(request, convention)


def _step(request, pk: int, which: str, apply, done: str):
    convention = managed_convention(request, pk)
    forms = _forms(convention, request.user, request.POST, which)
    return form_step(
        request,
        forms[which],
        lambda form: apply(convention, form.cleaned_data),
        done,
        refused=lambda: _page(request, convention, forms, status=400),
        then=lambda _: redirect("governance:legal", pk=pk),
    )


@login_required
@require_POST
def record_dates(request, pk: int):
    return _step(
        request,
        pk,
        "dates",
        lambda c, d: legal.record_dates(
            c, request.user, signed_on=d.get("signed_on"), effective_date=d.get("effective_date")
        ),
        "Dates enregistrées : la situation de la convention et ses échéances en découlent.",
    )


@login_required
@require_POST
def denounce(request, pk: int):
    return _step(
        request,
        pk,
        "denounce",
        lambda c, d: legal.denounce(
            c,
            request.user,
            party=d["party"],
            notified_on=d["notified_on"],
            act_number=d["act_number"],
            deliberation_date=d["deliberation_date"],
        ),
        "Dénonciation enregistrée ; les coordinations des parties sont prévenues.",
    )


@login_required
@require_POST
def formal_notice(request, pk: int):
    return _step(
        request,
        pk,
        "notice",
        lambda c, d: legal.give_formal_notice(
            c,
            request.user,
            by_party=d["by_party"],
            to_party=d["to_party"],
            notified_on=d["notified_on"],
            breach=d["breach"],
        ),
        "Mise en demeure enregistrée ; le délai de la clause court, les coordinations des parties sont prévenues.",
    )


@login_required
@require_POST
def lift(request, pk: int, notice_pk: int):
    convention = managed_convention(request, pk)
    notice = get_object_or_404(FormalNotice, pk=notice_pk, convention=convention)
    return form_step(
        request,
        LiftForm(request.POST),
        lambda form: legal.lift_formal_notice(notice, request.user, lifted_on=form.cleaned_data["lifted_on"]),
        "Mise en demeure levée.",
        refused=lambda: _page(request, convention, status=400),
        then=lambda _: redirect("governance:legal", pk=pk),
    )


@login_required
@require_POST
def terminate(request, pk: int):
    return _step(
        request,
        pk,
        "terminate",
        lambda c, d: legal.terminate(
            c,
            request.user,
            ground=d["ground"],
            party=d["party"],
            effective_on=d["effective_on"],
            formal_notice=d["formal_notice"],
            act_number=d["act_number"],
            deliberation_date=d["deliberation_date"],
        ),
        "Résiliation enregistrée ; les coordinations des parties sont prévenues.",
    )
