"""Where the reference territories' files are: the npm package @etalab/decoupage-administratif,
read by the parser's gazetteer and loaded into the database by the territories app."""

from __future__ import annotations

import os
from pathlib import Path


def package_data_dir() -> Path:
    """The files of @etalab/decoupage-administratif where bin/setup's npm install puts them (or
    where CONCORDE_TERRITORIES_DIR says)."""
    return Path(
        os.environ.get("CONCORDE_TERRITORIES_DIR")
        or Path(__file__).resolve().parents[3] / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
    )
