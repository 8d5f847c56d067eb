"""The reference territories as the parser reads them: every commune, EPCI, EPT, département and
région by its official name and the usual forms a document writes it in (« Ville de Lannion »,
« COMMUNE DE TRONGET », « Conseil départemental de la Seine-Saint-Denis », « Région
Île-de-France », « Communauté d'agglomération du Niortais », « EPT Paris Terres d'Envol »).

Built once per process from the territories the project loads (the database, or the files of the
npm package @etalab/decoupage-administratif), and given to the parser: it is reference data,
never changed by a document, so sharing it between documents and workers is safe."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from concorde.lib.text import fold

# INSEE's « type de nom en clair »: how a name takes its article after « de ».
_LINKS = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "des ", 7: "de las ", 8: "de los "}
# Type words that introduce a collectivité's name (folded), and the kind they announce.
TYPE_WORDS = (
    (r"ville|commune|mairie|municipalite", "commune"),
    (r"departement|conseil departemental|conseil general", "departement"),
    (r"region|conseil regional", "region"),
    (r"etablissement public territorial|ept", "ept"),
    (r"communaute d'agglomeration|communaute de communes|communaute urbaine|metropole|ca|cc|cu", "epci"),
)
_PREPOSITION = r"(?:\s+(?:de la|de l'|du|des|de|d')\s*|\s+)"
_EPCI_PREFIX = re.compile(
    r"^(?:CA|CC|CU|Métropole|Metropole|Communauté (?:d'agglomération|de communes|urbaine))\s+(?:de la |de l'|du |des |de |d')?",
    re.I,
)
_EPCI_WORDS = {"CA": "Communauté d'agglomération", "CC": "Communauté de communes", "CU": "Communauté urbaine"}


@dataclass(frozen=True)
class Place:
    kind: str  # commune, epci, ept, departement, region
    name: str  # official name: « Seine-Saint-Denis », « CA du Niortais »
    code: str  # INSEE code (commune, département, région) or SIREN (EPCI, EPT)
    link: int | None = None  # INSEE « type de nom en clair » (départements, régions, communes)
    population: int = 0

    @property
    def party_kind(self) -> str:
        """The kind of the extraction contract (ville, commune, departement, ept, region, other)."""
        if self.kind == "commune":
            return "ville" if self.code == "75056" else "commune"
        return {"departement": "departement", "region": "region", "ept": "ept"}.get(self.kind, "other")

    def display(self) -> str:
        """The name a document would give the collectivité as a party."""
        if self.kind == "commune":
            return ("Ville de " if self.code == "75056" else "Commune " + _LINKS.get(self.link or 0, "de ")) + self.name
        if self.kind == "departement":
            return "Département " + _LINKS.get(self.link if self.link is not None else 0, "de ") + self.name
        if self.kind == "region":
            return "Région " + self.name
        if self.kind == "ept":
            return "Établissement public territorial " + self.name
        m = re.match(r"^(CA|CC|CU)\s+(.*)$", self.name)
        return f"{_EPCI_WORDS[m.group(1)]} {m.group(2)}" if m else self.name


def key(name: str) -> str:
    """A name's comparison key: folded, hyphens and apostrophes as spaces, « Saint » spelt out."""
    k = fold(name).replace("-", " ").replace("'", " ")
    k = re.sub(r"\bst(e?)\b", r"saint\1", k)
    return " ".join(k.split())


class Gazetteer:
    def __init__(self, places):
        self.by_kind: dict[str, dict[str, list[Place]]] = {}
        self.by_code: dict[tuple[str, str], Place] = {}
        for place in places:
            for name in self._forms(place):
                self.by_kind.setdefault(place.kind, {}).setdefault(key(name), []).append(place)
            self.by_code[(place.kind, place.code)] = place
        for names in self.by_kind.values():  # the most populous first: « Saint-Denis » is the one in 93
            for found in names.values():
                found.sort(key=lambda p: -p.population)
        # Names a document writes with no type word before them: the EPT's (« Plaine Commune »,
        # « Paris Terres d'Envol »), each long enough not to be a common phrase.
        self.bare = {key(p.name): p for p in places_of(self.by_kind.get("ept", {})) if len(p.name.split()) >= 2}
        # each bare name as a pattern over folded text (numbers.fold_keep), and the words that open them
        self.bare_patterns = [
            (re.compile(r"\b" + r"[\s'’-]+".join(map(re.escape, k.split())) + r"\b"), p) for k, p in self.bare.items()
        ]
        self.bare_first_words = {k.split()[0] for k in self.bare}

    @staticmethod
    def _forms(place: Place) -> list[str]:
        forms = [place.name]
        if place.kind == "epci":
            stripped = _EPCI_PREFIX.sub("", place.name)
            if stripped != place.name:
                forms.append(stripped)
        return forms

    def find(self, name: str, kind: str | None = None) -> Place | None:
        """The place a name designates, of that kind when given."""
        k = key(name)
        kinds = [kind] if kind else ["commune", "epci", "ept", "departement", "region"]
        for kd in kinds:
            found = self.by_kind.get(kd, {}).get(k)
            if found:
                return found[0]
        return None

    def department(self, code: str) -> Place | None:
        return self.by_code.get(("departement", code.lstrip("0").zfill(2) if len(code) <= 3 else code))

    def named_after(self, words: str, kind: str) -> tuple[Place, int] | None:
        """The place of that kind whose name the words begin with (the longest), and how many
        characters of `words` it took."""
        tokens = list(re.finditer(r"[^\s,;:.()«»\"]+", words))
        for n in range(min(8, len(tokens)), 0, -1):
            end = tokens[n - 1].end()
            place = self.find(words[:end], kind)
            if place:
                return place, end
        return None

    @classmethod
    def from_decoupage(cls, directory: Path) -> Gazetteer | None:
        """From the JSON files of @etalab/decoupage-administratif (its data/ folder)."""
        if not (directory / "communes.json").is_file():
            return None

        def read(name):
            return json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))

        places = [
            Place("commune", c["nom"], c["code"], c.get("typeLiaison"), c.get("population") or 0)
            for c in read("communes")
            if c.get("type") == "commune-actuelle"
        ]
        places += [Place("departement", d["nom"], d["code"], d.get("typeLiaison")) for d in read("departements")]
        places += [Place("region", r["nom"], r["code"], r.get("typeLiaison")) for r in read("regions")]
        places += [Place("epci", e["nom"], e["code"], None, e.get("populationTotale") or 0) for e in read("epci")]
        places += [Place("ept", e["nom"], e["code"], None, e.get("populationTotale") or 0) for e in read("ept")]
        return cls(places)


def places_of(names: dict[str, list[Place]]):
    seen = set()
    for found in names.values():
        for place in found:
            if place.code not in seen:
                seen.add(place.code)
                yield place
