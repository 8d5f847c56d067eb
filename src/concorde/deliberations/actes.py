"""@ctes transmission identifiers: DDD-SIREN-AAAAMMJJ-NUMERO-NATURE (pure functions)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

NATURES = {
    "DE": "Délibérations",
    "AR": "Actes réglementaires",
    "AI": "Actes individuels",
    "CC": "Contrats, conventions et avenants",
    "BF": "Documents budgétaires et financiers",
    "AU": "Autres",
}
_ID = re.compile(r"^(?P<dept>\d{3})-(?P<siren>\d{9})-(?P<date>\d{8})-(?P<number>[A-Za-z0-9_.]+)-(?P<nature>[A-Z]{2})(?P<tail>(?:-\d+)*)$")


@dataclass(frozen=True)
class ActesId:
    department: str
    siren: str
    date: dt.date
    number: str
    nature: str
    file_tail: str

    @property
    def identifier(self) -> str:
        """The act's identifier without the '-1-1' file-name tail."""
        return f"{self.department}-{self.siren}-{self.date:%Y%m%d}-{self.number}-{self.nature}"

    @property
    def nature_label(self) -> str:
        return NATURES[self.nature]


def siren_is_valid(siren: str) -> bool:
    """Luhn checksum of a 9-digit SIREN."""
    if not re.fullmatch(r"\d{9}", siren or ""):
        return False
    total = 0
    for i, ch in enumerate(reversed(siren)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def parse(value: str) -> ActesId:
    """Parse an @ctes identifier; ValueError with a French message when it is not one."""
    m = _ID.match((value or "").strip())
    if not m:
        raise ValueError(f"« {value} » n'est pas un identifiant @ctes (DDD-SIREN-AAAAMMJJ-NUMÉRO-NATURE)")
    try:
        date = dt.datetime.strptime(m["date"], "%Y%m%d").date()
    except ValueError:
        raise ValueError(f"Identifiant @ctes « {value} » : date {m['date']} invalide") from None
    if m["nature"] not in NATURES:
        raise ValueError(f"Identifiant @ctes « {value} » : nature {m['nature']} inconnue")
    if not siren_is_valid(m["siren"]):
        raise ValueError(f"Identifiant @ctes « {value} » : SIREN {m['siren']} invalide (clé de contrôle)")
    return ActesId(m["dept"], m["siren"], date, m["number"], m["nature"], m["tail"])
