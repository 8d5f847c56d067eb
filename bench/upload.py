"""How long the upload page takes to answer for a scanned document of N pages (default 20): the
request stores the file and queues its import; the reading happens in the worker. Measured on a
throw-away test database (SQLite, or PostgreSQL with DATABASE_URL), beside the time the worker
then takes to read the same file.

    .venv/bin/python bench/upload.py [--pages 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concorde.settings")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=20)
    args = ap.parse_args()
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from ocr import layout, scan

    from concorde.ingest.models import ImportJob
    from concorde.territories.models import Membership, Organisation

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0)
    try:
        text = (ROOT.parent / "shared" / "corpus" / "003_fc262a67d35e96a7.txt").read_text(encoding="utf-8")
        data = scan(layout(text, args.pages)[0])
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user("coord", password="x")
        org = Organisation.objects.create(name="Ville de Paris", kind="ville")
        Membership.objects.create(user=user, organisation=org, role="coordination")
        client = Client()
        client.force_login(user)
        start = time.perf_counter()
        response = client.post(
            reverse("ingest:upload"), {"documents": SimpleUploadedFile("scan.pdf", data), "organisation": org.pk}
        )
        page = client.get(response["Location"])
        answered = time.perf_counter() - start
        print(
            f"envoi d'un scan de {args.pages} pages ({len(data) / 1e6:.1f} Mo) et page de suivi : {answered:.2f} s "
            f"(réponses {response.status_code}, {page.status_code})"
        )
        start = time.perf_counter()
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        job = ImportJob.objects.get()
        print(f"lecture par le processus de fond : {time.perf_counter() - start:.1f} s — {job.get_status_display()}")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
