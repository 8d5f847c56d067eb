"""The consent of the parties an import names. The importing organisation takes part from the
start; another organisation named as a party is invited when the draft is validated, and takes
part only once its coordination accepts: until then the convention is not in its portfolio, sends
it no reminder, shows it no deadline and is not published in its name. An organisation with nobody
on the instance is « hors Concorde »: the importing coordination acts for it, until someone of it
joins (a ProConnect sign-in, an administrator) and its consent is asked in turn. A refusal is kept
with its reason and told to the importer."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from concorde.lib.errors import DomainError
from concorde.territories import rules
from concorde.territories.models import Membership

from .catalogue import catalogue_changed
from .models import Convention, Party
from .tracking import touch

log = logging.getLogger(__name__)


def invite_parties(convention: Convention, user) -> None:
    """At validation: the importer's party takes part, the others are invited or « hors Concorde »."""
    now = timezone.now()
    invited = []
    for party in convention.parties.all():
        if party.organisation_id == convention.owner_id:
            party.consent, party.consent_by, party.consent_at = Party.Consent.ACCEPTED, user, now
        elif rules.has_members(party.organisation_id):
            party.consent, party.invited_at = Party.Consent.PENDING, now
            invited.append(party)
        else:
            party.consent = Party.Consent.OUTSIDE
        party._history_user = user
        party.save()
    for party in invited:
        transaction.on_commit(lambda party=party: _tell_invited(party))


@transaction.atomic
def accept(party: Party, user) -> Party:
    party = _answer(party, user, Party.Consent.ACCEPTED)
    party.save()
    _entered_portfolios(party.convention_id)
    transaction.on_commit(
        lambda: _tell_owner(
            party,
            f"{party.organisation} a accepté d'être partie à la convention « "
            f"{party.convention.title} » : elle la suit désormais avec vous.",
        )
    )
    return party


@transaction.atomic
def refuse(party: Party, user, reason: str) -> Party:
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(
            "Dire pourquoi votre organisation refuse d'être partie : l'organisation importatrice en est prévenue."
        )
    party = _answer(party, user, Party.Consent.REFUSED, reason[:2000])
    party.publish = party.publish_budgets = party.publish_minutes = party.publish_evaluations = False
    party.save()
    refresh_publication(party.convention)
    transaction.on_commit(
        lambda: _tell_owner(
            party,
            f"{party.organisation} refuse d'être partie à la convention « "
            f"{party.convention.title} ».\n\nMotif : {reason}",
        )
    )
    return party


@transaction.atomic
def invite_again(party: Party, user) -> Party:
    """After a refusal, the importing coordination asks again (having talked it over)."""
    party = Party.objects.select_for_update().select_related("convention", "organisation").get(pk=party.pk)
    if party.consent != Party.Consent.REFUSED:
        raise DomainError("Seule une partie qui a refusé peut être invitée à nouveau.")
    party.consent, party.invited_at = Party.Consent.PENDING, timezone.now()
    party._history_user = user
    party.save()
    transaction.on_commit(lambda: _tell_invited(party))
    return party


def organisation_joined(organisation_id: int) -> None:
    """Someone of an organisation « hors Concorde » joins the instance: the conventions that named it
    now ask for its consent (a publication the importer chose for it stays online until it refuses:
    the acts are published for their whole term), and the importer is told."""
    parties = list(
        Party.objects.filter(organisation_id=organisation_id, consent=Party.Consent.OUTSIDE).select_related(
            "convention", "organisation"
        )
    )
    for party in parties:
        party.consent, party.invited_at = Party.Consent.PENDING, timezone.now()
        party.save()
        touch(party.convention_id)
        transaction.on_commit(lambda party=party: _tell_invited(party))
        transaction.on_commit(
            lambda party=party: _tell_owner(
                party,
                f"{party.organisation} a désormais des membres sur "
                f"Concorde : sa participation à « {party.convention.title} » "
                "lui est demandée, et vous n'agissez plus en son nom.",
            )
        )
    if parties:
        _entered_portfolios(None)


def member_joined(sender, instance: Membership, created: bool = False, **kwargs) -> None:
    """Receiver of Membership's post_save: a new member may be an organisation's first."""
    if created:
        organisation_joined(instance.organisation_id)


def refresh_publication(convention: Convention) -> None:
    """Published when every party chose it (an invited party cannot choose before it accepts; one
    that refuses withdraws its choice); budgets, approved minutes and decisions, concluded
    evaluations, each when all agreed."""
    parties = list(
        Party.objects.filter(convention=convention).values_list(
            "publish", "publish_budgets", "publish_minutes", "publish_evaluations"
        )
    )
    is_public = bool(parties) and all(p[0] for p in parties)
    Convention.objects.filter(pk=convention.pk).update(
        is_public=is_public,
        public_budgets=is_public and all(p[1] for p in parties),
        public_minutes=is_public and all(p[2] for p in parties),
        public_evaluations=is_public and all(p[3] for p in parties),
    )
    touch(convention.pk)


def _answer(party: Party, user, consent: str, reason: str = "") -> Party:
    """The invited party, locked, with its coordination's answer (saved by the caller)."""
    party = Party.objects.select_for_update().select_related("convention", "organisation").get(pk=party.pk)
    if party.consent != Party.Consent.PENDING:
        raise DomainError("Cette invitation n'attend plus de réponse.")
    if not (getattr(user, "is_superuser", False) or rules.coordinates(user, party.organisation_id)):
        raise DomainError(f"Seule la coordination de {party.organisation} répond pour elle.")
    party.consent, party.consent_by, party.consent_at, party.refusal_reason = consent, user, timezone.now(), reason
    party._history_user = user
    return party


def _entered_portfolios(convention_id: int | None) -> None:
    catalogue_changed()
    transaction.on_commit(catalogue_changed)  # again: a list read meanwhile missed it
    if convention_id is not None:
        touch(convention_id)


def _tell_invited(party: Party) -> None:
    link = settings.CONCORDE_BASE_URL + reverse("conventions:convention", args=[party.convention_id])
    _mail(
        Membership.objects.filter(organisation_id=party.organisation_id, role=Membership.Role.COORDINATION),
        f"{party.convention.owner} vous désigne comme partie d'une convention",
        f"{party.convention.owner} a importé la convention « {party.convention.title} » et y désigne "
        f"{party.organisation} comme partie.\n\nLa lire, puis accepter ou refuser : {link}\n\n"
        "Tant que votre coordination n'a pas accepté, cette convention n'apparaît pas dans vos conventions, "
        "ne vous envoie aucun rappel et ne peut pas être publiée en votre nom.",
    )


def _tell_owner(party: Party, text: str) -> None:
    link = settings.CONCORDE_BASE_URL + reverse("conventions:convention", args=[party.convention_id])
    _mail(
        Membership.objects.filter(organisation_id=party.convention.owner_id, role=Membership.Role.COORDINATION),
        f"Convention « {party.convention.title[:80]} » : réponse de {party.organisation}",
        f"{text}\n\n{link}",
    )


def _mail(memberships, subject: str, body: str) -> None:
    to = sorted({m.user.email for m in memberships.select_related("user") if m.user.email and m.user.is_active})
    if not to:
        return
    try:
        send_mail(
            f"[{settings.CONCORDE_BRAND['name']}] {subject}",
            body + "\n\n— " + settings.CONCORDE_BRAND["name"],
            None,
            to,
        )
    except OSError as exc:  # the invitation waits on the home page anyway
        log.warning("Courriel non envoyé (%s) : %s", subject, exc)
