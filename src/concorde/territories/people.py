"""An organisation's people, kept by its own coordination: invitations by e-mail (a link used
once, that expires and can be revoked), roles and services changed, members removed — and an
organisation never left without a coordination."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from concorde.lib.errors import DomainError

from .models import Invitation, Membership, Organisation, Service, service_key

log = logging.getLogger(__name__)


def pilots_of(organisation_id: int):
    """The people an organisation's coordination may name to pilot an action on its side."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation_id=organisation_id, memberships__role=Membership.Role.PILOT)
        .order_by("last_name", "username")
    )


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return settings.CONCORDE_BASE_URL + reverse("territories:invitation", args=[token])


def invite(
    organisation: Organisation,
    inviter,
    *,
    email: str,
    role: str,
    service: Service | None = None,
    first_name: str = "",
    last_name: str = "",
) -> tuple[Invitation, str, bool]:
    """A new invitation (replacing one still waiting for the same address): the invitation, the
    secret of its link (shown once, never stored) and whether the e-mail went. The e-mail goes
    once the invitation is written (not while the database waits for the mail server)."""
    with transaction.atomic():
        invitation, token = _new_invitation(
            organisation, inviter, email=email, role=role, service=service, first_name=first_name, last_name=last_name
        )
    return invitation, token, _mail_invitation(invitation, token)


def _new_invitation(
    organisation: Organisation,
    inviter,
    *,
    email: str,
    role: str,
    service: Service | None,
    first_name: str,
    last_name: str,
) -> tuple[Invitation, str]:
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise DomainError("Rôle inconnu.")
    if service is not None and service.organisation_id != organisation.pk:
        raise DomainError("Ce service n'appartient pas à cette organisation.")
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise DomainError(f"{email} est déjà membre de {organisation} : changer son rôle dans la liste des membres.")
    now = timezone.now()
    Invitation.objects.filter(organisation=organisation, email__iexact=email, accepted_at=None, revoked_at=None).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        service=service,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
        token_hash=_hash(token),
        invited_by=inviter,
        expires_at=now + timedelta(days=settings.CONCORDE_INVITATION_DAYS),
    )
    return invitation, token


def _mail_invitation(invitation: Invitation, token: str) -> bool:
    who = (
        invitation.invited_by.get_full_name() or invitation.invited_by.username
        if invitation.invited_by
        else "La coordination"
    )
    brand = settings.CONCORDE_BRAND["name"]
    days = settings.CONCORDE_INVITATION_DAYS
    try:
        send_mail(
            f"[{brand}] Invitation à rejoindre {invitation.organisation}",
            f"Bonjour,\n\n{who} vous invite à rejoindre {invitation.organisation} dans {brand}, "
            f"rôle : {invitation.get_role_display().lower()}"
            + (f", service : {invitation.service}" if invitation.service else "")
            + ".\n\n"
            + (
                "Pour accepter, choisir un mot de passe ou se connecter avec ProConnect sous cette adresse :\n"
                if settings.OIDC_RP_CLIENT_ID
                else "Pour accepter, choisir un mot de passe :\n"
            )
            + f"{invitation_link(token)}\n\nCe lien sert une fois et expire dans {days} jours.\n\n— {brand}",
            None,
            [invitation.email],
        )
        return True
    except OSError as exc:
        log.warning("Invitation non envoyée à %s : %s", invitation.email, exc)
        return False


def find(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "service", "invited_by")
        .filter(token_hash=_hash(token or ""))
        .first()
    )


def refusal(invitation: Invitation | None) -> str | None:
    """Why this invitation cannot be used now, in French; None when it can."""
    if invitation is None:
        return "Ce lien d'invitation n'est pas valable : demander une nouvelle invitation à la coordination."
    if invitation.accepted_at:
        return "Cette invitation a déjà servi : se connecter avec son compte."
    if invitation.revoked_at:
        return "Cette invitation a été révoquée par la coordination qui l'avait envoyée."
    if invitation.expires_at <= timezone.now():
        return (
            f"Cette invitation a expiré le {timezone.localtime(invitation.expires_at):%d/%m/%Y} : demander à la "
            f"coordination de {invitation.organisation} de la renvoyer."
        )
    return None


