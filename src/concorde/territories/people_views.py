"""Pages of an organisation's coordination: its members and invitations, its services; and the
invitation link, where the invited person opens an account or signs in to accept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from concorde.lib.errors import DomainError

from . import people, rules
from .forms import AccountForm, InvitationForm, MembershipForm, ServiceForm, services_of
from .models import Invitation, Membership, Organisation, Service
from .signin import INVITATION_SESSION_KEY, proconnect_enabled


def _managed(request, org_pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=org_pk)
    if not rules.can_manage_people(request.user, organisation):
        raise PermissionDenied(f"Seule la coordination de {organisation} gère ses membres et ses services.")
    return organisation


def _members_page(request, organisation: Organisation, invite_form=None, status=200):
    members = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "service")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    services = services_of(organisation.pk)
    for m in members:
        m.form = MembershipForm(services=services, prefix=f"m{m.pk}", initial={"role": m.role, "service": m.service_id})
    now = timezone.now()
    invitations = list(
        Invitation.objects.filter(organisation=organisation, accepted_at=None, revoked_at=None).select_related(
            "service", "invited_by"
        )
    )
    for i in invitations:
        i.shown_state = i.state(now)
    return render(
        request,
        "territories/members.html",
        {
            "organisation": organisation,
            "members": members,
            "invitations": invitations,
            "invite_form": invite_form or InvitationForm(services=services),
            "new_link": request.session.pop("concorde_new_invitation_link", None),
        },
        status=status,
    )


@login_required
def members(request, org_pk: int):
    return _members_page(request, _managed(request, org_pk))


@login_required
@require_POST
def invite(request, org_pk: int):
    organisation = _managed(request, org_pk)
    form = InvitationForm(request.POST, services=services_of(organisation.pk))
    if not form.is_valid():
        messages.error(request, "L'invitation n'est pas partie : corriger les champs signalés.")
        return _members_page(request, organisation, form, status=400)
    try:
        invitation, token, sent = people.invite(organisation, request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
        return _members_page(request, organisation, form, status=400)
    _said_sent(request, invitation, token, sent)
    return redirect("territories:members", org_pk=organisation.pk)


def _said_sent(request, invitation: Invitation, token: str, sent: bool) -> None:
    if sent:
        messages.success(request, f"Invitation envoyée à {invitation.email}.")
    else:
        messages.warning(
            request,
            f"Le courriel à {invitation.email} n'a pas pu partir : lui transmettre le lien "
            "ci-dessous autrement (il n'est affiché qu'une fois).",
        )
        request.session["concorde_new_invitation_link"] = people.invitation_link(token)


def _invitation_of(request, org_pk: int, invitation_pk: int) -> Invitation:
    organisation = _managed(request, org_pk)
    return get_object_or_404(Invitation, pk=invitation_pk, organisation=organisation)


@login_required
@require_POST
def revoke_invitation(request, org_pk: int, invitation_pk: int):
    invitation = _invitation_of(request, org_pk, invitation_pk)
    try:
        people.revoke(invitation)
        messages.success(request, f"Invitation de {invitation.email} révoquée : son lien ne sert plus.")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("territories:members", org_pk=org_pk)


@login_required
@require_POST
def resend_invitation(request, org_pk: int, invitation_pk: int):
    invitation = _invitation_of(request, org_pk, invitation_pk)
    try:
        renewed, token, sent = people.resend(invitation, request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("territories:members", org_pk=org_pk)
    _said_sent(request, renewed, token, sent)
    return redirect("territories:members", org_pk=org_pk)


def _membership_of(request, org_pk: int, membership_pk: int) -> Membership:
    organisation = _managed(request, org_pk)
    return get_object_or_404(Membership.objects.select_related("user"), pk=membership_pk, organisation=organisation)


@login_required
@require_POST
def change_member(request, org_pk: int, membership_pk: int):
    membership = _membership_of(request, org_pk, membership_pk)
    form = MembershipForm(request.POST, services=services_of(org_pk), prefix=f"m{membership.pk}")
    who = membership.user.get_full_name() or membership.user.username
    if not form.is_valid():
        messages.error(request, f"Rien n'a été enregistré pour {who} : rôle ou service inconnu.")
        return redirect("territories:members", org_pk=org_pk)
    try:
        people.change(membership, request.user, **form.cleaned_data)
        messages.success(request, f"Rôle et service de {who} enregistrés.")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("territories:members", org_pk=org_pk)


@login_required
@require_POST
def remove_member(request, org_pk: int, membership_pk: int):
    membership = _membership_of(request, org_pk, membership_pk)
    who = membership.user.get_full_name() or membership.user.username
    try:
        people.remove(membership, request.user)
        messages.success(request, f"{who} ne fait plus partie de {membership.organisation}.")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("territories:members", org_pk=org_pk)


# --- Services --------------------------------------------------------------------------------


def _services_page(
    request,
    organisation: Organisation,
    bound: ServiceForm | None = None,
    bound_pk: int | None = None,
    status: int = 200,
):
    services = list(
        Service.objects.filter(organisation=organisation)
        .select_related("parent")
        .order_by("name")
        .annotate(member_count=Count("members", distinct=True), piloting_count=Count("pilotings", distinct=True))
    )
    for s in services:
        s.form = (
            bound
            if bound is not None and bound_pk == s.pk
            else ServiceForm(
                services=services,
                exclude=s.pk,
                prefix=f"s{s.pk}",
                initial={"name": s.name, "acronym": s.acronym, "parent": s.parent_id},
            )
        )
    return render(
        request,
        "territories/services.html",
        {
            "organisation": organisation,
            "services": services,
            "new_form": bound
            if bound is not None and bound_pk is None
            else ServiceForm(services=services, prefix="new"),
        },
        status=status,
    )


@login_required
def services(request, org_pk: int):
    return _services_page(request, _managed(request, org_pk))


@login_required
@require_POST
def save_service(request, org_pk: int, service_pk: int | None = None):
    organisation = _managed(request, org_pk)
    service = (
        get_object_or_404(Service, pk=service_pk, organisation=organisation)
        if service_pk
        else Service(organisation=organisation)
    )
    form = ServiceForm(
        request.POST,
        services=services_of(organisation.pk),
        exclude=service_pk,
        prefix=f"s{service_pk}" if service_pk else "new",
    )
    if form.is_valid():
        try:
            saved = people.save_service(service, **form.cleaned_data)
            messages.success(request, f"Service « {saved} » enregistré.")
            return redirect("territories:services", org_pk=organisation.pk)
        except DomainError as exc:
            form.add_error(None, str(exc))
    messages.error(request, "Rien n'a été enregistré : " + " ".join(e for errs in form.errors.values() for e in errs))
    return _services_page(request, organisation, form, service_pk, status=400)


@login_required
@require_POST
def delete_service(request, org_pk: int, service_pk: int):
    organisation = _managed(request, org_pk)
    service = get_object_or_404(Service, pk=service_pk, organisation=organisation)
    try:
        people.delete_service(service)
        messages.success(request, f"Service « {service} » supprimé.")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("territories:services", org_pk=organisation.pk)


# --- The invitation link -----------------------------------------------------------------------


def invitation(request, token: str):
    """The invited person's page: an account to open, or their own to sign in with; POST accepts."""
    found = people.find(token)
    reason = people.refusal(found)
    if reason:
        return render(request, "territories/invitation.html", {"refusal": reason}, status=410 if found else 404)
    form = None
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                people.accept(found, request.user)
            else:
                form = AccountForm(request.POST)
                if not form.is_valid():
                    raise DomainError("Le compte n'a pas été ouvert : corriger les champs signalés.")
                user = people.register(
                    found,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
                login(request, user, backend="concorde.territories.signin.AccountBackend")
        except DomainError as exc:
            messages.error(request, str(exc))
            return _invitation_page(request, found, token, form, status=400)
        messages.success(
            request, f"Bienvenue : vous êtes membre de {found.organisation} ({found.get_role_display().lower()})."
        )
        return redirect("conventions:home")
    return _invitation_page(request, found, token, form)


def _invitation_page(request, found: Invitation, token: str, form=None, status=200):
    has_account = get_user_model().objects.filter(email__iexact=found.email).exists()
    return render(
        request,
        "territories/invitation.html",
        {
            "invitation": found,
            "token": token,
            "has_account": has_account,
            "proconnect": proconnect_enabled(),
            "form": form or AccountForm(initial={"first_name": found.first_name, "last_name": found.last_name}),
            "signed_in_elsewhere": request.user.is_authenticated and (request.user.email or "").lower() != found.email,
        },
        status=status,
    )


@require_POST
def invitation_with_proconnect(request, token: str):
    """Keep the link's secret while ProConnect signs the person in; the sign-in accepts it."""
    found = people.find(token)
    reason = people.refusal(found)
    if reason or not proconnect_enabled():
        messages.error(request, reason or "Connexion ProConnect non configurée sur cette instance.")
        return redirect("territories:invitation", token=token)
    request.session[INVITATION_SESSION_KEY] = token
    return redirect(reverse("oidc_authentication_init") + "?next=" + reverse("conventions:home"))
