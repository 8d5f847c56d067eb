"""What every request reads before its view runs: its session and its signed-in user, each in
one query written out. Building these queries through the ORM cost more than running them
(about 0.5 ms a request together, a tenth of a cached dashboard); the rules are Django's own.

SESSION_ENGINE = "concorde.territories.sessions"; the authentication backends take
OneQueryUser first."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends import db
from django.core.exceptions import ValidationError
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        found = next(iter(model.objects.raw(
            f"SELECT * FROM {model._meta.db_table} WHERE session_key = %s AND expire_date > %s",
            [self.session_key, timezone.now()])), None)
        if found is None:
            self._session_key = None
        return found


class OneQueryUser:
    """get_user for an authentication backend: the user by primary key, if still active."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = next(iter(model._default_manager.raw(
            f"SELECT * FROM {model._meta.db_table} WHERE {model._meta.pk.column} = %s", [user_id])), None)
        return user if user is not None and getattr(user, "is_active", True) else None
