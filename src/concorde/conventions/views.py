"""Pages of a convention: the list, the review of an imported draft, the validated plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concorde.lib.history import save_form
from concorde.territories.models import Membership

from . import pilots, policy, services, themes
from .forms import (
    ActionForm,
    AnswerForm,
    AxisForm,
    ConventionForm,
    PartyForm,
    ThemesForm,
    settle_form,
)
from .models import Action, Axis, Convention, Document, DraftRemoval, ImportWarning, Party
from .versions import compare


def _visible(request, pk: int) -> Convention:
    convention = get_object_or_404(Convention.objects.select_related("owner"), pk=pk)
    if not policy.can_view(request.user, convention):
        raise Http404("Convention introuvable")
    return convention


def _visible_or_invited(request, pk: int) -> tuple[Convention, Party | None]:
    """A convention the user reads, or one their coordination is invited to take part in (it
    reads it to decide): the convention and that invitation."""
    convention = get_object_or_404(Convention.objects.select_related("owner"), pk=pk)
    if policy.can_view(request.user, convention):
        return convention, None
    invited = policy.invited_party(request.user, convention)
    if invited is None:
        raise Http404("Convention introuvable")
    return convention, invited


def _reviewable(request, pk: int) -> Convention:
    convention = _visible(request, pk)
    if not policy.can_review(request.user, convention):
        raise Http404("Cette convention n'est pas un brouillon que vous pouvez relire")
    return convention


@login_required
def home(request):
    conventions = (
        policy.visible_conventions(request.user)
        .select_related("owner")
        .prefetch_related("parties")
        .order_by("status", "-created_at")
    )
    return render(
        request,
        "conventions/home.html",
        {
            "drafts": [c for c in conventions if c.is_draft],
            "conventions": [c for c in conventions if not c.is_draft],
            "invitations": policy.invitations_for(request.user),
            # told to the importing coordination, whose convention it is to correct or to discuss
            "refusals": Party.objects.filter(
                consent=Party.Consent.REFUSED,
                convention__owner_id__in=policy.organisation_ids(request.user, (Membership.Role.COORDINATION,)),
            ).select_related("organisation", "convention"),
            "awaiting_coordination": policy.awaiting_coordination(request.user),
            "can_import": policy.can_import(request.user),
        },
    )


def outline(convention: Convention) -> dict:
    """Axes -> actions -> sub-actions with their pilots, commitments, indicators and
    warnings, in a fixed number of queries whatever the size of the convention."""
    actions = list(
        Action.objects.filter(convention=convention)
        .order_by("order")
        .prefetch_related(
            "pilots__party",
            "pilots__services",
            "pilots__users",
            "commitments",
            "indicators",
            Prefetch("warnings", queryset=ImportWarning.objects.filter(resolved_at__isnull=True)),
        )
    )
    children: dict = {}
    for action in actions:
        children.setdefault(action.parent_id, []).append(action)
    for action in actions:
        action.sub_actions = children.get(action.id, [])
    axes = list(convention.axes.all())
    for axis in axes:
        axis.top_actions = [a for a in children.get(None, []) if a.axis_id == axis.id]
    return {"axes": axes, "actions": actions}


def _readable_targets(user, references) -> list:
    """The cross-references, each with the convention it names when the reader may open it."""
    out = list(references)
    for r in out:
        r.shown_target = r.target if r.target_id and policy.can_view(user, r.target) else None
    return out


@login_required
def detail(request, pk: int):
    convention, invited = _visible_or_invited(request, pk)
    if invited is not None:
        return render(
            request,
            "conventions/invitation.html",
            {
                "convention": convention,
                "party": invited,
                **outline(convention),
                "form": AnswerForm(),
                "parties": convention.parties.select_related("organisation"),
                "documents": convention.documents.all(),
            },
        )
    if convention.is_draft and policy.can_review(request.user, convention):
        return redirect("conventions:review", pk=pk)
    parties = list(convention.parties.select_related("organisation", "consent_by"))
    for p in parties:
        p.can_invite_again = policy.can_invite_again(request.user, p)
    return render(
        request,
        "conventions/detail.html",
        {
            "convention": convention,
            **outline(convention),
            "parties": parties,
            "bodies": convention.bodies.all(),
            "documents": convention.documents.all(),
            "criteria": convention.evaluation_criteria.all(),
            "deliberations": _deliberations(request.user, convention),
            "versions": convention.versions.all(),
            "cross_references": _readable_targets(request.user, convention.cross_references.select_related("target")),
            "cited_by": [
                r
                for r in convention.cited_by.select_related("convention", "action")
                if policy.can_view(request.user, r.convention)
            ],
            "milestones": convention.milestones.all(),
            "applications": [a for a in convention.applications.all() if policy.can_view(request.user, a)],
            "publishing": [] if convention.is_draft else policy.coordinated_parties(request.user, convention),
            "theme_labels": themes.labels(convention.themes),
            "themes_form": ThemesForm(initial={"themes": convention.themes}),
        },
    )


@login_required
@require_POST
def set_themes(request, pk: int):
    """Either party's coordination keeps the convention's themes."""
    convention = _visible(request, pk)
    if convention.is_draft or not policy.coordinated_parties(request.user, convention):
        raise Http404("Convention introuvable")
    form = ThemesForm(request.POST)
    if form.is_valid():
        services.set_themes(convention, form.cleaned_data["themes"], request.user)
        messages.success(request, "Thèmes enregistrés.")
    else:
        messages.error(request, "Thème inconnu : rien n'a été enregistré.")
    return redirect(reverse("conventions:convention", args=[pk]) + "#titre-publication")


def _deliberations(user, convention: Convention) -> list:
    deliberations = list(convention.deliberations.select_related("organisation").prefetch_related("proxies"))
    for d in deliberations:
        d.convention = convention
        d.editable = policy.can_complete_deliberation(user, d)
    return deliberations


@login_required
def review(request, pk: int):
    convention = _reviewable(request, pk)
    return render(request, "conventions/review.html", review_context(convention, request.user))


def review_context(convention: Convention, user, forms: dict | None = None) -> dict:
    """Everything the review page shows; `forms` holds bound forms that failed validation."""
    forms = forms or {}
    parties = list(convention.parties.select_related("organisation"))
    index = 0
    for party in parties:  # the pilot names no service of the party matched, settled here when the user may
        party.unsettled_names = pilots.unsettled_names(party.organisation, convention)
        party.may_settle = bool(party.unsettled_names) and policy.can_settle_for(user, party.organisation)
        services_of = list(party.organisation.services.order_by("name")) if party.may_settle else []
        for name in party.unsettled_names:
            name.form = settle_form(services_of, name, convention, index) if party.may_settle else None
            index += 1
    data = outline(convention)
    for axis in data["axes"]:
        axis.form = forms.get(("axis", axis.pk)) or AxisForm(instance=axis, prefix=f"axis{axis.pk}")
    for action in data["actions"]:
        action.form = forms.get(("action", action.pk)) or ActionForm(
            instance=action, parties=parties, prefix=f"action{action.pk}"
        )
    for party in parties:
        party.form = forms.get(("party", party.pk)) or PartyForm(instance=party, prefix=f"party{party.pk}")
    document = convention.documents.filter(role=Document.Role.SOURCE).first()
    warnings = list(convention.import_warnings.all())
    return {
        "convention": convention,
        **data,
        "parties": parties,
        "convention_form": forms.get(("convention", convention.pk))
        or ConventionForm(instance=convention, prefix="convention"),
        "general_warnings": [w for w in warnings if w.action_id is None and not w.resolved],
        "resolved_count": sum(1 for w in warnings if w.resolved),
        "open_count": sum(1 for w in warnings if not w.resolved),
        "source_lines": document.text.splitlines() if document else [],
        "document": document,
        "bodies": convention.bodies.all(),
        "criteria": convention.evaluation_criteria.all(),
        "deliberations": convention.deliberations.prefetch_related("proxies"),
        "problems": services.validation_problems(convention),
        "removals": convention.draft_removals.filter(restored_at__isnull=True),
        "summary": services.validation_summary(convention),
        "unsettled_total": sum(len(p.unsettled_names) for p in parties),
    }


def _save_or_rerender(request, convention, form, key, anchor: str):
    if form.is_valid():
        save_form(form, request.user)
        messages.success(request, "Modification enregistrée.")
        return redirect(reverse("conventions:review", args=[convention.pk]) + f"#{anchor}")
    messages.error(request, "La modification n'a pas été enregistrée : corriger les champs signalés.")
    return render(request, "conventions/review.html", review_context(convention, request.user, {key: form}), status=400)


@login_required
@require_POST
def review_convention(request, pk: int):
    convention = _reviewable(request, pk)
    form = ConventionForm(request.POST, instance=convention, prefix="convention")
    return _save_or_rerender(request, convention, form, ("convention", convention.pk), "cycle-de-vie")


# What each part of the plan is edited with: URL segment -> (model, form, form prefix, anchor).
REVIEW_ITEMS = {
    "parties": (Party, PartyForm, "party", "partie"),
    "axes": (Axis, AxisForm, "axis", "axe"),
    "actions": (Action, ActionForm, "action", "action"),
}


@login_required
@require_POST
def review_item(request, pk: int, kind: str, item_pk: int):
    if kind not in REVIEW_ITEMS:
        raise Http404("Élément inconnu")
    model, form_class, prefix, anchor = REVIEW_ITEMS[kind]
    convention = _reviewable(request, pk)
    item = get_object_or_404(model, pk=item_pk, convention=convention)
    extra = {"parties": convention.parties.all()} if form_class is ActionForm else {}
    form = form_class(request.POST, instance=item, prefix=f"{prefix}{item.pk}", **extra)
    return _save_or_rerender(request, convention, form, (prefix, item.pk), f"{anchor}-{item.pk}")


@login_required
@require_POST
def add_to_plan(request, pk: int):
    """Add an axis, or an action to an axis (or under an action), to a draft."""
    convention = _reviewable(request, pk)
    title, number = request.POST.get("title", "").strip(), request.POST.get("number", "")
    if not title:
        messages.error(request, "Donner un titre à l'élément ajouté.")
        return redirect(reverse("conventions:review", args=[pk]) + "#plan")
    if request.POST.get("axis"):
        axis = get_object_or_404(Axis, pk=request.POST["axis"], convention=convention)
        parent = (
            get_object_or_404(Action, pk=request.POST["parent"], convention=convention)
            if request.POST.get("parent")
            else None
        )
        item = services.add_action(axis, number, title, parent)
        anchor = f"action-{item.pk}"
    else:
        item = services.add_axis(convention, number, title)
        anchor = f"axe-{item.pk}"
    messages.success(request, f"« {item.title} » ajouté au plan.")
    return redirect(reverse("conventions:review", args=[pk]) + f"#{anchor}")


@login_required
@require_POST
def remove_from_plan(request, pk: int, kind: str, item_pk: int):
    """Remove a spurious axis or action (and its sub-actions) from a draft."""
    convention = _reviewable(request, pk)
    model = {"axes": Axis, "actions": Action}.get(kind)
    if model is None:
        raise Http404("Élément inconnu")
    item = get_object_or_404(model, pk=item_pk, convention=convention)
    if not request.POST.get("confirm"):
        messages.error(request, f"Cocher la confirmation pour retirer « {item.title[:80]} » : rien n'a été retiré.")
        return redirect(reverse("conventions:review", args=[pk]) + "#plan")
    services.remove_from_draft(item, request.user)
    messages.success(request, f"« {item.title} » retiré du plan : le retrait peut être défait (« Retraits du plan »).")
    return redirect(reverse("conventions:review", args=[pk]) + "#plan")


@login_required
@require_POST
def restore_to_plan(request, pk: int, removal_pk: int):
    """Undo a removal from the draft's plan."""
    convention = _reviewable(request, pk)
    removal = get_object_or_404(DraftRemoval, pk=removal_pk, convention=convention)
    try:
        services.restore_to_draft(removal, request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"« {removal.label} » rétabli dans le plan.")
    return redirect(reverse("conventions:review", args=[pk]) + "#plan")


