"""A scan as it comes out of a scanner that was fed badly: pages turned by 90° (fed sideways)
and skewed by 3° either way (fed askew). The importer turns them upright and straight before it
lays their words out, so that the parser finds the same headings, axes and actions as in the
straight scan. The convention is written here and drawn at test time: WeasyPrint lays it out,
pypdfium2 rasterises it, Pillow turns the sheets and rebuilds an image-only PDF."""

import difflib
import io
import re

import pytest

from concorde.ingest.parser import extract
from concorde.ingest.readers import read_bytes
from concorde.ingest.readers.ocr import read_page

from .formats import as_pdf

CONVENTION = """Convention de coopération entre la commune de Val-Fleuri et la communauté de communes des Deux Rives

Article 1 – Objet

La présente convention fixe le cadre dans lequel la commune et la communauté de communes conduisent ensemble les actions de leur programme commun pour la période 2025-2028.

Article 2 – Durée

La convention est conclue pour une durée de trois ans à compter de sa signature.

Article 3 – Programme d'actions

Axe 1 : Préserver les berges et les jardins partagés

Action n°1 : Restaurer le chemin de halage le long de la rivière
Pilote : service des espaces verts de la commune.

Action n°2 : Ouvrir deux jardins partagés dans les quartiers nord
Pilote : direction de l'environnement de la communauté de communes.

Axe 2 : Faciliter les déplacements entre les bourgs

Action n°3 : Créer une navette du marché le samedi matin
Pilote : service des mobilités.

Action n°4 : Relier les pistes cyclables des deux rives par une passerelle
Pilote : direction des travaux.

Article 4 – Gouvernance

Un comité de pilotage réunit les deux exécutifs deux fois par an. Il suit l'avancement des actions et arrête les priorités de l'année suivante.
"""

DPI = 150  # small images: the tests read a few pages quickly
SCORED = re.compile(r"^\s*(?:Article \d|Axe \d|Action n°\d)")


def _scan(angle: float) -> bytes:
    """The convention as an image-only PDF, each sheet turned counterclockwise by `angle` (90:
    fed sideways, the page comes out landscape; 3 or -3: fed askew on an upright sheet)."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(as_pdf(CONVENTION))
    try:
        images = [document[i].render(scale=DPI / 72).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()
    if angle % 90 == 0 and angle:
        images = [image.rotate(angle, expand=True) for image in images]
    elif angle:
        images = [image.rotate(angle, resample=Image.BICUBIC, fillcolor=255) for image in images]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return out.getvalue()


def _plan(text: str) -> list[tuple[str, list[str]]]:
    """Each axis the parser finds, with its actions' titles, in lower case and without spaces
    (what the OCR makes of apostrophes and spaces is not the question here)."""

    def key(value) -> str:
        return re.sub(r"\W+", "", str(value or "").lower())

    return [
        (key(axis.get("title")), [key(action.get("title")) for action in axis.get("actions") or []])
        for axis in extract(text, "scan.pdf").get("axes") or []
    ]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _share(expected: str, got: str) -> float:
    """Share of the words of `expected` found again in `got`, in order."""
    a, b = _words(expected), _words(got)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


@pytest.fixture(scope="module")
def straight() -> str:
    text = read_bytes(_scan(0), "scan.pdf").text
    assert _share(CONVENTION, text) >= 0.95, text
    plan = _plan(text)
    assert plan == _plan(CONVENTION) and len(plan) == 2 and [len(actions) for _, actions in plan] == [2, 2], text
    return text


@pytest.mark.parametrize("angle", [90, 3, -3], ids=["tournee-90", "travers-3-gauche", "travers-3-droite"])
def test_a_badly_fed_page_reads_as_the_straight_scan(straight, angle):
    text = read_bytes(_scan(angle), "scan.pdf").text
    assert _share(straight, text) >= 0.95, text
    assert _plan(text) == _plan(straight), text
    # headings and numbered lines open their line, as on the straight scan
    expected = [re.sub(r"\W+", "", line)[:12] for line in CONVENTION.splitlines() if SCORED.match(line)]
    starts = [re.sub(r"\W+", "", line)[:12] for line in text.splitlines()]
    assert [heading for heading in expected if heading not in starts] == [], text


def test_a_letter_that_numbers_a_heading_loses_the_accent_ocr_gave_it(monkeypatch):
    """Tesseract reads « A. » as « À. » on a page turned straight: the axes « A. », « B. », « C. »
    would be lost with it. « À partir » keeps its accent."""
    from concorde.ingest.readers import ocr

    tsv = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    for line, words in enumerate([["À.", "RELEVER"], ["À", "partir", "de", "la"], ["É)", "suite"]]):
        for n, word in enumerate(words):
            tsv.append(f"5\t1\t1\t1\t{line + 1}\t{n + 1}\t{100 + 120 * n}\t{100 + 60 * line}\t100\t30\t95\t{word}")
    monkeypatch.setattr(ocr, "tesseract_tsv", lambda image, *options: "\n".join(tsv))
    assert read_page(b"") == ["A. RELEVER", "À partir de la", "E) suite"]
