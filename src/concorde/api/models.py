"""Tokens for machine clients (only a hash is kept; the token is shown once, at creation), and
the count of each client's requests in the current minute (quota.py)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "cnc_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("nom du jeton", max_length=100, help_text="À quoi il sert, pour le reconnaître.")
    hint = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:
        """A new token; the clear value is returned once and never stored."""
        token = PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, hint=token[:8], key_hash=digest(token)), token

    @classmethod
    def user_for(cls, token: str):
        """The active user a token stands for, or None; notes its use (at most once a minute)."""
        found = cls.objects.select_related("user").filter(key_hash=digest(token), revoked_at__isnull=True).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class ApiQuota(models.Model):
    """Requests of one client (a person, or an address) in one minute. Rows of past minutes are
    deleted as new minutes begin: the table holds about one row per active client."""

    client = models.CharField(max_length=64)
    minute = models.BigIntegerField()
    used = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "quota d'appels à l'API"
        verbose_name_plural = "quotas d'appels à l'API"
        constraints = [models.UniqueConstraint(fields=["client", "minute"], name="api_quota_client_minute")]
        indexes = [models.Index(fields=["minute"])]
