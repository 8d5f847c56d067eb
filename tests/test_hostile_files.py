"""Hostile files (tests/hostile.py) through the readers and the parser, then through the upload
page and the worker: each is read or refused with a French message naming it; a refused one
leaves no row and no file. bench/hostile.py runs thousands of them with their time and memory."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concorde.conventions.models import Convention, Document
from concorde.ingest.models import ImportJob
from concorde.ingest.parser import ExtractionError, extract
from concorde.ingest.readers import ReadError, read_bytes

from .conftest import run_worker
from .hostile import cases

CASES = cases(300)  # the fixed cases first, then seeded random ones
RANDOM_KINDS = ("hasard-", "pdf-tronque-", "pdf-mute-", "docx-mute-", "docx-tronque-")
FIXED = {name: data for name, data in CASES if not name.startswith(RANDOM_KINDS)}


def test_every_hostile_file_is_read_or_refused_in_french():
    outcomes = {"lu": 0, "refusé": 0}
    for name, data in CASES:
        try:
            extract(read_bytes(data, name).text, name)
            outcomes["lu"] += 1
        except ReadError as exc:
            assert str(exc).startswith(name.split(".")[0]) or name in str(exc), f"{name} : {exc}"
            outcomes["refusé"] += 1
        except ExtractionError as exc:
            assert str(exc), name
            outcomes["refusé"] += 1
    assert outcomes["lu"] + outcomes["refusé"] == len(CASES) and outcomes["refusé"] > 200


@pytest.mark.parametrize(
    "name", [n for n in FIXED if n not in ("pages-blanches.pdf", "999-pages-blanches.pdf", "tableau-enorme.docx")]
)
def test_a_hostile_upload_ends_refused_or_read_and_a_refusal_leaves_nothing(client, paris, name, settings):
    data = FIXED[name]
    client.force_login(paris[0])
    response = client.post(
        reverse("ingest:upload"), {"documents": SimpleUploadedFile(name, data), "organisation": paris[1].pk}
    )
    if response.status_code == 400:  # refused by the form itself (an empty file, one too large)
        page = response.content.decode()
        assert f"{name} : le fichier est vide" in page or f"{name} : le fichier fait" in page, name
        assert not ImportJob.objects.exists()
        return
    run_worker()
    job = ImportJob.objects.get()
    assert job.status in ("done", "refused"), job.status
    if job.status == "refused":
        assert name in job.message
        assert not Convention.objects.exists() and not Document.objects.exists()
        media = settings.MEDIA_ROOT
        assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_an_encrypted_pdf_is_read_when_it_opens_and_refused_when_it_asks_a_password():
    with pytest.raises(ReadError, match=re.escape("chiffre-mot-de-passe.pdf : le PDF est protégé par un mot de passe")):
        read_bytes(FIXED["chiffre-mot-de-passe.pdf"], "chiffre-mot-de-passe.pdf")
    # restricted (printing, copying) but open to anyone: its text is read
    assert (
        "Axe 1 : Agir ensemble"
        in read_bytes(FIXED["chiffre-sans-mot-de-passe.pdf"], "chiffre-sans-mot-de-passe.pdf").text
    )


def test_limits_are_named_in_the_message():
    found = FIXED
    with pytest.raises(ReadError, match="2000 pages, au-delà des 1000 pages"):
        read_bytes(found["pages-blanches.pdf"], "pages-blanches.pdf")
    with pytest.raises(ReadError, match="se décompresse en 300 Mo, au-delà des 200 Mo"):
        read_bytes(found["bombe.docx"], "bombe.docx")
    table = read_bytes(found["tableau-enorme.docx"], "tableau-enorme.docx").text
    assert table.count("\n") > 5000 and table.split("\n")[2].count("\t") == 59
