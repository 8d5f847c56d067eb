"""An import killed with SIGKILL in the middle of its transaction leaves neither rows nor files.
The import runs in another process on the same database (PostgreSQL: the test's rows are
committed and seen by it; an in-memory SQLite test database is not shared between processes)."""
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from concorde.conventions.models import Action, Convention, Document
from concorde.deliberations.models import Deliberation

pytestmark = pytest.mark.django_db(transaction=True)

# The importing process: its load is held inside the transaction (after the document's row is
# written) until the test kills it.
IMPORTER = r"""
import os, sys, time, pathlib
import django
django.setup()
from concorde.ingest import loader
from concorde.territories.models import Organisation

real = loader._load_structure

def held(*args, **kwargs):
    nodes = real(*args, **kwargs)
    pathlib.Path(sys.argv[2]).write_text("dans la transaction")
    time.sleep(120)
    return nodes

loader._load_structure = held
loader.import_document(pathlib.Path(sys.argv[1]).read_bytes(), "tuee.md", user=None,
                       organisation=Organisation.objects.get(name="Ville de Paris"), max_bytes=10**7)
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two processes on one test database (CI sets DATABASE_URL)")
def test_an_import_killed_in_its_transaction_leaves_no_row_and_no_file(paris, demo_text, tmp_path, settings):
    source, ready, var = tmp_path / "tuee.md", tmp_path / "pret", tmp_path / "var"
    source.write_bytes(demo_text)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "concorde.settings", "CONCORDE_VAR_DIR": str(var)}
    importer = subprocess.Popen([sys.executable, "-c", IMPORTER, str(source), str(ready)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(600):
            if ready.exists() or importer.poll() is not None:
                break
            time.sleep(0.1)
        assert ready.exists(), importer.stderr.read().decode()[-2000:] if importer.poll() is not None else "pas prêt"
        os.kill(importer.pid, signal.SIGKILL)
        importer.wait(timeout=30)
    finally:
        if importer.poll() is None:
            importer.kill()
    assert importer.returncode == -signal.SIGKILL
    assert (Convention.objects.count(), Document.objects.count(), Action.objects.count(), Deliberation.objects.count()) == (0, 0, 0, 0)
    media = var / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
