"""Readers: a file's bytes -> its text (txt, md, html, pdf, docx, scanned pdf via Tesseract).

No Django here. Every failure is a ReadError whose message is French and names the file.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from concorde.lib import encodings

from .base import Progress, ReadError, ReadResult, silent
from .ocr import OCR_TIME_BUDGET, ocr_available
from .pdf import pdf_text
from .word import docx_text, is_docx

__all__ = [
    "OCR_TIME_BUDGET",
    "Progress",
    "ReadError",
    "ReadResult",
    "decode_text",
    "html_to_text",
    "ocr_available",
    "read_bytes",
    "read_path",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".csv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def read_bytes(
    data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None
) -> ReadResult:
    name = Path(filename).name or "document"
    size = len(data)
    if size == 0:
        raise ReadError(f"{name} : le fichier est vide.")
    if size > max_bytes:
        raise ReadError(
            f"{name} : le fichier fait {size / 1024 / 1024:.1f} Mo, au-delà de la taille maximale "
            f"acceptée ({max_bytes / 1024 / 1024:.0f} Mo)."
        )
    checksum = hashlib.sha256(data).hexdigest()
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        text, pages, warnings = pdf_text(data, name, progress or silent)
        return ReadResult(text, "pdf", checksum, size, None, pages, warnings)
    if data.startswith(b"PK\x03\x04"):
        if suffix in (".docx", "") or is_docx(data):
            return ReadResult(docx_text(data, name), "docx", checksum, size)
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
        raise ReadError(
            f"{path.name} : le fichier fait {size / 1024 / 1024:.1f} Mo, au-delà de la taille maximale "
            f"acceptée ({max_bytes / 1024 / 1024:.0f} Mo)."
        )
    return read_bytes(path.read_bytes(), path.name, max_bytes)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of a file in any encoding (concorde.lib.encodings), or the reader's French refusal."""
    try:
        return encodings.decode_text(data, name)
    except encodings.UndecodableText as exc:
        formats = " Formats acceptés : texte, Markdown, HTML, PDF, DOCX." if exc.binary else ""
        raise ReadError(str(exc) + formats) from None


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
    while m := _HIDDEN_START.search(text, pos):
        out.append(text[pos : m.start()])
        low = low if low is not None else text.lower()
        end = low.find(f"</{m.group(1).lower()}>", m.end())
        if end == -1:
            return "".join(out)
        pos = end + len(m.group(1)) + 3
    out.append(text[pos:])
    return "".join(out)
