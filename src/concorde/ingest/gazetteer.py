"""The reference territories handed to the parser: from the database once `concorde territories`
has loaded them, else from the npm package's files (a fresh checkout, `concorde extract`)."""

from __future__ import annotations

from django.db import DatabaseError

from concorde.territories import reference
from concorde.territories.models import Territory

from .parser.gazetteer import Gazetteer, Place

_READ: dict = {}  # reference data, read once per process and per state of the table (never a document's)


def reference_gazetteer() -> Gazetteer | None:
    try:  # the newest key names the table's state: a reload (`concorde territories`) writes new keys
        state = Territory.objects.order_by("-pk").values_list("pk", flat=True).first()
    except DatabaseError:  # no database yet (`concorde extract` on a fresh checkout): the package's files
        state = None
    if "state" not in _READ or _READ["state"] != state:
        if state is not None:
            rows = Territory.objects.values_list("kind", "name", "code", "link", "population").iterator(chunk_size=5000)
            found = Gazetteer(
                [Place(kind, name, code, link, population or 0) for kind, name, code, link, population in rows]
            )
        else:
            found = Gazetteer.from_decoupage(reference.data_dir())
        _READ.update(state=state, gazetteer=found)
    return _READ["gazetteer"]


def files_gazetteer() -> Gazetteer | None:
    """From the npm package's files alone (`concorde extract`: no database to open for a parse)."""
    if "files" not in _READ:
        _READ["files"] = Gazetteer.from_decoupage(reference.data_dir())
    return _READ["files"]
