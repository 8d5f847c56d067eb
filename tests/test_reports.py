"""The comité de pilotage dossier: the same sections in PDF (read back with pdftotext),
DOCX and ODT, for the readers of the convention only."""

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from concorde.conventions import tracking
from tests.conftest import act, client_for

SECTIONS = [
    "Avancement par axe",
    "Actions en retard",
    "Indicateurs",
    "Décisions à prendre",
    "Conformité aux engagements de gouvernance",
]


@pytest.fixture
def with_late_action(convention, people):
    convention.effective_date = timezone.localdate() - dt.timedelta(days=426)
    convention.save(update_fields=["effective_date"])
    late = act(convention, "2.1")
    tracking.save_tracking(
        late.pk, late.lock_version, {"due_date": timezone.localdate() - dt.timedelta(days=9)}, people["paris_coord"]
    )
    return late


def test_pdf_dossier_has_every_section(convention, people, with_late_action, tmp_path):
    if not shutil.which("pdftotext"):  # a declared test dependency: missing, the test fails
        pytest.fail("pdftotext absent : poppler-utils s'installe par bin/setup --test", pytrace=False)
    response = client_for(people["montclair_pilot"]).get(reverse("reports:copil-dossier", args=[convention.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "dossier.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for title in SECTIONS:
        assert title in text
    assert with_late_action.title[:30] in text
    assert "Comité de pilotage : prochaine réunion" in text


def test_docx_and_odt_dossiers_are_editable_documents_with_the_same_sections(convention, people, with_late_action):
    from docx import Document
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H

    client = client_for(people["paris_reader"])
    docx = Document(io.BytesIO(client.get(reverse("reports:copil-dossier", args=[convention.pk, "docx"])).content))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings == SECTIONS
    cells = {c.text for t in docx.tables for row in t.rows for c in row.cells}
    assert any(with_late_action.title in c for c in cells)
    odt = load(io.BytesIO(client.get(reverse("reports:copil-dossier", args=[convention.pk, "odt"])).content))
    titles = [teletype.extractText(h) for h in odt.getElementsByType(H)]
    assert titles[1:] == SECTIONS


def test_dossier_is_for_the_readers_of_the_convention(convention, people):
    assert (
        client_for(people["outsider"]).get(reverse("reports:copil-dossier", args=[convention.pk, "pdf"])).status_code
        == 404
    )
    assert (
        client_for(people["paris_coord"]).get(reverse("reports:copil-dossier", args=[convention.pk, "exe"])).status_code
        == 404
    )
