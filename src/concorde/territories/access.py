"""Access requests: an agent whom ProConnect identified, for an organisation this instance does
not know yet, is refused but not forgotten. The request waits for the site administrators (told
by e-mail); accepting it creates the organisation from the reference territories, and the agent,
told by e-mail too, signs in and joins it as a reader."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from . import reference
from .models import AccessRequest, Organisation, Territory

SESSION_KEY = "proconnect_access_request"


def request(claims: dict) -> str:
    """Record the agent's request (once: a second attempt finds the first) and return its outcome."""
    siret = claims["siret"]
    found = AccessRequest.objects.filter(email__iexact=claims["email"], siret=siret).first()
    if found is not None:
        return found.outcome
    found = AccessRequest.objects.create(
        email=claims["email"],
        given_name=(claims.get("given_name") or "")[:150],
        usual_name=(claims.get("usual_name") or "")[:150],
        siret=siret,
        territory=Territory.objects.filter(siren=siret[:9]).first(),
    )
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
    if admins:
        where = found.territory or f"SIREN {siret[:9]}, inconnu du référentiel"
        send_mail(
            f"[{settings.CONCORDE_BRAND['name']}] Demande d'accès de {found.email}",
            f"{found.given_name} {found.usual_name} ({found.email}) s'est identifié avec ProConnect pour "
            f"l'organisation du SIRET {siret} ({where}), que cette instance ne connaît pas encore.\n\n"
            f"Accepter ou refuser : {settings.CONCORDE_BASE_URL}"
            f"{reverse('admin:territories_accessrequest_changelist')}\n",
            None,
            [a.email for a in admins],
            fail_silently=True,
        )  # the request waits in the admin anyway
    return found.outcome


def accept(found: AccessRequest, admin) -> tuple[Organisation | None, bool]:
    """Create (or find) the organisation the request's SIREN designates, and whether the agent's
    e-mail went; no organisation when the reference territories do not know the SIREN (the
    administrator then creates it by hand, with its SIREN)."""
    organisation = Organisation.objects.filter(siren=found.siret[:9]).first()
    if organisation is None:
        if found.territory is None:
            return None, False
        organisation = Organisation(name=found.territory.name)
        reference.apply(organisation, found.territory)
        organisation.save()
    told = _decide(
        found,
        admin,
        AccessRequest.Outcome.ACCEPTED,
        f"Votre accès à {settings.CONCORDE_BRAND['name']} est ouvert : {organisation.name} y est désormais "
        f"connue. Identifiez-vous avec ProConnect : {settings.CONCORDE_BASE_URL}{reverse('territories:login')}\n"
        "Vous y lirez les conventions de votre organisation ; sa coordination peut vous donner d'autres rôles.",
    )
    return organisation, told


def refuse(found: AccessRequest, admin) -> bool:
    return _decide(
        found,
        admin,
        AccessRequest.Outcome.REFUSED,
        f"Votre demande d'accès à {settings.CONCORDE_BRAND['name']} n'a pas été acceptée par ses administrateurs.",
    )


def _decide(found: AccessRequest, admin, outcome: str, message: str) -> bool:
    """Record the decision, then tell the agent; False when the e-mail could not be sent."""
    found.outcome, found.decided_at, found.decided_by = outcome, timezone.now(), admin
    found.save(update_fields=["outcome", "decided_at", "decided_by"])
    return (
        send_mail(
            f"[{settings.CONCORDE_BRAND['name']}] Votre demande d'accès",
            message + "\n",
            None,
            [found.email],
            fail_silently=True,
        )
        == 1
    )