@login_required
@require_POST
def resolve_warning(request, pk: int, warning_pk: int):
    convention = _reviewable(request, pk)
    warning = get_object_or_404(ImportWarning, pk=warning_pk, convention=convention)
    services.resolve_warning(warning, request.user)
    messages.success(request, "Point marqué comme vérifié.")
    anchor = f"action-{warning.action_id}" if warning.action_id else "points-a-verifier"
    return redirect(reverse("conventions:review", args=[convention.pk]) + f"#{anchor}")


@login_required
@require_POST
def validate(request, pk: int):
    convention = _reviewable(request, pk)
    if not request.POST.get("confirm"):
        messages.error(
            request, "Cocher la confirmation, après avoir lu ce que la validation crée : rien n'a été validé."
        )
        return redirect(reverse("conventions:review", args=[pk]) + "#validation")
    try:
        services.validate(convention, request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
        return redirect("conventions:review", pk=pk)
    messages.success(request, "Convention validée : elle est désormais visible des membres de chaque partie.")
    return redirect("conventions:convention", pk=pk)


@login_required
def document(request, pk: int, doc_pk: int):
    convention, _ = _visible_or_invited(request, pk)
    # a file is written once its import is committed: until then there is nothing to download
    doc = get_object_or_404(Document.objects.exclude(file=""), pk=doc_pk, convention=convention)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)


@login_required
def compare_versions(request, pk: int):
    """Two versions side by side (by default the last two)."""
    convention = _visible(request, pk)
    versions = list(convention.versions.all())
    if not versions:
        raise Http404("Aucune version validée")
    by_number = {v.number: v for v in versions}

    def pick(name, default):
        try:
            return by_number[int(request.GET.get(name, default.number))]
        except (KeyError, ValueError):
            raise Http404("Version inconnue") from None

    left = pick("a", versions[-2] if len(versions) > 1 else versions[0])
    right = pick("b", versions[-1])
    rows = compare(left.snapshot, right.snapshot)
    return render(
        request,
        "conventions/compare.html",
        {
            "convention": convention,
            "versions": versions,
            "left": left,
            "right": right,
            "rows": rows,
            "changed": sum(1 for r in rows if r.state != "same"),
        },
    )
