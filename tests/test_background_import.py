"""Imports as background tasks: several files in one upload, followed on a page, run by the
database worker; cancelled, retried, refused with a French reason; nothing left by a failure;
the command line's summary."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from concorde.conventions.models import Convention, Document
from concorde.ingest import loader, queue
from concorde.ingest.models import ImportJob

from .conftest import run_worker


def other_text(demo_text: bytes) -> bytes:
    return demo_text.replace(b"baignade", b"promenade")


@pytest.fixture
def coord(client, paris):
    client.force_login(paris[0])
    return client


def send(client, org, *files):
    return client.post(
        reverse("ingest:upload"), {"documents": [SimpleUploadedFile(n, d) for n, d in files], "organisation": org.pk}
    )


def test_several_files_in_one_upload_each_become_a_draft_and_the_uploader_is_told(
    coord, paris, demo_text, django_capture_on_commit_callbacks
):
    paris[0].email = "coord@paris.example"
    paris[0].save()
    response = send(coord, paris[1], ("a.md", demo_text), ("b.md", other_text(demo_text)))
    assert response.status_code == 302
    assert ImportJob.objects.filter(status="received").count() == 2
    with django_capture_on_commit_callbacks(execute=True):  # as when the worker's transaction commits
        run_worker()
    assert all(d.file and d.file.read() for d in Document.objects.all())  # each file written after the commit
    assert sorted(ImportJob.objects.values_list("status", flat=True)) == ["done", "done"]
    assert Convention.objects.count() == 2
    assert all(job.data == b"" for job in ImportJob.objects.all())  # the draft holds the file now
    assert sorted(m.subject.split(" : ")[-1] for m in mail.outbox) == ["a.md", "b.md"]
    assert all(m.to == ["coord@paris.example"] and "prêt à relire" in m.body for m in mail.outbox)


def test_a_waiting_import_is_cancelled_then_retried(coord, paris, demo_text):
    send(coord, paris[1], ("a.md", demo_text))
    job = ImportJob.objects.get()
    coord.post(reverse("ingest:import-cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "cancelled"
    run_worker()  # the task finds it cancelled and does nothing
    assert Convention.objects.count() == 0
    page = coord.get(reverse("ingest:imports")).content.decode()
    assert "Annulé" in page and "Relancer" in page
    coord.post(reverse("ingest:import-retry", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and job.convention == Convention.objects.get()


def test_a_running_import_stops_at_its_next_step_when_cancelled(paris, demo_text, monkeypatch):
    user, org = paris
    [job] = queue.receive([("a.md", demo_text)], user=user, organisation=org)
    real_extract = loader.extract

    def cancelled_meanwhile(*args, **kwargs):
        ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)  # the coordinator clicks « Annuler »
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(loader, "extract", cancelled_meanwhile)
    run_worker()
    job.refresh_from_db()
    assert job.status == "cancelled" and Convention.objects.count() == 0


def test_another_organisation_neither_sees_nor_touches_the_import(client, coord, paris, demo_text, make_member):
    send(coord, paris[1], ("secret.md", demo_text))
    job = ImportJob.objects.get()
    other, _ = make_member("autre.coord", "Commune de Montclair-sur-Marne", "coordination", "commune")
    client.force_login(other)
    assert "secret.md" not in client.get(reverse("ingest:imports")).content.decode()
    assert client.post(reverse("ingest:import-cancel", args=[job.pk])).status_code == 404
    assert client.post(reverse("ingest:import-retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "received" and not job.cancel_requested


def test_a_pilot_cannot_follow_imports(client, make_member):
    pilot, _ = make_member("pilote", "Ville de Paris", "pilot", "ville")
    client.force_login(pilot)
    assert client.get(reverse("ingest:imports")).status_code == 403


def test_a_pdf_import_writes_its_pages_as_it_reads_them(coord, paris):
    from weasyprint import HTML

    pages = "".join(
        f'<section style="page-break-after: always"><h2>Article {n}</h2><p>La présente convention de coopération '
        f"organise le travail commun des deux collectivités, page {n}.</p></section>"
        for n in (1, 2, 3)
    )
    pdf = HTML(string=f"<h1>Convention de coopération</h1>{pages}").write_pdf()
    send(coord, paris[1], ("convention.pdf", pdf))
    run_worker()
    job = ImportJob.objects.get()
    assert (job.status, job.pages_done, job.pages_total) == ("done", job.pages_total, job.pages_total)
    assert job.pages_total >= 3


def test_an_unexpected_error_refuses_the_file_in_french_and_leaves_nothing(coord, paris, demo_text, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "_load_structure", broken)  # fails inside the load's transaction
    send(coord, paris[1], ("a.md", demo_text))
    run_worker()
    job = ImportJob.objects.get()
    assert job.status == "refused" and "erreur inattendue" in job.message and job.data  # kept for a retry
    assert Convention.objects.count() == 0 and Document.objects.count() == 0


def test_a_failed_load_leaves_no_file(paris, demo_text, monkeypatch, settings, django_capture_on_commit_callbacks):
    user, org = paris
    monkeypatch.setattr(loader, "_load_structure", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        loader.import_document(demo_text, "a.md", user=user, organisation=org, max_bytes=10**7)
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_the_command_line_goes_on_after_a_bad_file_and_sums_up(paris, demo_text, tmp_path):
    good, bad, missing = tmp_path / "bonne.md", tmp_path / "abimee.pdf", tmp_path / "absente.md"
    good.write_bytes(demo_text)
    bad.write_bytes(b"%PDF-1.4 rien de lisible")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 fichier"):
        call_command("import", str(bad), str(missing), str(good), organisation="Ville de Paris", stdout=out, stderr=err)
    summary = out.getvalue()
    assert "Bilan : 1 importé(s), 0 déjà importé(s), 2 refusé(s)." in summary
    assert "abimee.pdf : PDF illisible" in summary and "fichier introuvable" in summary
    assert Convention.objects.count() == 1


def test_an_import_whose_worker_died_can_be_cancelled_and_retried(coord, paris, demo_text):
    import datetime as dt

    from django.utils import timezone

    send(coord, paris[1], ("a.md", demo_text))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="reading", started_at=timezone.now() - dt.timedelta(hours=2))
    coord.post(reverse("ingest:import-cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "cancelled" and job.can_retry
