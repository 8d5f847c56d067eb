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
    "Budget",
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


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "dossier.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_dossier_of_a_meeting_is_that_meeting_s(convention, people, with_late_action, tmp_path):
    from concorde.conventions.models import Action, Measurement
    from concorde.governance import services
    from concorde.governance.models import GoverningBody, SeatAttendance
    from tests import factories

    today = timezone.localdate()
    copil = convention.bodies.get(kind=GoverningBody.Kind.STEERING)
    services.update_body(
        copil,
        people["paris_coord"],
        min_meetings_per_year=1,
        secretariat="",
        secretariat_party=convention.parties.get(label="Ville de Paris"),
        secretaries=[people["paris_pilot"]],
        seats={convention.parties.get(label="Ville de Paris").pk: "Anne Martin, anne@paris.example"},
    )
    before = factories.meeting(copil, today - dt.timedelta(days=60), by=people["paris_coord"], minutes="CR")
    services.record_decision(before, people["paris_coord"], text="Étudier une navette fluviale")
    factories.follow_up(
        before, people["montclair_pilot"], title="Chiffrer la navette", due_date=today - dt.timedelta(days=5)
    )
    meeting = services.schedule_meeting(
        copil, people["paris_coord"], date=today, time=dt.time(9, 30), place="Mairie de Montclair"
    )
    services.hold_meeting(
        meeting,
        people["paris_coord"],
        minutes="Tenu.",
        presence={copil.seats.get().pk: (SeatAttendance.Presence.PRESENT, "")},
    )
    action = act(convention, "n°1")
    Action.objects.filter(pk=action.pk).update(budget_amount=50000, budget_text="50 000 € sur trois ans")
    indicator = action.indicators.first()
    tracking.enter_measurement(
        indicator, convention.parties.get(label="Ville de Paris"), people["paris_pilot"], 12, today
    )
    assert indicator.measurements.get().status == Measurement.Status.PENDING
    client = client_for(people["montclair_pilot"])
    url = reverse("reports:meeting-dossier", args=[convention.pk, meeting.pk, "pdf"])
    text = " ".join(_pdf_text(client.get(url).content, tmp_path).split())
    assert f"Comité de pilotage — {today:%d/%m/%Y} à 09:30 — Mairie de Montclair" in text
    assert "Secrétariat : Ville de Paris — paris_pilot." in text
    for title in (
        "Ordre du jour",
        "Participants",
        "Décisions de la réunion du",
        "Suites à donner de la réunion du",
        *SECTIONS,
    ):
        assert title in text
    assert "Anne Martin Ville de Paris Présent" in text
    assert "Étudier une navette fluviale" in text and "Chiffrer la navette" in text and "en retard" in text
    # the cells, whole, from the editable version of the same dossier
    from docx import Document

    docx = Document(
        io.BytesIO(client.get(reverse("reports:meeting-dossier", args=[convention.pk, meeting.pk, "docx"])).content)
    )
    cells = {c.text for t in docx.tables for row in t.rows for c in row.cells}
    assert f"12 au {today:%d/%m/%Y} (à valider)" in cells  # an unvalidated measurement says so
    assert "50\u202f000 €" in cells and "50 000 € sur trois ans" in cells
    assert client_for(people["outsider"]).get(url).status_code == 404


def test_word_and_libreoffice_dossiers_are_a4_in_french_with_page_numbers_and_styles(convention, people, settings):
    import zipfile

    from docx import Document
    from docx.oxml.ns import qn

    settings.CONCORDE_BRAND = {**settings.CONCORDE_BRAND, "name": "Métropole du Val", "primary": "#a33"}
    client = client_for(people["paris_reader"])
    raw = client.get(reverse("reports:copil-dossier", args=[convention.pk, "docx"])).content
    doc = Document(io.BytesIO(raw))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert doc.core_properties.author == "Métropole du Val" and doc.core_properties.language == "fr-FR"
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "fr-FR"
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert str(doc.styles["Heading 1"].font.color.rgb) == "AA3333"
    assert all(t.style.name == "Table Grid" for t in doc.tables)

    odt = zipfile.ZipFile(io.BytesIO(client.get(reverse("reports:copil-dossier", args=[convention.pk, "odt"])).content))
    content, styles, meta = (odt.read(n).decode() for n in ("content.xml", "styles.xml", "meta.xml"))
    assert 'style-name="None"' not in content  # every paragraph has a real style
    assert 'text:style-name="Heading_20_1"' in content and 'table:style-name="Tableau"' in content
    assert 'fo:page-width="21cm"' in styles and 'fo:page-height="29.7cm"' in styles
    assert 'fo:language="fr"' in styles and 'fo:country="FR"' in styles
    assert "<text:page-number" in styles and "<text:page-count" in styles
    assert 'style:name="Heading_20_1"' in styles and 'fo:color="#aa3333"' in styles
    assert "<dc:language>fr-FR</dc:language>" in meta and "Métropole du Val" in meta
