"""Readers: a file's bytes -> its text (txt, md, html, pdf, docx, scanned pdf via Tesseract).

No Django here. Every failure is a ReadError whose message is French and names the file.
"""
from __future__ import annotations

import hashlib
import html
import io
import os
import re
import shutil
import subprocess
import time
import zipfile
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

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


# Told of the pages as they are read: progress("pages" | "ocr", done, total)
Progress = Callable[[str, int, int], None]


def read_bytes(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None) -> ReadResult:
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
        text, pages, warnings = _pdf(data, name, progress or _silent)
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
    """Block elements become lines, table cells tabs; inline tags the parser keeps are left.
    Every pattern reads a tag up to its « > » without crossing a « < », so that a hostile file
    (unclosed tags by the thousand) costs one pass, not one pass a tag."""
    text = _without_hidden_parts(text)
    text = re.sub(r"(?i)<br\s*/?>|</(?:div|h[1-6]|li|tr|table|section|article|header|footer)>", "\n", text)
    text = re.sub(r"(?i)</t[dh]>\s*<t[dh][^<>]*>", "\t", text)
    text = re.sub(r"(?i)</p>", "</p>\n", text)
    text = re.sub(r"(?i)<li[^<>]*>", "- ", text)
    text = re.sub(r"(?i)<(?!/?(?:p|b|u|i|em|strong)\b)[^<>]+>", "", text)
    return html.unescape(text)


_HIDDEN_START = re.compile(r"(?i)<(script|style|head)\b")


def _without_hidden_parts(text: str) -> str:
    """The text without its <script>, <style> and <head> elements; one left unclosed hides the
    rest of the file, as in a browser."""
    out, pos, low = [], 0, None
    while (m := _HIDDEN_START.search(text, pos)):
        out.append(text[pos:m.start()])
        low = low if low is not None else text.lower()
        end = low.find(f"</{m.group(1).lower()}>", m.end())
        if end == -1:
            return "".join(out)
        pos = end + len(m.group(1)) + 3
    out.append(text[pos:])
    return "".join(out)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


