"""The reference territories: loading them from @etalab/decoupage-administratif, and matching
the name a convention gives a party (« Ville d'Ivry-sur-Seine », « Département de la
Seine-Saint-Denis », « EPT Grand-Orly Seine Bièvre ») to one of them."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from concorde.lib.territory_files import package_data_dir

from .models import Organisation, Territory, name_key

# The name's prefix says which kind of authority it is.
_PREFIXES = [
    (r"(?:ville|commune|mairie)", [Territory.Kind.COMMUNE]),
    (r"(?:conseil departemental|departement)", [Territory.Kind.DEPARTEMENT]),
    (r"(?:conseil regional|region)", [Territory.Kind.REGION]),
    (r"(?:etablissement public territorial|ept)", [Territory.Kind.EPT]),
    (
        r"(?:communaute urbaine|communaute d'agglomeration|communaute de communes|metropole|ca|cc)",
        [Territory.Kind.EPCI],
    ),
]
_ARTICLE = r"(?:\s+(?:de la|de l'|du|des|de|d')\s*|\s+)"
# The kinds a party's kind (as the parser names it) may be.
_KINDS_OF_PARTY = {
    "ville": [Territory.Kind.COMMUNE],
    "commune": [Territory.Kind.COMMUNE],
    "departement": [Territory.Kind.DEPARTEMENT],
    "region": [Territory.Kind.REGION],
    "ept": [Territory.Kind.EPT],
    "epci": [Territory.Kind.EPCI],
}
_ORGANISATION_KIND = {
    Territory.Kind.COMMUNE: Organisation.Kind.COMMUNE,
    Territory.Kind.EPCI: Organisation.Kind.EPCI,
    Territory.Kind.EPT: Organisation.Kind.EPT,
    Territory.Kind.DEPARTEMENT: Organisation.Kind.DEPARTEMENT,
    Territory.Kind.REGION: Organisation.Kind.REGION,
}


def data_dir() -> Path:
    return Path(getattr(settings, "CONCORDE_TERRITORIES_DIR", "") or package_data_dir())


def _rows(directory: Path):
    def read(name):
        return json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))

    epci_of, ept_of = {}, {}
    for group, kind, index in ((read("epci"), Territory.Kind.EPCI, epci_of), (read("ept"), Territory.Kind.EPT, ept_of)):
        for g in group:
            for member in g.get("membres") or []:
                index[member["code"]] = g["code"]
            yield Territory(
                kind=kind, code=g["code"], name=g["nom"], siren=g["code"], population=g.get("populationTotale")
            )
    for d in read("departements"):
        yield Territory(
            kind=Territory.Kind.DEPARTEMENT,
            code=d["code"],
            name=d["nom"],
            departement=d["code"],
            link=d.get("typeLiaison"),
        )
    for r in read("regions"):
        yield Territory(kind=Territory.Kind.REGION, code=r["code"], name=r["nom"], link=r.get("typeLiaison"))
    for c in read("communes"):
        if c.get("type") != "commune-actuelle":
            continue
        yield Territory(
            kind=Territory.Kind.COMMUNE,
            code=c["code"],
            name=c["nom"],
            siren=c.get("siren") or "",
            departement=c.get("departement") or "",
            epci=epci_of.get(c["code"], ""),
            ept=ept_of.get(c["code"], ""),
            population=c.get("population"),
            link=c.get("typeLiaison"),
        )


@transaction.atomic
def load(directory: Path | None = None) -> dict[str, int]:
    """Replace the reference list with the package's; returns the count per kind. Reference
    data only: organisations keep their own fields, nothing points at these rows."""
    directory = directory or data_dir()
    if not (directory / "communes.json").is_file():
        raise FileNotFoundError(
            f"Référentiel des collectivités introuvable dans {directory} "
            "(installer le paquet npm @etalab/decoupage-administratif : bin/setup)."
        )
    rows = list(_rows(directory))
    for t in rows:
        t.name_key = name_key(t.name)
    Territory.objects.all().delete()
    Territory.objects.bulk_create(rows, batch_size=2000)
    counts: dict[str, int] = {}
    for t in rows:
        counts[t.kind] = counts.get(t.kind, 0) + 1
    return counts


@dataclass
class Match:
    territory: Territory | None
    sure: bool
    candidates: list[Territory] = field(default_factory=list)

    def doubt(self, name: str) -> str | None:
        """The warning for the reviewer, None when the match is sure."""
        if self.sure:
            return None
        if self.territory is None:
            return (
                f"Partie « {name} » : aucune collectivité du référentiel national ne porte ce nom (SIREN à renseigner)."
            )
        others = ", ".join(str(t) for t in self.candidates if t != self.territory)[:300]
        return (
            f"Partie « {name} » rapprochée de {self.territory} (SIREN {self.territory.siren or '—'}) : "
            f"rapprochement incertain{' ; autres possibilités : ' + others if others else ''}."
        )


def _strip(key: str) -> tuple[str, list[str] | None]:
    for prefix, kinds in _PREFIXES:
        m = re.match(prefix + _ARTICLE, key)
        if m and len(key) > m.end():
            return key[m.end() :].strip(), kinds
    return key, None


def match(name: str, party_kind: str | None = None) -> Match:
    """The reference territory a party's name designates. Sure when exactly one territory of
    the expected kind has that name; otherwise the likeliest, with the doubt stated."""
    key = name_key(name).replace("’", "'")
    stripped, kinds = _strip(key)
    kinds = kinds or _KINDS_OF_PARTY.get(party_kind or "")
    found = list(Territory.objects.filter(name_key__in={stripped, key}))
    typed = [t for t in found if not kinds or t.kind in kinds]
    if len(typed) == 1:
        return Match(typed[0], True, typed)
    if typed:  # homonyms: the most populous, never silently
        typed.sort(key=lambda t: -(t.population or 0))
        return Match(typed[0], False, typed)
    if found:
        return Match(found[0], False, found)
    pool = Territory.objects.filter(kind__in=kinds) if kinds else Territory.objects.exclude(kind=Territory.Kind.COMMUNE)
    names = dict(pool.values_list("name_key", "id"))
    close = difflib.get_close_matches(stripped, list(names), n=3, cutoff=0.85)
    if close:
        candidates = list(Territory.objects.filter(id__in=[names[c] for c in close]))
        candidates.sort(key=lambda t: close.index(t.name_key))
        return Match(candidates[0], False, candidates)
    return Match(None, False)


def is_loaded() -> bool:
    return Territory.objects.exists()


def apply(organisation: Organisation, territory: Territory) -> None:
    """Give a new organisation the reference's identifiers (never overwrite what a person set)."""
    organisation.siren = organisation.siren or territory.siren
    organisation.insee_code = organisation.insee_code or territory.insee_code
    if organisation.kind in ("", Organisation.Kind.OTHER):
        organisation.kind = _ORGANISATION_KIND[territory.kind]
