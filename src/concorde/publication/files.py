"""Open-data files: each dataset written once per state of what is published, to a file that
every download of that state then reads from disk. On a large instance the actions file holds
hundreds of thousands of rows; building it at each download cost its whole size in memory and
seconds of database work per request.

The state is the list of published conventions with their budget choice and their data version
(moved by every tracking write and every publication choice), so that a convention withdrawn or
a budget hidden is never served from an older file; the files are also rebuilt every ten
minutes, for what does not move a data version (a title, an organisation, a deliberation)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from . import opendata
from .services import published

REFRESH = 600  # seconds: the longest an edit outside tracking waits to reach the files
clock = time.time  # the tests move it


def state() -> str:
    digest = hashlib.sha256(b"%d;" % int(clock() // REFRESH))
    rows = published().order_by("pk").values_list("pk", "public_budgets", "data_version")
    for pk, budgets, version in rows.iterator(chunk_size=5000):
        digest.update(b"%d:%d:%d;" % (pk, budgets, version))
    return digest.hexdigest()[:24]


def open_dataset(name: str, fmt: str) -> BinaryIO:
    """The dataset's file for the current state, open for reading (written first if need be)."""
    directory = Path(settings.CONCORDE_OPENDATA_DIR)
    path = directory / f"{name}-{state()}.{fmt}"
    try:
        return open(path, "rb")
    except FileNotFoundError:
        pass
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f".{name}.{fmt}.lock", "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process writes; the others wait, then read its file
        try:
            return open(path, "rb")
        except FileNotFoundError:
            pass
        # written aside then renamed: a reader never sees half a file
        with tempfile.NamedTemporaryFile(dir=directory, prefix=f".{name}-", suffix=".tmp", delete=False) as out:
            try:
                write = opendata.write_csv if fmt == "csv" else opendata.write_json
                write(name, opendata.DATASETS[name].rows(), out)
            except BaseException:
                os.unlink(out.name)  # no half-written file left behind
                raise
        os.replace(out.name, path)
    handle = open(path, "rb")  # open before removing the older files: a reader may be on its way to one
    for older in directory.glob(f"{name}-*.{fmt}"):
        if older != path:
            older.unlink(missing_ok=True)
    return handle
