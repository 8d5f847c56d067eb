"""API quotas: so many requests a minute per client, counted in the shared cache so that every
server process counts the same client together. A member (token or session) is counted as a
person, whatever their address; anyone else by address (concorde.security.client_address)."""
from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from concorde.security import client_address

WINDOW = 60  # seconds: quotas are per minute, counted in fixed windows
clock = time.time  # the tests move it


class Quota(BaseThrottle):
    def __init__(self):
        self._last = threading.local()  # ninja asks wait() right after allow_request()

    def allow_request(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            who, limit = f"person:{user.pk}", settings.CONCORDE_API_QUOTA_MEMBER
        else:
            who, limit = f"address:{client_address(request)}", settings.CONCORDE_API_QUOTA_PUBLIC
        now = clock()
        window = int(now // WINDOW)
        key = f"api-quota:{who}:{window}"
        # get then set, each with the window's own timeout (cache.incr would keep the count for
        # the cache's default two days); two requests at the same instant may count as one
        used = (cache.get(key) or 0) + 1
        cache.set(key, used, timeout=WINDOW * 2)
        self._last.wait = (window + 1) * WINDOW - now
        return used <= limit

    def wait(self) -> float | None:
        return getattr(self._last, "wait", None)
