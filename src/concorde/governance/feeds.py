"""The secret address of a person's calendar feed: calendar applications cannot log in, so the
address itself says who it is for."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing

_SALT = "concorde.calendrier-personnel"


def personal_token(user) -> str:
    """Carries the user and a fragment of their password hash: changing the password revokes
    every address given out before."""
    return signing.dumps([user.pk, user.password[-12:]], salt=_SALT, compress=True)


def user_of_token(token: str):
    """The active user the token was given to, or None when it is forged, damaged or revoked."""
    User = get_user_model()
    try:
        user_pk, fragment = signing.loads(token, salt=_SALT)
        user = User.objects.get(pk=user_pk, is_active=True)
    except (signing.BadSignature, ValueError, TypeError, User.DoesNotExist):
        return None
    return user if user.password[-12:] == fragment else None
