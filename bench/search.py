"""Search latency on a large instance, under concurrent clients, and what the index costs a write.

On the database of bench/dashboard.py (10,000 conventions, 400,000 actions, generated once),
the actions are given French titles drawn from a vocabulary with a Zipf-like frequency (once),
the search index is built (`concorde search reindex`, timed), then the project is served with
gunicorn and 20 clients search for a fixed time each: rare words (a few hundred matches), common
words (tens of thousands: the first 1,000 found are ranked), two words together, the API — each
beside the login page of the same run. Prints p50 and p95 per mix; goal p95 <= 50 ms. Then the
cost of the index to a tracking write: the same writes timed with the index's signals on and off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concorde_bench \\
        .venv/bin/python bench/search.py [--clients 20] [--seconds 20]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import dashboard as base  # noqa: E402 -- the same generated database and server

# Words of local public action, most frequent first (a rank r is drawn with weight 1 / r).
_WORDS = (
    "aménagement accompagnement développement mobilité espace public quartier habitants jeunes école "
    "culture sport santé logement emploi formation insertion transition énergétique rénovation "
    "végétalisation jardin parc berges baignade piscine bibliothèque musée patrimoine tourisme "
    "commerce marché alimentation cantine circuits courts agriculture urbaine eau assainissement "
    "déchets recyclage compostage vélo piste cyclable stationnement transport navette tramway "
    "accessibilité handicap seniors enfance crèche périscolaire collège lycée numérique données "
    "sécurité prévention médiation tranquillité éclairage voirie propreté bruit chaleur canicule "
    "îlots fraîcheur arbres biodiversité zones humides inondations crues résilience solidarité "
    "précarité hébergement urgence migrants égalité femmes associations bénévolat participation "
    "citoyenne budget participatif concertation démocratie laïcité mémoire archives cinéma théâtre "
    "musique festival danse arts plastiques lecture publique ludothèque gymnase stade natation "
    "randonnée sentiers forêt agriculture maraîchage apiculture abeilles pollinisateurs friches "
    "reconversion industrielle artisanat économie sociale solidaire coopératives tiers-lieux "
    "coworking télétravail fibre illuminations marchés nocturnes guinguettes péniches fluvial "
    "port halte nautique kayak aviron voile plongée sauvetage surveillance secourisme défibrillateurs"
)
WORDS = _WORDS.split()


def give_french_titles() -> int:
    """The synthetic actions get titles of four to seven words of WORDS (once)."""
    from django.db import connection, transaction

    from concorde.conventions.models import Action

    if not Action.objects.filter(title__startswith="Action synthétique").exists():
        return 0
    rng = random.Random(11)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    ids = list(Action.objects.filter(title__startswith="Action synthétique").values_list("pk", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), 10_000):
            rows = [
                (" ".join(rng.choices(WORDS, weights, k=rng.randrange(4, 8))).capitalize(), pk)
                for pk in ids[start : start + 10_000]
            ]
            cursor.executemany(f"UPDATE {Action._meta.db_table} SET title = %s WHERE id = %s", rows)
    return len(ids)


def build_index() -> None:
    from concorde.conventions.models import Convention
    from concorde.search import index
    from concorde.search.models import Entry

    conventions = Convention.objects.count()
    if Entry.objects.filter(kind=Entry.Kind.CONVENTION).count() >= conventions:
        print(f"index déjà construit : {Entry.objects.count()} entrées")
        return
    start = time.perf_counter()
    count = index.reindex_all()
    seconds = time.perf_counter() - start
    print(
        f"index construit : {count} entrées en {seconds:.0f} s ({seconds / conventions * 1000:.1f} ms par convention)"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("analyze search_entry")


def write_cost(writes: int = 300) -> None:
    """The same tracking writes with the index kept in step, then without (its signals off)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    from concorde.conventions import tracking
    from concorde.conventions.models import Action
    from concorde.search import index

    user = get_user_model().objects.get(username="bench.paris")
    rng = random.Random(5)
    actions = list(Action.objects.order_by("?").values_list("pk", flat=True)[: writes * 2])

    def timed(ids) -> list[float]:
        out = []
        for pk in ids:
            version = Action.objects.filter(pk=pk).values_list("lock_version", flat=True)[0]
            t0 = time.perf_counter()
            tracking.save_tracking(pk, version, {"progress": rng.randrange(0, 101)}, user)
            out.append((time.perf_counter() - t0) * 1000)
        return out

    timed(actions[:20])  # warm-up
    with_index = timed(actions[:writes])
    post_save.disconnect(sender=Action, dispatch_uid="search._action_changed.Action")
    try:
        without = timed(actions[writes:])
    finally:
        index.connect()
    a, b = statistics.median(with_index), statistics.median(without)
    print(
        f"écriture du suivi (médiane de {writes}) : {a:.2f} ms avec l'index, {b:.2f} ms sans, "
        f"coût de l'index {a - b:+.2f} ms ({(a - b) / b * 100:+.0f} %)"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conventions", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--workers", type=int, default=2 * os.cpu_count() + 1)
    ap.add_argument("--port", type=int, default=8798)
    args = ap.parse_args()
    url = os.environ.get("DATABASE_URL") or base.DEFAULT_URL
    if not url.startswith("postgres"):
        raise SystemExit("ce banc d'essai tourne sur PostgreSQL (DATABASE_URL=postgres://…)")
    # the API's quotas are the server's defence, not what is measured here
    os.environ["CONCORDE_API_QUOTA_PUBLIC"] = os.environ["CONCORDE_API_QUOTA_MEMBER"] = "10000000"
    base.ensure_database(url)
    base.setup_django(url)
    base.generate(args.conventions)
    retitled = give_french_titles()
    if retitled:
        print(f"{retitled} actions titrées en français")
    build_index()
    from urllib.parse import quote

    from concorde.search import terms
    from concorde.search.models import Entry

    common, rare = WORDS[:8], WORDS[-60:]
    for label, words in (("courant", common[:2]), ("rare", rare[:2])):
        for word in words:
            n = Entry.objects.filter(title_terms__contains=terms.stem(word)).count()
            print(f"  mot {label} « {word} » : {n} entrées")
    cookie = base.session_cookie("bench.paris")
    phases = (
        ("connexion (référence)", lambda r: "/connexion/"),
        ("recherche, mot rare", lambda r: f"/recherche/?q={quote(r.choice(rare))}"),
        ("recherche, mot courant", lambda r: f"/recherche/?q={quote(r.choice(common))}"),
        ("recherche, deux mots", lambda r: f"/recherche/?q={quote(r.choice(WORDS[:40]) + ' ' + r.choice(rare))}"),
        ("recherche, facette", lambda r: f"/recherche/?q={quote(r.choice(common))}&nature=action&annee=2024"),
        ("API /recherche", lambda r: f"/api/v1/recherche?q={quote(r.choice(WORDS))}"),
    )
    base.timed_phases(url, args.port, args.workers, cookie, phases, args.clients, args.seconds, goal=50)
    write_cost()
    return 0


if __name__ == "__main__":
    sys.exit(main())
