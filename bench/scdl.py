"""Loading a million SCDL deliberations, then searching them.

Writes (once) a CSV of 1,000,000 generated rows in the SCDL « deliberations » schema — 2,000
collectivités, objects drawn from the vocabulary of council acts, one row in 500 broken on
purpose — into var/bench-scdl/, loads it into a fresh PostgreSQL database with
`concorde deliberations import` (COPY by batches, then the search index of each batch), and
prints the time, the rows per second and the process's peak memory; goal ≤ 10 minutes on 2
cores. Then serves the project with gunicorn and has 20 clients search the public portal over
these deliberations, beside the login page of the same run; goal p95 ≤ 50 ms.

    .venv/bin/python bench/scdl.py [--rows 1000000] [--clients 20] [--seconds 20]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import dashboard as base  # noqa: E402 -- the same server and load helpers

URL = "postgres://postgres@127.0.0.1:5432/concorde_bench_scdl"
OBJECTS = (
    "Approbation de la convention de partenariat relative {}",
    "Attribution d'une subvention à l'association {}",
    "Tarifs municipaux {}",
    "Demande de subvention au titre {}",
    "Adhésion au groupement de commandes {}",
    "Modification du tableau des effectifs {}",
    "Décision modificative budgétaire {}",
    "Dénomination d'une voie {}",
    "Acquisition d'une parcelle {}",
    "Rapport annuel sur le prix et la qualité du service {}",
)
TOPICS = (
    "de la restauration scolaire",
    "des accueils de loisirs",
    "de la piscine intercommunale",
    "du service public de l'eau potable",
    "de l'assainissement collectif",
    "de la médiathèque",
    "des transports scolaires",
    "de la baignade surveillée",
    "du marché de plein vent",
    "de l'éclairage public",
    "de la vidéoprotection",
    "des jardins familiaux",
    "du festival d'été",
    "de la rénovation énergétique des écoles",
    "de la voie verte",
    "du plan local d'urbanisme",
    "de la maison de santé pluriprofessionnelle",
    "de la collecte des biodéchets",
    "du conseil municipal des jeunes",
    "des sentiers de randonnée",
)
MATTERS = ("1.1", "1.4", "2.1", "3.1", "4.1", "5.7", "7.1", "7.5", "8.1", "8.8", "9.1")


def siret(n: int) -> str:
    """A SIRET whose SIREN and whole keys hold (the schema checks both)."""
    from concorde.lib.identifiers import siren_is_valid, siret_is_valid

    siren = next(f"2{n:07d}{k}" for k in "0123456789" if siren_is_valid(f"2{n:07d}{k}"))
    return next(f"{siren}0001{k}" for k in "0123456789" if siret_is_valid(f"{siren}0001{k}"))


def write_rows(path: Path, rows: int) -> None:
    from concorde.deliberations import nomenclature
    from concorde.deliberations.scdl import FIELDS

    rng = random.Random(3)
    collectivites = [(f"Commune de Banc-d'Essai-{i:04d}", siret(i)) for i in range(2000)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(FIELDS)
        for n in range(rows):
            name, number = collectivites[n % len(collectivites)]
            matter = rng.choice(MATTERS)
            day = f"20{rng.randrange(15, 27)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            voters = rng.randrange(15, 40)
            against = rng.randrange(0, 4)
            row = [
                name,
                number,
                f"D{n // len(collectivites):05d}",
                day,
                matter,
                nomenclature.matter_name(matter),
                rng.choice(OBJECTS).format(rng.choice(TOPICS)),
                "",
                "",
                "",
                "",
                voters,
                voters,
                voters - against,
                against,
                0,
                "",
            ]
            if n % 500 == 499:
                row[3] = "31/02/2024"  # broken on purpose: listed and set aside
            out.writerow(row)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--workers", type=int, default=2 * os.cpu_count() + 1)
    ap.add_argument("--port", type=int, default=8797)
    args = ap.parse_args()
    import psycopg

    with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'drop database if exists "{URL.rsplit("/", 1)[1]}"')  # a first load, every time
    # the API's quotas are the server's defence, not what is measured here
    os.environ["CONCORDE_API_QUOTA_PUBLIC"] = os.environ["CONCORDE_API_QUOTA_MEMBER"] = "10000000"
    base.ensure_database(URL)
    base.setup_django(URL)
    path = ROOT / "var" / "bench-scdl" / f"deliberations-{args.rows}.csv"
    if not path.exists():
        t0 = time.perf_counter()
        write_rows(path, args.rows)
        print(f"fichier généré : {path.stat().st_size / 1e6:.0f} Mo en {time.perf_counter() - t0:.0f} s")
    from django.core.management import call_command

    from concorde.search.models import Entry

    t0 = time.perf_counter()
    call_command("deliberations", "import", str(path), stdout=open(os.devnull, "w"))
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from concorde.deliberations.models import Deliberation

    loaded = Deliberation.objects.count()
    print(
        f"chargement : {loaded} délibérations en {seconds:.0f} s ({loaded / seconds:.0f} lignes/s), "
        f"{Entry.objects.count()} entrées d'index, mémoire max {peak:.0f} Mo — "
        + ("objectif atteint" if seconds <= 600 else "objectif NON atteint")
    )
    t0 = time.perf_counter()
    call_command("deliberations", "import", str(path), stdout=open(os.devnull, "w"))
    print(
        f"second chargement du même fichier (mises à jour) : {time.perf_counter() - t0:.0f} s, "
        f"{Deliberation.objects.count()} délibérations (aucun doublon)"
    )
    from urllib.parse import quote

    words = ["baignade", "piscine", "médiathèque", "subvention", "biodéchets", "voie verte", "tarifs écoles"]
    phases = (
        ("connexion (référence)", lambda r: "/connexion/"),
        ("portail, recherche", lambda r: f"/public/recherche/?q={quote(r.choice(words))}"),
        ("API /recherche (public)", lambda r: f"/api/v1/recherche?q={quote(r.choice(words))}"),
    )
    base.timed_phases(URL, args.port, args.workers, "", phases, args.clients, args.seconds, goal=50)
    return 0


if __name__ == "__main__":
    sys.exit(main())
