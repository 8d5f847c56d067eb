"""Hostile files, made here: what a careless or malicious upload may hold. Each case is
(name, bytes); `cases(n)` gives n of them, the same ones for the same n (seeded)."""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
import zipfile
from pathlib import Path

from .documents import docx_file, text_pdf


def _pdfium_pdf(pages: list[tuple[float, float]]) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for width, height in pages:
        pdf.new_page(width, height)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def _zip_bomb(declared_mb: int) -> bytes:
    """A .docx whose document.xml inflates to `declared_mb` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(declared_mb):
                f.write(chunk)
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _docx_table(rows: int, cols: int) -> bytes:
    """A .docx of one table rows × cols, its XML written directly (python-docx takes minutes to build it)."""
    cell = "<w:tc><w:p><w:r><w:t>cellule</w:t></w:r></w:p></w:tc>"
    row = "<w:tr>" + cell * cols + "</w:tr>"
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Convention</w:t></w:r></w:p><w:tbl>" + row * rows + "</w:tbl></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", body)
    return out.getvalue()


def _encrypted(pdf: bytes, user_password: str) -> bytes:
    """The PDF encrypted by qpdf (AES-256): with a user password it cannot be opened without it;
    with an owner password only, it opens and only its permissions are restricted."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "in.pdf"), Path(folder, "out.pdf")
        source.write_bytes(pdf)
        subprocess.run(
            ["qpdf", "--encrypt", user_password, "proprietaire", "256", "--", str(source), str(target)],
            check=True,
            capture_output=True,
        )
        return target.read_bytes()


def _unknown_zip_version(data: bytes) -> bytes:
    """The archive's first entry says it needs a version of ZIP that Python does not read."""
    raw = bytearray(data)
    central = raw.find(b"PK\x01\x02")
    raw[central + 6 : central + 8] = (90).to_bytes(2, "little")
    return bytes(raw)


def _mutated(data: bytes, rng: random.Random, flips: int) -> bytes:
    raw = bytearray(data)
    for _ in range(flips):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    return bytes(raw)


def fixed_cases() -> list[tuple[str, bytes]]:
    """One of each kind that is not random."""
    lines = ["Convention de cooperation", "Article 1 - Objet", "Axe 1 : Agir ensemble", "Action 1 : Ouvrir un lieu"]
    return [
        ("vide.txt", b""),
        ("nul.txt", b"Convention\x00\x00\x00 de coop\x00eration" * 200),
        ("utf16-invalide.txt", b"\xff\xfe" + b"\x00\xd8" * 500 + b"a"),  # unpaired surrogates
        ("ligne-de-10-mo.txt", b"convention " * 950_000),
        ("imbrication.html", b"<div>" * 200_000),
        ("scripts-ouverts.html", b"<script>" * 50_000),
        ("chevrons.html", b"<html>" + b"<" * 500_000),
        ("page-geante.pdf", _pdfium_pdf([(14_400, 14_400)])),
        ("pages-blanches.pdf", _pdfium_pdf([(595, 842)] * 2000)),
        ("999-pages-blanches.pdf", _pdfium_pdf([(595, 842)] * 999)),
        ("bombe.docx", _zip_bomb(300)),
        ("tableau-enorme.docx", _docx_table(5000, 60)),
        ("pdf-sans-fin.pdf", text_pdf(lines)[:200]),
        ("docx-tronque.docx", docx_file(lines)[:300]),
        ("zip-version-inconnue.docx", _unknown_zip_version(docx_file(lines))),
        ("extension-mensongere.pdf", b"Convention de cooperation, simple texte."),
        ("chiffre-mot-de-passe.pdf", _encrypted(text_pdf(lines), "secret")),
        ("chiffre-sans-mot-de-passe.pdf", _encrypted(text_pdf(lines), "")),
        ("texte-50-mo.txt", b"Article 1 - Objet de la convention.\n" * 1_450_000),
    ]


def cases(n: int, seed: int = 1) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    lines = [
        "Convention de cooperation 2030-2033",
        "Article 1 - Objet",
        "Axe 1 : Agir ensemble",
        "Action 1 : Ouvrir un lieu commun",
        "Pilote : Direction des sports",
    ]
    pdf, docx = text_pdf(lines), docx_file(lines, [["Pilote", "DSP"], ["Budget", "10 000 euros"]])
    out = fixed_cases()
    while len(out) < n:
        kind = len(out) % 5
        if kind == 0:
            out.append((f"hasard-{len(out)}.bin", rng.randbytes(rng.choice([16, 700, 20_000]))))
        elif kind == 1:
            out.append((f"pdf-tronque-{len(out)}.pdf", pdf[: rng.randrange(8, len(pdf))]))
        elif kind == 2:
            out.append((f"pdf-mute-{len(out)}.pdf", _mutated(pdf, rng, rng.choice([1, 5, 40]))))
        elif kind == 3:
            out.append((f"docx-mute-{len(out)}.docx", _mutated(docx, rng, rng.choice([1, 5, 40]))))
        else:
            out.append((f"docx-tronque-{len(out)}.docx", docx[: rng.randrange(30, len(docx))]))
    return out[:n]
