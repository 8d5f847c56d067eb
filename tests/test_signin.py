"""Sign-in: failed-login throttling, ProConnect (OpenID Connect) with its signed userinfo, the content
security policy and the production settings."""

import html
import json
import os
import subprocess
import sys
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from concorde.territories.models import FailedLogin, Membership, Organisation
from tests.conftest import ROOT

PARIS_SIRET = "21750001600019"


def _login(client, username, password, address="10.0.0.1", **headers):
    return client.post(
        reverse("territories:login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def test_failed_logins_are_throttled_per_account(people):
    client = Client()
    for _ in range(5):
        assert "Identifiant ou mot de passe incorrect" in _login(client, "paris_coord", "faux").content.decode()
    response = _login(client, "paris_coord", "motdepasse-test")  # even the right password waits
    assert "Trop de tentatives" in response.content.decode() and "_auth_user_id" not in client.session
    assert _login(Client(), "montclair_coord", "motdepasse-test").status_code == 302  # other accounts are not held
    FailedLogin.objects.update(at=FailedLogin.objects.first().at.replace(year=2000))
    assert _login(Client(), "paris_coord", "motdepasse-test").status_code == 302  # the window has passed


def test_a_session_lasts_until_sign_out_or_deactivation(people, convention):
    """A signed-out session, an expired one, a deactivated account open nothing."""
    from django.utils import timezone

    dashboard = reverse("dashboard:dashboard", args=[convention.pk])
    client = Client()
    assert _login(client, "paris_coord", "motdepasse-test").status_code == 302
    assert client.get(dashboard).status_code == 200
    stolen = client.cookies["sessionid"].value
    client.post(reverse("territories:logout"))
    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert thief.get(dashboard).status_code == 302  # to the sign-in page
    assert _login(client, "paris_coord", "motdepasse-test").status_code == 302
    session = client.session  # expired through its store: in the database and in the sessions' cache
    session.set_expiry(timezone.now())
    session.save()
    assert client.get(dashboard).status_code == 302
    assert _login(client, "paris_coord", "motdepasse-test").status_code == 302
    people["paris_coord"].is_active = False
    people["paris_coord"].save()
    assert client.get(dashboard).status_code == 302


def test_failed_logins_are_throttled_per_address(people):
    for i in range(20):
        _login(Client(), f"inconnu{i}", "faux", address="10.9.9.9")
    assert (
        "Trop de tentatives" in _login(Client(), "paris_coord", "motdepasse-test", address="10.9.9.9").content.decode()
    )
    assert _login(Client(), "paris_coord", "motdepasse-test", address="10.9.9.8").status_code == 302


def test_behind_a_proxy_failed_logins_are_counted_per_client_not_per_proxy(people, settings):
    """The reverse proxy appends the address it received from; a client writing its own
    X-Forwarded-For cannot pass for another."""
    settings.CONCORDE_PROXIES = 1
    for i in range(20):
        _login(Client(), f"inconnu{i}", "faux", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 10.9.9.9")
    attacker = _login(Client(), "paris_coord", "motdepasse-test", address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert "Trop de tentatives" in attacker.content.decode()
    # another client behind the same proxy signs in
    assert (
        _login(
            Client(), "paris_coord", "motdepasse-test", address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.8"
        ).status_code
        == 302
    )


def test_pages_carry_a_content_security_policy(db):
    response = Client().get(reverse("publication:portal"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"


def test_production_settings_pass_djangos_deployment_checks(tmp_path):
    env = {
        **os.environ,
        "CONCORDE_DEBUG": "0",
        "CONCORDE_SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-0123",
        "CONCORDE_VAR_DIR": str(tmp_path),
        "CONCORDE_ALLOWED_HOSTS": "concorde.example.org",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, not a production setting
    run = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**env, "DJANGO_SETTINGS_MODULE": "concorde.settings"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    env["CONCORDE_SECRET_KEY"] = "dev-only-insecure-key-change-me-in-production"
    run = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env={**env, "DJANGO_SETTINGS_MODULE": "concorde.settings"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode != 0 and "CONCORDE_SECRET_KEY" in run.stderr


# --- ProConnect ---------------------------------------------------------------------

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
JWK = {
    **json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key())),
    "kid": "cle-test",
    "alg": "RS256",
    "use": "sig",
}


def _signed(claims):
    return jwt.encode(
        {
            "iss": "https://proconnect.test",
            "aud": "concorde",
            "iat": int(time.time()),
            "exp": int(time.time()) + 60,
            **claims,
        },
        KEY,
        algorithm="RS256",
        headers={"kid": "cle-test"},
    )


class _Response:
    def __init__(self, body, content_type="application/json"):
        self.status_code, self.text, self.headers, self.url = (
            200,
            body if isinstance(body, str) else json.dumps(body),
            {"content-type": content_type},
            "https://proconnect.test",
        )

    def json(self):
        return json.loads(self.text)

    def raise_for_status(self):
        pass


@pytest.fixture
def proconnect(settings, monkeypatch):
    """An identity provider on the other side of `requests`: token, JWKS, and a signed userinfo."""
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "concorde", "secret"
    for name, path in [
        ("AUTHORIZATION", "authorize"),
        ("TOKEN", "token"),
        ("USER", "userinfo"),
        ("JWKS", "jwks"),
        ("LOGOUT", "session/end"),
    ]:
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"https://proconnect.test/{path}")
    provider = {"claims": {}}

    def post(url, **kwargs):
        assert url.endswith("/token") and kwargs["data"]["code"] == "code-1"
        return _Response({"access_token": "a", "id_token": _signed({"sub": "agent", "nonce": provider["nonce"]})})

    def get(url, **kwargs):
        if url.endswith("/jwks"):
            return _Response({"keys": [JWK]})
        assert url.endswith("/userinfo") and kwargs["headers"]["Authorization"] == "Bearer a"
        return _Response(_signed(provider["claims"]), "application/jwt")

    import mozilla_django_oidc.auth as oidc

    monkeypatch.setattr(oidc.requests, "post", post)
    monkeypatch.setattr(oidc.requests, "get", get)

    def sign_in(claims, client=None):
        client = client or Client()
        start = client.get(reverse("oidc_authentication_init"))
        assert start.status_code == 302 and start["Location"].startswith("https://proconnect.test/authorize")
        assert "acr_values=eidas1" in start["Location"] and "siret" in start["Location"]
        state = next(iter(client.session["oidc_states"]))
        provider["nonce"], provider["claims"] = client.session["oidc_states"][state]["nonce"], claims
        return client, client.get(reverse("oidc_authentication_callback"), {"code": "code-1", "state": state})

    return sign_in


def test_an_agent_of_a_known_organisation_joins_it_as_a_reader(proconnect, people):
    paris = Organisation.objects.get(name="Ville de Paris")
    paris.siren, paris.siret = "217500016", PARIS_SIRET
    paris.save()
    client, response = proconnect(
        {
            "sub": "agent",
            "email": "Agathe.Dupont@paris.fr",
            "given_name": "Agathe",
            "usual_name": "Dupont",
            "siret": "21750001601009",
        }
    )  # another establishment, same SIREN
    assert response.status_code == 302 and response["Location"] == "/"
    membership = Membership.objects.get(user__email="Agathe.Dupont@paris.fr")
    assert membership.organisation == paris and membership.role == Membership.Role.READER
    assert membership.user.get_full_name() == "Agathe Dupont" and not membership.user.has_usable_password()
    assert client.get(reverse("conventions:home")).status_code == 200
    signed_out = client.post(reverse("territories:logout"))  # ProConnect's session ends too
    assert signed_out["Location"].startswith("https://proconnect.test/session/end?")
    assert "id_token_hint=" in signed_out["Location"] and "_auth_user_id" not in client.session
    # next time: the same account, the names kept up to date
    _, response = proconnect(
        {
            "sub": "agent",
            "email": "agathe.dupont@paris.fr",
            "given_name": "Agathe",
            "usual_name": "Dupont-Martin",
            "siret": "21750001601009",
        }
    )
    assert Membership.objects.filter(user__email__iexact="agathe.dupont@paris.fr").count() == 1
    assert Membership.objects.get(user__email__iexact="agathe.dupont@paris.fr").user.last_name == "Dupont-Martin"


def test_an_unknown_agent_is_refused(proconnect, people):
    _, response = proconnect(
        {"sub": "x", "email": "quelquun@ailleurs.fr", "given_name": "A", "usual_name": "B", "siret": "21860194600013"}
    )
    assert response.status_code == 302 and "echec" in response["Location"]
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="quelquun@ailleurs.fr").exists()
    assert "n'a pas abouti" in Client().get(response["Location"]).content.decode()


def test_local_sign_out_stays_local(people):
    client = Client()
    client.force_login(people["paris_coord"])
    assert client.get(reverse("territories:logout")).status_code == 405  # a link cannot sign anyone out
    response = client.post(reverse("territories:logout"))
    assert response["Location"] == reverse("territories:login") and "_auth_user_id" not in client.session


def test_proconnect_is_off_until_configured(db):
    assert Client().get(reverse("oidc_authentication_init")).status_code == 404
    assert "ProConnect" not in Client().get(reverse("territories:login")).content.decode()


POITIERS = {
    "sub": "x",
    "email": "agent@poitiers.fr",
    "given_name": "Paule",
    "usual_name": "Martin",
    "siret": "21860194600013",
}


@pytest.fixture
def site_admin(people):
    client = Client()
    client.force_login(people["admin"])  # a superuser, whose address is a@example.org
    return client


def _decide(site_admin, action, request):
    return site_admin.post(
        reverse("admin:territories_accessrequest_changelist"),
        {"action": action, "_selected_action": [request.pk]},
        follow=True,
    )


def test_an_agent_of_an_unknown_organisation_asks_for_access_and_signs_in_once_accepted(proconnect, people, site_admin):
    from django.core import mail

    from concorde.territories.models import AccessRequest, Territory

    Territory.objects.create(kind="commune", code="86194", name="Poitiers", siren="218601946", departement="86")
    client, response = proconnect(POITIERS)
    assert "echec" in response["Location"]
    assert "demande d'accès a été transmise" in client.get(response["Location"]).content.decode()
    request = AccessRequest.objects.get()
    assert (request.territory.name, request.outcome) == ("Poitiers", "pending")
    assert [m.to for m in mail.outbox] == [["a@example.org"]] and "agent@poitiers.fr" in mail.outbox[0].subject
    proconnect(POITIERS)  # trying again: the same request, the administrators not told twice
    assert AccessRequest.objects.count() == 1 and len(mail.outbox) == 1
    assert "accès ouvert" in _decide(site_admin, "accept", request).content.decode()
    organisation = Organisation.objects.get(siren="218601946")
    assert (organisation.name, organisation.kind) == ("Poitiers", Organisation.Kind.COMMUNE)
    assert mail.outbox[-1].to == ["agent@poitiers.fr"] and "est ouvert" in mail.outbox[-1].body
    client, response = proconnect(POITIERS)
    assert response["Location"] == "/"
    membership = Membership.objects.get(user__email="agent@poitiers.fr")
    assert membership.organisation == organisation and membership.role == Membership.Role.READER


def test_a_refused_request_is_said_refused_and_a_siren_unknown_to_the_reference_waits(proconnect, people, site_admin):
    from django.core import mail

    from concorde.territories.models import AccessRequest

    proconnect(POITIERS)  # the reference territories do not know this SIREN
    request = AccessRequest.objects.get()
    assert "SIREN inconnu du référentiel" in _decide(site_admin, "accept", request).content.decode()
    request.refresh_from_db()
    assert request.outcome == "pending" and not Organisation.objects.filter(siren="218601946").exists()
    _decide(site_admin, "refuse", request)
    request.refresh_from_db()
    assert request.outcome == "refused" and mail.outbox[-1].to == ["agent@poitiers.fr"]
    sent = len(mail.outbox)
    client, response = proconnect(POITIERS)
    assert "demande d'accès a été refusée" in client.get(response["Location"]).content.decode()
    assert AccessRequest.objects.count() == 1 and len(mail.outbox) == sent


def test_when_mail_is_down_the_request_is_kept_and_the_administrator_warned(
    proconnect, people, site_admin, monkeypatch
):
    from concorde.territories import access
    from concorde.territories.models import AccessRequest

    monkeypatch.setattr(access, "send_mail", lambda *args, **kwargs: 0)  # nothing could be sent
    client, response = proconnect(POITIERS)
    assert "demande d'accès a été transmise" in client.get(response["Location"]).content.decode()
    page = html.unescape(_decide(site_admin, "refuse", AccessRequest.objects.get()).content.decode())
    assert "le courriel à l'agent n'a pas pu partir" in page
    assert AccessRequest.objects.get().outcome == "refused"


def test_an_invited_agent_accepts_with_proconnect_under_the_invited_address(proconnect, people):
    from concorde.territories import people as people_module
    from concorde.territories.models import Invitation

    paris = Organisation.objects.get(name="Ville de Paris")
    _, token, _ = people_module.invite(paris, people["paris_coord"], email="Zoe.Martin@paris.fr", role="pilot")
    link = reverse("territories:invitation", args=[token])
    # ProConnect vouches for another address: nothing is accepted, the sign-in page says why
    client = Client()
    assert "Accepter avec ProConnect" in client.get(link).content.decode()
    client.post(reverse("territories:invitation-proconnect", args=[token]))
    _, refused = proconnect(
        {
            "sub": "z",
            "email": "zoe@ailleurs.fr",
            "given_name": "Zoé",
            "usual_name": "Martin",
            "siret": "21860194600013",
        },
        client,
    )
    assert "echec" in refused["Location"] and not Membership.objects.filter(user__email="zoe@ailleurs.fr").exists()
    assert "l'invitation est adressée à zoe.martin@paris.fr" in client.get(
        refused["Location"]
    ).content.decode().replace("&#x27;", "'")
    # under the invited address: the account is made and joins with the invited role
    client.post(reverse("territories:invitation-proconnect", args=[token]))
    _, response = proconnect(
        {
            "sub": "z",
            "email": "zoe.martin@paris.fr",
            "given_name": "Zoé",
            "usual_name": "Martin",
            "siret": "21860194600013",
        },
        client,
    )
    assert response.status_code == 302 and "echec" not in response["Location"]
    membership = Membership.objects.get(user__email__iexact="zoe.martin@paris.fr")
    assert (membership.organisation, membership.role) == (paris, Membership.Role.PILOT)
    assert Invitation.objects.get().accepted_by == membership.user
    assert client.get(link).status_code == 410  # used once
