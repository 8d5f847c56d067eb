"""Who sent a request, behind the reverse proxies (for the API quotas and the sign-in throttle)."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The address of whoever sent the request. Behind CONCORDE_PROXIES reverse proxies, each
    of which appends the address it received from to X-Forwarded-For, it is the one the
    outermost of ours wrote; what the client wrote itself, further left, is ignored (it could
    be anything). Without proxies, REMOTE_ADDR."""
    address = request.META.get("REMOTE_ADDR") or None
    proxies = settings.CONCORDE_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        candidate = hops[-min(proxies, len(hops))]
        try:
            address = str(ipaddress.ip_address(candidate))
        except ValueError:
            pass  # not an address: keep the proxy's own
    return address
