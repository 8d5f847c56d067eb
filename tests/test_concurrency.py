"""Two people save the same action at the same moment: one wins, the other is refused with
the winner's change. Real parallel sessions need PostgreSQL's row locks."""
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from .conftest import act, client_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL (CI sets DATABASE_URL)")
def test_two_simultaneous_saves_one_wins_one_is_refused(people, convention):
    action = act(convention, "n°1")
    url = reverse("track", args=[convention.pk, action.pk])
    version = action.lock_version
    barrier = threading.Barrier(2)
    results = {}

    def save(who, status):
        try:
            client = client_for(people[who])
            barrier.wait()
            results[who] = client.post(url, {"status": status, "progress": "20", "lock_version": version}).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=("paris_pilot", "in_progress")),
               threading.Thread(target=save, args=("montclair_pilot", "blocked"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == [302, 409]
    action.refresh_from_db()
    winner = "in_progress" if results["paris_pilot"] == 302 else "blocked"
    assert action.status == winner and action.lock_version == version + 1
