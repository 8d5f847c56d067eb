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
    url = reverse("dashboard:track", args=[convention.pk, action.pk])
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

    threads = [
        threading.Thread(target=save, args=("paris_pilot", "in_progress")),
        threading.Thread(target=save, args=("montclair_pilot", "blocked")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == [302, 409]
    action.refresh_from_db()
    winner = "in_progress" if results["paris_pilot"] == 302 else "blocked"
    assert action.status == winner and action.lock_version == version + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two transactions at once (CI sets DATABASE_URL)")
def test_two_imports_naming_the_same_new_partner_at_once_make_one_organisation(db):
    """Two workers load documents that name a partner the instance does not know yet: the second
    waits for the first to commit, then finds its organisation instead of making a second one."""
    from django.db import transaction

    from concorde.ingest.loader import organisation_matched
    from concorde.territories.models import Organisation

    first_holds, second_started = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                organisation_matched("Commune de Valbourg-sur-Orne", "commune")
                first_holds.set()
                second_started.wait(10)
                threading.Event().wait(0.5)  # the second is now looking for the partner
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def second():
        try:
            first_holds.wait(10)
            second_started.set()
            with transaction.atomic():
                organisation_matched("Commune de Valbourg-sur-Orne", "commune")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert Organisation.objects.filter(name="Commune de Valbourg-sur-Orne").count() == 1
