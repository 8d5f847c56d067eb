"""API quotas: so many requests a minute per client, counted in the database so that every
server process counts the same client together. A member (token or session) is counted as a
person, whatever their address; anyone else by address (concorde.lib.client.client_address)."""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db import connection
from ninja.throttling import BaseThrottle

from concorde.lib.client import client_address

from .models import ApiQuota

WINDOW = 60  # seconds: quotas are per minute, counted in fixed windows
clock = time.time  # the tests move it


def count(client: str, minute: int) -> int:
    """This request counted: the client's requests in this minute, itself included. One
    statement, atomic: two requests at the same instant are both counted (PostgreSQL and
    SQLite alike)."""
    table = connection.ops.quote_name(ApiQuota._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client, minute, used) VALUES (%s, %s, 1) "
            f"ON CONFLICT (client, minute) DO UPDATE SET used = {table}.used + 1 RETURNING used",
            [client, minute],
        )
        used = cursor.fetchone()[0]
    if used == 1:  # this client's first request of the minute: the minutes before are over
        ApiQuota.objects.filter(minute__lt=minute - 1).delete()
    return used


class Quota(BaseThrottle):
    def __init__(self):
        self._wait = threading.local()  # ninja asks wait() right after allow_request()

    def allow_request(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            client, limit = f"person:{user.pk}", settings.CONCORDE_API_QUOTA_MEMBER
        else:
            client, limit = f"address:{client_address(request)}", settings.CONCORDE_API_QUOTA_PUBLIC
        now = clock()
        minute = int(now // WINDOW)
        self._wait.seconds = (minute + 1) * WINDOW - now
        return count(client, minute) <= limit

    def wait(self) -> float | None:
        return getattr(self._wait, "seconds", None)
