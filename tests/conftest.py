import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CONCORDE_OPENDATA_DIR = tmp_path / "opendata"
    # accounts made by the tests need no costly hashing
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """The shared cache is a table of the database: a test's transaction rolls it back, but the
    tests that commit (browser, live server) start from an empty one, and every test from an
    empty memory cache (ids may be reused from one test to the next)."""
    from django.core.cache import caches

    caches["local"].clear()
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames or any(
            m.kwargs.get("transaction") for m in request.node.iter_markers("django_db")):
        from django.core.cache import cache

        request.getfixturevalue("transactional_db")
        cache.clear()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (corpus et annotations de référence) absent")
    return SHARED


@pytest.fixture
def corpus(shared) -> dict[str, Path]:
    return {p.name[:3]: p for p in sorted((shared / "corpus").glob("*.txt"))}


@pytest.fixture(scope="session")
def scorer(shared):
    sys.path.insert(0, str(shared / "tools"))
    import score_extraction

    return score_extraction


@pytest.fixture
def make_member(db, django_user_model):
    from concorde.ingest.loader import organisation_for
    from concorde.territories.models import Membership

    def make(username: str, org_name: str, role: str = "coordination", kind: str = "commune"):
        org = organisation_for(org_name, kind)
        user = django_user_model.objects.create_user(username=username, password="motdepasse-test")
        Membership.objects.create(user=user, organisation=org, role=role)
        return user, org

    return make


@pytest.fixture
def paris(make_member):
    return make_member("paris.coord", "Ville de Paris", "coordination", "ville")


@pytest.fixture
def demo_text() -> bytes:
    return (ROOT / "src" / "concorde" / "demo" / "convention-demo.md").read_bytes()


# --- A validated convention with people of both parties, for the dashboard tests ------
MAX = 20 * 1024 * 1024
PARIS, MONTCLAIR = "Ville de Paris", "Commune de Montclair-sur-Marne"


@pytest.fixture
def people(django_user_model, db):
    from concorde.ingest.loader import organisation_for
    from concorde.territories.models import Membership

    def member(username, org, role, service=""):
        user = django_user_model.objects.create_user(username=username, password="motdepasse-test")
        organisation = organisation_for(org, None)
        Membership.objects.create(user=user, organisation=organisation, role=role,
                                  service=service_named(organisation, service) if service else None)
        return user

    return {
        "paris_coord": member("paris_coord", PARIS, "coordination"),
        "paris_pilot": member("paris_pilot", PARIS, "pilot", "DPE"),
        "paris_reader": member("paris_reader", PARIS, "reader"),
        "montclair_coord": member("montclair_coord", MONTCLAIR, "coordination"),
        "montclair_pilot": member("montclair_pilot", MONTCLAIR, "pilot", "DST"),
        "outsider": member("outsider", "Commune de Nulle-Part", "coordination"),
        "admin": django_user_model.objects.create_superuser("admin", "a@example.org", "motdepasse-test"),
    }


def service_named(organisation, name: str, parent=None):
    """The organisation's service of that name (its acronym when the name is one), made once."""
    from concorde.territories.models import Service, service_key

    found = Service.objects.filter(organisation=organisation, name_key=service_key(name)).first()
    return found or Service.objects.create(organisation=organisation, name=name, parent=parent,
                                           acronym=name if name.isupper() and len(name) <= 10 else "")


@pytest.fixture
def convention(people, demo_text):
    """The demo document validated by Paris, and accepted by Montclair's coordination."""
    from concorde.conventions import consent, services
    from concorde.ingest.loader import organisation_for

    c = import_committed(demo_text, "demo.md", user=people["paris_coord"], organisation=organisation_for(PARIS, None),
                         max_bytes=MAX).convention
    services.validate(c, people["paris_coord"])
    consent.accept(c.parties.get(organisation__name=MONTCLAIR), people["montclair_coord"])
    return c


def import_committed(*args, **kwargs):
    """import_document as it is once committed (a test's transaction never commits): its file written."""
    from django.test import TestCase

    from concorde.ingest.loader import import_document

    with TestCase.captureOnCommitCallbacks(execute=True):
        return import_document(*args, **kwargs)


def run_worker():
    """What `concorde db_worker` does for the tasks waiting, then returns. (A worker closes its
    database connections between tasks when they are in a transaction; a test's connection is, all
    along, so here it is kept.)"""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def act(convention, number):
    return convention.actions.get(number=number)


def party(convention, label):
    return convention.parties.get(label=label)




@pytest.fixture
def paris_draft(people, corpus):
    """A draft imported from a corpus document, for pages that show a review."""
    from concorde.ingest.loader import organisation_for

    return import_committed(corpus["002"].read_bytes(), "002.txt", user=people["paris_coord"],
                            organisation=organisation_for(PARIS, None), max_bytes=MAX).convention
