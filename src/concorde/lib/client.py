"""Content security policy: scripts, styles, images and forms from this site only. The one inline
<style> (the collectivité's colours) carries a per-request nonce; style attributes (progress bars)
stay allowed, they cannot run code."""
from __future__ import annotations

import ipaddress
import secrets

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


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        extra = settings.CONCORDE_CSP_EXTRA
        response.setdefault("Content-Security-Policy", "; ".join([
            "default-src 'self'" + (f" {extra}" if extra else ""),
            "script-src 'self'",
            f"style-src 'self' 'nonce-{request.csp_nonce}'",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]))
        return response
