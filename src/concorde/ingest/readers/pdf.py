"""PDF: the text layer of each page, the pages without one read by OCR."""

from __future__ import annotations

from .base import Progress, ReadError
from .ocr import ocr_pages
from .pdf_layout import joined, page_lines, without_running_lines

# Limits that hold whatever the file says of itself
MAX_PAGES = 1000


def pdf_text(data: bytes, name: str, progress: Progress) -> tuple[str, int, list[str]]:
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
        pages: list[list[str]] = []
        scanned: list[int] = []
        for index in range(count):
            lines = page_lines(pdf[index].get_textpage())
            if sum(len(line.strip()) for line in lines) < 20:
                scanned.append(index)
            pages.append(lines)
            progress("pages", index + 1, count)
        if scanned:
            for index, text in ocr_pages(pdf, scanned, name, warnings, progress):
                pages[index] = text.split("\n")
    except pdfium.PdfiumError:  # a page or its text that pdfium cannot read: the file is damaged
        raise ReadError(f"{name} : PDF endommagé (une page n'a pas pu être lue).") from None
    finally:
        pdf.close()
    if scanned:
        warnings.append(
            f"{len(scanned)} page(s) sans texte lues par reconnaissance de caractères (OCR) : relire ces pages."
        )
    text = joined(without_running_lines(pages))
    if not text.strip():
        raise ReadError(f"{name} : aucun texte n'a pu être extrait du PDF (document scanné illisible ?).")
    return text, count, warnings
