"""OCR of the pages without text: Tesseract on each page's image, pages in parallel."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from functools import lru_cache

from .base import Progress, ReadError
from .pdf_layout import ocr_lines

MAX_PAGE_PIXELS = 60_000_000  # a page rendered for OCR: an A0 sheet at 200 dpi
OCR_TIME_BUDGET = 900  # seconds of OCR for one document


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_pages(pdf, indexes: list[int], name: str, warnings: list[str], progress: Progress):
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
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", _ocr_lang(), "tsv"], input=image, capture_output=True,
                              timeout=120, check=False, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        return "", f"{name}, page {index + 1} : reconnaissance de caractères trop longue, page ignorée."
    if done.returncode != 0:
        return "", f"{name}, page {index + 1} : échec de la reconnaissance de caractères."
    # each word with its box: the page's lines are laid out as a PDF's text layer is
    return "\n".join(ocr_lines(done.stdout.decode("utf-8", errors="replace"))), None


@lru_cache(maxsize=1)
def _ocr_lang() -> str:
    """French when Tesseract has it (what is installed, not a document's state: asked once)."""
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=20).stdout.decode()
    except (OSError, subprocess.TimeoutExpired):
        return "eng"
    return "fra" if re.search(r"^fra$", langs, re.M) else "eng"