@transaction.atomic
def accept(invitation: Invitation, user) -> Membership:
    """The invited person, signed in under the invited address, joins the organisation."""
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    reason = refusal(invitation)
    if reason:
        raise DomainError(reason)
    if (user.email or "").strip().lower() != invitation.email:
        raise DomainError(
            f"Cette invitation est adressée à {invitation.email} : se connecter sous cette adresse "
            f"(la session ouverte est celle de {user.email or user.username})."
        )
    if Membership.objects.filter(user=user, organisation=invitation.organisation).exists():
        raise DomainError(f"Vous êtes déjà membre de {invitation.organisation}.")
    membership = Membership(
        user=user, organisation=invitation.organisation, role=invitation.role, service=invitation.service
    )
    membership._history_user = invitation.invited_by
    membership.save()
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def register(invitation: Invitation, *, password: str, first_name: str, last_name: str):
    """A newcomer's account, named by the invited address, then the invitation accepted."""
    reason = refusal(invitation)
    if reason:
        raise DomainError(reason)
    User = get_user_model()
    if (
        User.objects.filter(email__iexact=invitation.email).exists()
        or User.objects.filter(username__iexact=invitation.email).exists()
    ):
        raise DomainError(f"Un compte existe déjà pour {invitation.email} : se connecter pour accepter l'invitation.")
    user = User(
        username=invitation.email[:150],
        email=invitation.email,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    accept(invitation, user)
    return user


@transaction.atomic
def revoke(invitation: Invitation) -> None:
    if invitation.accepted_at:
        raise DomainError("Cette invitation a déjà été acceptée : retirer plutôt le membre.")
    Invitation.objects.filter(pk=invitation.pk, revoked_at=None).update(revoked_at=timezone.now())


def resend(invitation: Invitation, inviter) -> tuple[Invitation, str, bool]:
    """A new link for the same person, role and service (the old one stops working)."""
    if invitation.accepted_at:
        raise DomainError("Cette invitation a déjà été acceptée.")
    return invite(
        invitation.organisation,
        inviter,
        email=invitation.email,
        role=invitation.role,
        service=invitation.service,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )


def _keeps_a_coordination(membership: Membership, new_role: str | None) -> None:
    if membership.role != Membership.Role.COORDINATION or new_role == Membership.Role.COORDINATION:
        return
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Membership.Role.COORDINATION, user__is_active=True
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise DomainError(
            f"{membership.user.get_full_name() or membership.user.username} est la seule coordination de "
            f"{membership.organisation} : en désigner une autre d'abord."
        )


@transaction.atomic
def change(membership: Membership, by, *, role: str, service: Service | None) -> Membership:
    membership = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    if role not in Membership.Role.values:
        raise DomainError("Rôle inconnu.")
    if service is not None and service.organisation_id != membership.organisation_id:
        raise DomainError("Ce service n'appartient pas à cette organisation.")
    _keeps_a_coordination(membership, role)
    membership.role, membership.service = role, service
    membership._history_user = by
    membership.save()
    return membership


@transaction.atomic
def remove(membership: Membership, by) -> None:
    membership = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    _keeps_a_coordination(membership, None)
    membership._history_user = by
    membership.delete()


@transaction.atomic
def save_service(service: Service, *, name: str, acronym: str, parent: Service | None) -> Service:
    """Create or rename a service; names and acronyms are unique within the organisation."""
    name, acronym = " ".join(name.split())[:200], " ".join(acronym.split())[:30]
    if not name:
        raise DomainError("Donner un nom au service.")
    # a name is never another service's acronym either: a document's « DAC » must designate one service
    others = Service.objects.filter(organisation_id=service.organisation_id).exclude(pk=service.pk)
    keys = {service_key(name)} | ({service_key(acronym)} if acronym else set())
    if others.filter(Q(name_key__in=keys) | Q(acronym_key__in=keys)).exists():
        raise DomainError(f"{service.organisation} a déjà un service de ce nom ou de ce sigle.")
    service.name, service.acronym, service.parent = name, acronym, parent
    try:
        service.clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    service.save()
    return service


@transaction.atomic
def delete_service(service: Service) -> None:
    """Only a service nobody belongs to, that pilots nothing and has no service beneath it."""
    if service.members.exists() or service.children.exists() or service.pilotings.exists():
        raise DomainError(
            f"« {service} » a des membres, des services rattachés ou des actions pilotées : le renommer "
            "plutôt que le supprimer."
        )
    service.delete()
