"""An import killed with SIGKILL in the middle of its transaction leaves neither rows nor files.
The import runs in another process on the test's database: on PostgreSQL the test database
itself (the test's rows are committed and seen by it); on SQLite, whose test database lives in
the test's memory, a copy of it in a file, opened by both."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable

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


def _database_for_the_importer(tmp_path) -> tuple[str, Callable[[type], int]]:
    """The DATABASE_URL the importing process uses, and how to count a model's rows there."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        return url, lambda model: model.objects.count()
    path = tmp_path / "base.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)

    def count(model) -> int:
        with sqlite3.connect(path) as base:  # a journal left by the killed process is rolled back here
            return base.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"').fetchone()[0]

    return f"sqlite:///{path}", count


def test_an_import_killed_in_its_transaction_leaves_no_row_and_no_file(paris, demo_text, tmp_path, settings):
    source, ready, var = tmp_path / "tuee.md", tmp_path / "pret", tmp_path / "var"
    source.write_bytes(demo_text)
    url, count = _database_for_the_importer(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "concorde.settings",
        "CONCORDE_VAR_DIR": str(var),
    }
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(source), str(ready)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
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
    assert [count(model) for model in (Convention, Document, Action, Deliberation)] == [0, 0, 0, 0]
    media = var / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
