"""Content security policy: scripts, styles, images and forms from this site only. The one inline
<style> (the collectivité's colours) carries a per-request nonce; style attributes (progress bars)
stay allowed, they cannot run code."""
from __future__ import annotations

import secrets

from django.conf import settings


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