MAX_DOCX_UNPACKED = 200 * 1024 * 1024  # what a .docx may inflate to (its parts as the archive declares them)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(data: bytes, name: str) -> str:
    """Paragraphs as lines (list items and numbered paragraphs led by « - »), tables as rows of
    tab-separated cells, read from the XML in one pass: the style names are looked up once."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - installed with the project
        raise ReadError("Lecture DOCX indisponible (python-docx manquant).") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError(f"{name} : document Word illisible ou endommagé.") from None
    if unpacked > MAX_DOCX_UNPACKED:
        raise ReadError(f"{name} : le document Word se décompresse en {unpacked / 1024 / 1024:.0f} Mo, au-delà des "
                        f"{MAX_DOCX_UNPACKED // 1024 // 1024} Mo acceptés (archive piégée ?).")
    try:
        document = docx.Document(io.BytesIO(data))
        styles = {style.style_id: (style.name or "").lower() for style in document.styles}
    except Exception:
        raise ReadError(f"{name} : document Word illisible ou endommagé.") from None
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            lines.append(_docx_paragraph(child, styles))
            lines.append("")
        elif child.tag == _W + "tbl":
            for row in child.iter(_W + "tr"):
                cells = [" ".join(t for t in (_docx_text(p).strip() for p in cell.iter(_W + "p")) if t)
                         for cell in row.iterchildren(_W + "tc")]
                lines.append("\t".join(cells))
            lines.append("")
    return "\n".join(lines)


def _docx_text(paragraph) -> str:
    out = []
    for node in paragraph.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        out.append(node.text or "" if node.tag == _W + "t" else "\t" if node.tag == _W + "tab" else "\n")
    return "".join(out)


def _docx_paragraph(element, styles: dict[str, str]) -> str:
    text = _docx_text(element)
    props = element.find(_W + "pPr")
    style_id = props.find(_W + "pStyle") if props is not None else None
    style = styles.get(style_id.get(_W + "val"), "") if style_id is not None else ""
    numbered = props is not None and props.find(_W + "numPr") is not None and not style.startswith(("heading", "titre"))
    if text.strip() and (numbered or "list" in style or "liste" in style):
        return "- " + text
    return text


def _silent(step: str, done: int, total: int) -> None:
    return None


# Limits that hold whatever the file says of itself
MAX_PAGES = 1000
MAX_PAGE_PIXELS = 60_000_000  # a page rendered for OCR: an A0 sheet at 200 dpi
OCR_TIME_BUDGET = 900  # seconds of OCR for one document


def _pdf(data: bytes, name: str, progress: Progress) -> tuple[str, int, list[str]]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(f"{name} : le PDF est protégé par un mot de passe.") from None
        raise ReadError(f"{name} : PDF illisible ou endommagé.") from None
    warnings: list[str] = []
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise ReadError(f"{name} : {count} pages, au-delà des {MAX_PAGES} pages qu'un import accepte.")
        pages_text: list[str] = []
        scanned: list[int] = []
        for index in range(count):
            text = pdf[index].get_textpage().get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            if len(text.strip()) < 20:
                scanned.append(index)
            pages_text.append(text)
            progress("pages", index + 1, count)
        if scanned:
            for index, text in _ocr_pages(pdf, scanned, name, warnings, progress):
                pages_text[index] = text
    except pdfium.PdfiumError:  # a page or its text that pdfium cannot read: the file is damaged
        raise ReadError(f"{name} : PDF endommagé (une page n'a pas pu être lue).") from None
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


def _ocr_pages(pdf, indexes: list[int], name: str, warnings: list[str], progress: Progress):
    """(index, text) of each page without text, read by Tesseract: one process a core, each with one
    thread; the pages are prepared here (pdfium is not thread-safe) while the others are read,
    a few ahead of the readers. Blank pages are not sent to Tesseract."""
    if not ocr_available():
        warnings.append(f"{len(indexes)} page(s) sans texte et Tesseract n'est pas installé (OCR impossible).")
        return
    workers = os.cpu_count() or 1
    started, done = time.monotonic(), 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running: dict = {}
        pending = list(indexes)
        while pending or running:
            while pending and len(running) < 2 * workers:
                index = pending.pop(0)
                image = _page_image(pdf[index], index, name, warnings)
                if image is None:  # blank, or too large to read
                    done += 1
                    progress("ocr", done, len(indexes))
                    continue
                running[pool.submit(_tesseract, image, index, name)] = index
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                text, problem = future.result()
                if problem:
                    warnings.append(problem)
                done += 1
                progress("ocr", done, len(indexes))
                yield index, text
            if time.monotonic() - started > OCR_TIME_BUDGET:
                for future in running:
                    future.cancel()
                raise ReadError(f"{name} : la reconnaissance de caractères dépasse le temps accordé à un document "
                                f"({OCR_TIME_BUDGET // 60} min, {done} page(s) lues sur {len(indexes)}).")


def _page_image(page, index: int, name: str, warnings: list[str]):
    """The page as Tesseract reads it, in PGM (no compression to undo): the scan's own image
    when one image covers the page upright (nothing resampled), else the page rendered at the
    resolution of its images (300 dpi when it has none), within MAX_PAGE_PIXELS. None for a
    blank page or one too large to render."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    if next(page.get_objects(max_depth=1), None) is None:
        return None  # nothing drawn on it: a blank page, not rendered
    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1))
    image = None
    dpi = 300.0
    if images:
        left, bottom, right, top = images[0].get_bounds()
        px_w, px_h = images[0].get_px_size()
        dpi = min(400.0, max(150.0, px_w / max(1.0, (right - left) / 72)))
        m = images[0].get_matrix()
        covers = len(images) == 1 and right - left >= 0.9 * width and top - bottom >= 0.9 * height
        if covers and m.b == 0 and m.c == 0 and m.a > 0 and m.d > 0 and px_w * px_h <= MAX_PAGE_PIXELS:
            try:
                image = images[0].get_bitmap(render=False).to_pil()
            except pdfium.PdfiumError:
                image = None
    if image is None:
        scale = min(dpi / 72, (MAX_PAGE_PIXELS / max(1.0, width * height)) ** 0.5)
        if scale * 72 < 50:  # a sheet so large that it could not be read at a useful resolution
            warnings.append(f"{name}, page {index + 1} : page trop grande ({width:.0f} × {height:.0f} pt) pour être lue.")
            return None
        image = page.render(scale=scale).to_pil()
    image = image.convert("L")
    if image.point(lambda v: 255 if v < 160 else 0).getbbox() is None:
        return None  # nothing dark on it: a blank page
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # L → PGM
    return buffer.getvalue()


def _tesseract(image: bytes, index: int, name: str) -> tuple[str, str | None]:
    # one thread: Tesseract's OpenMP threads spin against each other on a small machine
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", _ocr_lang()], input=image, capture_output=True,
                              timeout=120, check=False, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        return "", f"{name}, page {index + 1} : reconnaissance de caractères trop longue, page ignorée."
    if done.returncode != 0:
        return "", f"{name}, page {index + 1} : échec de la reconnaissance de caractères."
    return done.stdout.decode("utf-8", errors="replace"), None


@lru_cache(maxsize=1)
def _ocr_lang() -> str:
    """French when Tesseract has it (what is installed, not a document's state: asked once)."""
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=20).stdout.decode()
    except (OSError, subprocess.TimeoutExpired):
        return "eng"
    return "fra" if re.search(r"^fra$", langs, re.M) else "eng"
