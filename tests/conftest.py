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


@pytest.fixture(autouse=True, scope="session")
def _sessions_in_memory():
    """Sessions cached in this process's memory, not in the files of var/sessions: nothing of a
    test run is left in the checkout, and each test starts from none (see _fresh_cache)."""
    from django.conf import settings
    from django.test.utils import override_settings

    caches = {
        **settings.CACHES,
        "sessions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sessions"},
    }
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache(request, _sessions_in_memory):
    """The shared cache is a table of the database: a test's transaction rolls it back, but the
    tests that commit (browser, live server) start from an empty one, and every test from an
    empty memory cache (ids may be reused from one test to the next)."""
    from django.core.cache import caches

    caches["local"].clear()
    caches["sessions"].clear()
    if (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or any(m.kwargs.get("transaction") for m in request.node.iter_markers("django_db"))
    ):
        from django.core.cache import cache

        request.getfixturevalue("transactional_db")
        cache.clear()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():  # CI always has it: its absence is a broken checkout, not a skip
        pytest.fail(
            f"{SHARED} (corpus et annotations de référence) absent : le dépôt ../shared est requis par ces tests",
            pytrace=False,
        )
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
    from tests import factories

    def make(username: str, org_name: str, role: str = "coordination", kind: str = "commune"):
        user = factories.member(username, org_name, role, kind=kind)
        return user, factories.organisation(org_name)

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
def people(db):
    """Both parties' coordinations and pilots, a reader of Paris, a third organisation and an administrator."""
    from tests import factories

    return factories.people()


def service_named(organisation, name: str, parent=None):
    """The organisation's service of that name (its acronym when the name is one), made once."""
    from tests import factories

    return factories.service(organisation, name, parent)


@pytest.fixture
def convention(people):
    """The demo convention, built with the ORM (tests.factories), validated by Paris and accepted by
    Montclair's coordination: the plan the importer reads in the demo document, without running it."""
    from tests import factories

    return factories.demo_convention(people)


@pytest.fixture
def imported_convention(people, demo_text):
    """The demo document imported, validated by Paris, and accepted by Montclair's coordination: for
    the tests of what the import itself gives."""
    from concorde.conventions import consent, services
    from concorde.ingest.loader import organisation_for

    c = import_committed(
        demo_text, "demo.md", user=people["paris_coord"], organisation=organisation_for(PARIS, None), max_bytes=MAX
    ).convention
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
def paris_draft(people):
    """A draft Paris imported with the Département de la Seine-Saint-Denis, for pages that show a
    review (with points to check) and for « another convention » (built with tests.factories)."""
    from tests import factories

    return factories.draft(
        factories.small_plan("Convention de coopération 2018-2020", "Département de la Seine-Saint-Denis"),
        by=people["paris_coord"],
        filename="002.txt",
    )
