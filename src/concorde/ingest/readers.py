"""Readers: a file's bytes -> its text (txt, md, html, pdf, docx, scanned pdf via Tesseract).

No Django here. Every failure is a ReadError whose message is French and names the file.
"""
from __future__ import annotations

import hashlib
import html
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".csv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


class ReadError(ValueError):
    """The document cannot be read; the message says why, in French."""


@dataclass
class ReadResult:
    text: str
    format: str
    checksum: str
    size: int
    encoding: str | None = None
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


def read_bytes(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    name = Path(filename).name or "document"
    size = len(data)
    if size == 0:
        raise ReadError(f"{name} : le fichier est vide.")
    if size > max_bytes:
        raise ReadError(f"{name} : le fichier fait {size / 1024 / 1024:.1f} Mo, au-delà de la taille maximale "
                        f"acceptée ({max_bytes / 1024 / 1024:.0f} Mo).")
    checksum = hashlib.sha256(data).hexdigest()
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        text, pages, warnings = _pdf(data, name)
        return ReadResult(text, "pdf", checksum, size, None, pages, warnings)
    if data.startswith(b"PK\x03\x04"):
        if suffix in (".docx", "") or _is_docx(data):
            return ReadResult(_docx(data, name), "docx", checksum, size)
        raise ReadError(f"{name} : archive ZIP non reconnue (seuls les documents Word .docx sont acceptés).")
    if suffix in (".pdf", ".docx", ".doc", ".odt"):
        raise ReadError(f"{name} : le contenu ne correspond pas à l'extension {suffix} (fichier endommagé ?).")
    text, encoding = decode_text(data, name)
    if suffix in HTML_SUFFIXES or re.search(r"<(?:html|body|div|table)\b", text[:5000], re.I):
        return ReadResult(html_to_text(text), "html", checksum, size, encoding)
    fmt = "md" if suffix in (".md", ".markdown") else "txt"
    return ReadResult(text, fmt, checksum, size, encoding)


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    path = Path(path)
    if not path.exists():
        raise ReadError(f"{path} : fichier introuvable.")
    if path.is_dir():
        raise ReadError(f"{path} : c'est un dossier, pas un fichier.")
    size = path.stat().st_size
    if size > max_bytes:
        raise ReadError(f"{path.name} : le fichier fait {size / 1024 / 1024:.1f} Mo, au-delà de la taille maximale "
                        f"acceptée ({max_bytes / 1024 / 1024:.0f} Mo).")
    return read_bytes(path.read_bytes(), path.name, max_bytes)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """UTF-8 first (with or without BOM), UTF-16 by its BOM, then the best guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ReadError(f"{name} : texte UTF-16 endommagé.") from None
    if _looks_binary(data):
        raise ReadError(f"{name} : ce n'est pas un texte lisible (fichier binaire ou format non pris en charge). "
                        "Formats acceptés : texte, Markdown, HTML, PDF, DOCX.")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best else "cp1252"
    if encoding.replace("_", "-").lower() in ("ascii", "utf-8"):
        encoding = "cp1252"  # not valid UTF-8 after all: the usual Windows encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace"), "cp1252"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def html_to_text(text: str) -> str:
    """Block elements become lines, table cells tabs; inline tags the parser keeps are left."""
    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", "", text)
    text = re.sub(r"(?i)<br\s*/?>|</(?:div|h[1-6]|li|tr|table|section|article|header|footer)>", "\n", text)
    text = re.sub(r"(?i)</t[dh]>\s*<t[dh][^>]*>", "\t", text)
    text = re.sub(r"(?i)</p>", "</p>\n", text)
    text = re.sub(r"(?i)<li[^>]*>", "- ", text)
    text = re.sub(r"(?i)<(?!/?(?:p|b|u|i|em|strong)\b)[^>]+>", "", text)
    return html.unescape(text)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def _docx(data: bytes, name: str) -> str:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - installed with the project
        raise ReadError("Lecture DOCX indisponible (python-docx manquant).") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise ReadError(f"{name} : document Word illisible ou endommagé.") from None
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_docx_paragraph(child, document))
            lines.append("")
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    value = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    if not cells or cells[-1] != value:  # merged cells repeat
                        cells.append(value)
                lines.append("\t".join(cells))
            lines.append("")
    return "\n".join(lines)


def _docx_paragraph(element, document) -> str:
    import docx

    para = docx.text.paragraph.Paragraph(element, document)
    text = para.text
    style = (para.style.name or "").lower() if para.style is not None else ""
    if text.strip() and ("list" in style or "liste" in style):
        return "- " + text
    return text


def _pdf(data: bytes, name: str) -> tuple[str, int, list[str]]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(f"{name} : le PDF est protégé par un mot de passe.") from None
        raise ReadError(f"{name} : PDF illisible ou endommagé.") from None
    warnings: list[str] = []
    pages_text = []
    scanned = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            text = page.get_textpage().get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            if len(text.strip()) < 20:
                scanned.append(index)
                text = _ocr_page(page, index, name, warnings)
            pages_text.append(text)
        count = len(pdf)
    finally:
        pdf.close()
    if scanned:
        warnings.append(f"{len(scanned)} page(s) sans texte lues par reconnaissance de caractères (OCR) : relire ces pages.")
    text = "\n\n".join(pages_text)
    if not text.strip():
        raise ReadError(f"{name} : aucun texte n'a pu être extrait du PDF (document scanné illisible ?).")
    return text, count, warnings


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def _ocr_page(page, index: int, name: str, warnings: list[str]) -> str:
    if not ocr_available():
        if "ocr" not in warnings:
            warnings.append(f"Page {index + 1} : pas de texte et Tesseract n'est pas installé (OCR impossible).")
        return ""
    image = page.render(scale=300 / 72).to_pil().convert("L")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", _ocr_lang()], input=buffer.getvalue(),
                              capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        warnings.append(f"{name}, page {index + 1} : reconnaissance de caractères trop longue, page ignorée.")
        return ""
    if done.returncode != 0:
        warnings.append(f"{name}, page {index + 1} : échec de la reconnaissance de caractères.")
        return ""
    return done.stdout.decode("utf-8", errors="replace")


def _ocr_lang() -> str:
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=20).stdout.decode()
    except (OSError, subprocess.TimeoutExpired):
        return "eng"
    return "fra" if re.search(r"^fra$", langs, re.M) else "eng"
