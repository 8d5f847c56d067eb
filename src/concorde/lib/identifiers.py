"""Identifiers of French public bodies and their acts: SIREN and SIRET (Luhn key), and the
@ctes transmission identifier DDD-SIREN-AAAAMMJJ-NUMERO-NATURE (pure functions)."""

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
_ID = re.compile(
    r"^(?P<dept>\d{2}[\dAB])-(?P<siren>\d{9})-(?P<date>\d{8})-(?P<number>[A-Za-z0-9_.]+)-(?P<nature>[A-Z]{2})(?P<tail>(?:-\d+)*)$"
)


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

    @property
    def prefecture_id(self) -> str:
        """The SCDL PREF_ID of the prefecture that received it: 'PREF' and the département on 3 characters."""
        return f"PREF{self.department}"


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def siren_is_valid(siren: str) -> bool:
    """Luhn checksum of a 9-digit SIREN."""
    return bool(re.fullmatch(r"\d{9}", siren or "")) and _luhn(siren)


def siret_is_valid(siret: str) -> bool:
    """A 14-digit SIRET: a valid SIREN followed by the establishment's NIC, Luhn over all 14."""
    return bool(re.fullmatch(r"\d{14}", siret or "")) and siren_is_valid(siret[:9]) and _luhn(siret)


def parse_or_none(value: str | None) -> ActesId | None:
    """The identifier decoded, or None when there is none or it does not read."""
    try:
        return parse(value) if value else None
    except ValueError:
        return None


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


def problems(
    value: str,
    *,
    siren: str = "",
    date: dt.date | None = None,
    natures: tuple[str, ...] = (),
    who: str = "",
    day: str = "l'acte",
) -> list[str]:
    """What is wrong with an @ctes identifier given for an act: it must read, name the SIREN of
    the body that transmitted it (`who`), carry the date of the act (`day` names it) and one
    of `natures`. Empty when it is right, or when there is none."""
    if not value:
        return []
    try:
        act = parse(value)
    except ValueError as exc:
        return [str(exc)]
    found = []
    if siren and act.siren != siren:
        found.append(
            f"Le SIREN de l'identifiant @ctes ({act.siren}) n'est pas celui de {who or 'la collectivité'} ({siren})"
        )
    if date and act.date != date:
        found.append(f"La date de l'identifiant @ctes ({act.date:%d/%m/%Y}) n'est pas celle de {day} ({date:%d/%m/%Y})")
    if natures and act.nature not in natures:
        expected = " ou ".join(f"{n} ({NATURES[n].lower()})" for n in natures)
        found.append(
            f"L'identifiant @ctes désigne un acte de nature {act.nature} ({act.nature_label.lower()}) : {expected} attendu"
        )
    return found
