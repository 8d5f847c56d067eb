"""Sign-in: local accounts with failed-login throttling, and ProConnect (OpenID Connect) for agents,
whose SIRET claim ties them to their organisation."""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from concorde.lib.client import client_address
from concorde.lib.errors import DomainError
from concorde.lib.identifiers import siret_is_valid

from . import access, people
from .models import FailedLogin, Membership, Organisation

INVITATION_SESSION_KEY = "concorde_invitation"  # an invitation link's secret, kept while ProConnect signs its person in
INVITATION_MISMATCH_KEY = "concorde_invitation_mismatch"
WINDOW = dt.timedelta(minutes=15)
MAX_PER_ACCOUNT = 5  # then the account waits, whoever tries
MAX_PER_ADDRESS = 20  # then the address waits, whatever account it tries


def throttled(username: str, address: str | None) -> bool:
    since = timezone.now() - WINDOW
    recent = FailedLogin.objects.filter(at__gte=since)
    return recent.filter(username__iexact=username).count() >= MAX_PER_ACCOUNT or (
        address is not None and recent.filter(address=address).count() >= MAX_PER_ADDRESS
    )


def record_failure(username: str, address: str | None) -> None:
    FailedLogin.objects.filter(at__lt=timezone.now() - dt.timedelta(days=1)).delete()
    FailedLogin.objects.create(username=username[:150], address=address)


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Identifiant ou mot de passe incorrect.",
        "throttled": "Trop de tentatives de connexion échouées : réessayer dans 15 minutes.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if throttled(username, address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            record_failure(username, address)
            raise


class SignInView(LoginView):
    form_class = ThrottledAuthenticationForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "proconnect": proconnect_enabled(),
            "proconnect_failed": "echec" in self.request.GET,
            "access_request": self.request.session.pop(access.SESSION_KEY, None),
            "invitation_mismatch": self.request.session.pop(INVITATION_MISMATCH_KEY, None),
        }


# --- ProConnect ----------------------------------------------------------------------


def proconnect_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def organisation_of(siret: str | None) -> Organisation | None:
    """The organisation an agent's SIRET designates: by its SIRET, else by the SIREN it starts with."""
    if not siret or not siret_is_valid(siret):
        return None
    return Organisation.objects.filter(siret=siret).first() or Organisation.objects.filter(siren=siret[:9]).first()


class AccountBackend(ModelBackend):
    """Local accounts: Django's ModelBackend."""


class ProConnectBackend(OIDCAuthenticationBackend):
    """Claims given_name, usual_name, email, siret. An agent signs in when Concorde knows their
    e-mail or their organisation; a new agent joins it as a reader, its coordination grants more."""

    def get_user(self, user_id):
        # mozilla-django-oidc's own would let a deactivated account keep its session
        return ModelBackend().get_user(user_id)

    def verify_claims(self, claims):
        email = claims.get("email")
        if not email:
            return False
        known = (
            self.UserModel.objects.filter(email__iexact=email).exists()
            or organisation_of(claims.get("siret")) is not None
            or self._invitation(email) is not None
        )
        if not known and siret_is_valid(claims.get("siret") or ""):
            outcome = access.request(claims)
            self.request.session[access.SESSION_KEY] = outcome  # the sign-in page says what became of it
        return known

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims.get("email") or "-")

    def create_user(self, claims):
        email = claims["email"]
        username = email[:150]
        if self.UserModel.objects.filter(username=username).exists():
            username = f"{email[:140]}-{secrets.token_hex(4)}"
        user = self.UserModel.objects.create_user(username, email=email)
        user.set_unusable_password()
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        user.first_name = (claims.get("given_name") or user.first_name)[:150]
        user.last_name = (claims.get("usual_name") or user.last_name)[:150]
        user.save()
        invitation = self._invitation(claims.get("email"))
        if invitation is not None:  # the invitation's role and service, before any default
            self.request.session.pop(INVITATION_SESSION_KEY, None)
            try:
                people.accept(invitation, user)
            except DomainError:
                pass  # already a member: the invitation page said so; nothing to add
        org = organisation_of(claims.get("siret"))
        if org is not None:
            Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": Membership.Role.READER})
        return user

    def _invitation(self, email: str | None):
        """The invitation whose link brought this agent here, when ProConnect vouches for its address."""
        session = getattr(getattr(self, "request", None), "session", None)
        found = people.find(session.get(INVITATION_SESSION_KEY, "")) if session is not None else None
        if found is None or people.refusal(found):
            return None
        if (email or "").strip().lower() != found.email:
            session[INVITATION_MISMATCH_KEY] = (
                f"ProConnect vous a identifié sous l'adresse {email} ; l'invitation est "
                f"adressée à {found.email}. Se connecter sous cette adresse-là."
            )
            return None
        return found


@require_POST
def sign_out(request):
    """Local sign-out; an agent signed in with ProConnect is then signed out there too."""
    id_token = request.session.get("oidc_id_token")
    logout(request)
    if not (id_token and proconnect_enabled()):
        return redirect("territories:login")
    query = urlencode(
        {
            "id_token_hint": id_token,
            "state": secrets.token_urlsafe(16),
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("territories:login")),
        }
    )
    return redirect(f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}")


def start(request):
    """The ProConnect button: 404 on an instance that has not configured it."""
    if not proconnect_enabled():
        raise Http404("Connexion ProConnect non configurée sur cette instance.")
    return OIDCAuthenticationRequestView.as_view()(request)
