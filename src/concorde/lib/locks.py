"""Locks held until the transaction ends, for what two workers may do at once."""

from django.db import connection


def hold_until_commit(name: str) -> None:
    """Wait for, then hold, the lock of this name until the current transaction commits or rolls
    back. PostgreSQL: an advisory transaction lock. SQLite lets one transaction write at a time,
    so there is nothing more to hold."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
