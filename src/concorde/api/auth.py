"""Who calls the API: a token (machine clients), the browser session (with its CSRF check), or
nobody (public read, published data only)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from .models import ApiToken


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        if not header.lower().startswith("bearer "):
            raise AuthenticationError(message="En-tête Authorization attendu : « Bearer <jeton> ».")
        return super().__call__(request)

    def authenticate(self, request, token):
        user = ApiToken.user_for(token)
        if user is None:
            raise AuthenticationError(message="Jeton d'API invalide ou révoqué.")
        request.user = user
        return user


def anonymous(request):
    """Public read: the caller is whoever the session says, or nobody."""
    if not getattr(request, "user", None):
        request.user = AnonymousUser()
    return request.user if request.user.is_authenticated else "public"


token_auth = TokenAuth()
READ = [token_auth, django_auth, anonymous]
WRITE = [token_auth, django_auth]
