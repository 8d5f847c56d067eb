"""OCR of the pages without text: Tesseract on each page's image, pages in parallel."""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
import time
import unicodedata
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
                raise ReadError(
                    f"{name} : la reconnaissance de caractères dépasse le temps accordé à un document "
                    f"({OCR_TIME_BUDGET // 60} min, {done} page(s) lues sur {len(indexes)})."
                )


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
            warnings.append(
                f"{name}, page {index + 1} : page trop grande ({width:.0f} × {height:.0f} pt) pour être lue."
            )
            return None
        image = page.render(scale=scale).to_pil()
    image = image.convert("L")
    if image.point(lambda v: 255 if v < 160 else 0).getbbox() is None:
        return None  # nothing dark on it: a blank page
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # L → PGM
    return buffer.getvalue()


def _tesseract(image: bytes, index: int, name: str) -> tuple[str, str | None]:
    """The page's lines, read as ocrmypdf's --rotate-pages and --deskew would have it, at the
    cost of a second reading only for the pages that need one (see read_page)."""
    try:
        return "\n".join(read_page(image)), None
    except subprocess.TimeoutExpired:
        return "", f"{name}, page {index + 1} : reconnaissance de caractères trop longue, page ignorée."
    except (OSError, subprocess.CalledProcessError):
        return "", f"{name}, page {index + 1} : échec de la reconnaissance de caractères."


MIN_FRENCH = 0.05  # below, a page's text is not French: the page is read upside down or sideways
DESKEW_DEGREES = 2.0  # from this skew the page is turned straight and read again
STRAIGHTEN_DEGREES = 0.3  # below this skew the boxes are left as Tesseract gives them


def read_page(image: bytes) -> list[str]:
    """The lines of a page's image (PGM or any format Pillow and Tesseract read), laid out as
    a PDF's text layer is:
    - a page whose text is not French (next to none of French's commonest words: read upside
      down or turned counterclockwise), or whose words are taller than wide (turned clockwise:
      Tesseract reads it down the sheet, well, but its boxes are those of lines standing up and
      the layout is lost), gets Tesseract's orientation detection (--psm 0, its "osd" model), is
      turned upright and read again, and that reading is kept if it is French;
    - the skew is measured on the words read: from DESKEW_DEGREES the image is turned straight
      and read again (Tesseract loses lines on a page skewed clockwise), below it the word boxes
      are turned back so that the lines and paragraphs are laid out as on a straight page.
    Raises subprocess.TimeoutExpired, CalledProcessError or OSError when Tesseract fails."""
    tsv = tesseract_tsv(image)
    french = french_share(ocr_lines(tsv)) >= MIN_FRENCH
    if (not french or sideways(tsv)) and (upright_image := upright(image)) is not None:
        again = tesseract_tsv(upright_image)
        if french_share(ocr_lines(again)) >= MIN_FRENCH:
            image, tsv = upright_image, again
    angle = skew(tsv)
    if abs(math.degrees(angle)) >= DESKEW_DEGREES:
        tsv = tesseract_tsv(turned(image, math.degrees(angle)))
        angle = skew(tsv)
    return ocr_lines(_unaccented_markers(straightened(tsv, angle)))


# « A. » read « À. »: Tesseract sees an accent in a speck above a capital, more often on a page
# turned straight (its letters resampled); a list or a heading is never numbered by an accented
# capital, and one misread letter would lose the whole sequence of axes « A. », « B. », « C. »
_ACCENTED_MARKER = re.compile(r"[À-ÖÙ-Ý][.)]")


def _unaccented_markers(tsv: str) -> str:
    """The TSV with the first word of each line that is an accented capital and a « . » or
    « ) » read as the letter that numbers a heading or an item, before the lines are laid out
    (a line that opens an item is not joined to the one above)."""
    rows = tsv.splitlines()
    for n, row in enumerate(rows):
        cells = row.split("\t")
        if len(cells) >= 12 and cells[0] == "5" and cells[5] == "1" and _ACCENTED_MARKER.fullmatch(cells[11].strip()):
            cells[11] = unicodedata.normalize("NFD", cells[11].strip())[0] + cells[11].strip()[-1]
            rows[n] = "\t".join(cells)
    return "\n".join(rows)


_TESSERACT_ENV = {"OMP_THREAD_LIMIT": "1"}


def tesseract_tsv(image: bytes, *options: str) -> str:
    """Tesseract's TSV of an image (one row a word, with its box), in French when it has it.
    One thread: Tesseract's OpenMP threads spin against each other on a small machine."""
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", _ocr_lang(), *options, "tsv"],
        input=image,
        capture_output=True,
        timeout=120,
        check=True,
        env={**os.environ, **_TESSERACT_ENV},
    )
    return done.stdout.decode("utf-8", errors="replace")


_FRENCH = frozenset(
    {
        "de",
        "la",
        "le",
        "les",
        "et",
        "des",
        "du",
        "en",
        "à",
        "un",
        "une",
        "pour",
        "dans",
        "par",
        "sur",
        "au",
        "aux",
        "est",
        "que",
        "qui",
        "avec",
        "ou",
        "ce",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "il",
    }
)


def french_share(lines: list[str]) -> float:
    """Share of the words that are French's commonest: about a third on a page read upright, next
    to nothing on one upside down or turned counterclockwise (Tesseract then reads other letters;
    a page turned clockwise it reads down the sheet, and well)."""
    words = re.findall(r"[a-zà-ÿ]+", " ".join(lines).lower())
    return sum(w in _FRENCH for w in words) / len(words) if words else 0.0


def upright(image: bytes) -> bytes | None:
    """The page turned upright as Tesseract's orientation detection (--psm 0, its "osd" model)
    sees it; None when it is upright already, when the detection finds too little to say, or
    when Tesseract has no "osd" model."""
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "--psm", "0", "-l", "osd"],
            input=image,
            capture_output=True,
            timeout=60,
            check=False,
            env={**os.environ, **_TESSERACT_ENV},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    turn = re.search(r"^Rotate: (\d+)", done.stdout.decode("utf-8", errors="replace"), re.MULTILINE)
    if done.returncode != 0 or not turn or turn.group(1) == "0":
        return None
    return turned(image, -int(turn.group(1)))  # "Rotate" is clockwise, Pillow turns counterclockwise


def sideways(tsv: str) -> bool:
    """Most words of four letters or more are taller than wide: the page lies on its side."""
    boxes = [(width, height) for cells, _, _, _, width, height in _words(tsv) if len(cells[11].strip()) >= 4]
    return len(boxes) >= 5 and sum(height > width for width, height in boxes) > len(boxes) / 2


def _words(tsv: str):
    """(cells, line id, left, top, width, height) of each word of Tesseract's TSV."""
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) >= 12 and cells[0] == "5" and cells[11].strip():
            yield cells, tuple(cells[2:5]), *(int(v) for v in cells[6:10])


def skew(tsv: str) -> float:
    """The page's skew in radians, from Tesseract's TSV: the median slope of its lines of four
    words or more (positive when the lines go down to the right, the sheet turned clockwise)."""
    words: dict[tuple, list[tuple[float, float]]] = {}
    for _, line, left, top, width, height in _words(tsv):
        words.setdefault(line, []).append((left + width / 2, top + height / 2))
    slopes = []
    for points in words.values():
        mx, my = sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)
        spread = sum((x - mx) ** 2 for x, _ in points)
        if len(points) >= 4 and spread:
            slopes.append(sum((x - mx) * (y - my) for x, y in points) / spread)
    angle = math.atan(sorted(slopes)[len(slopes) // 2]) if slopes else 0.0
    return angle if abs(math.degrees(angle)) <= 10 else 0.0  # beyond, not a skew: lines read down the sheet


def straightened(tsv: str, angle: float) -> str:
    """The TSV with its word boxes turned back by the page's skew. Tesseract reads a page a little
    askew well, but gives the boxes of the page as it lies: a line's top climbs along it and the
    layout of lines and paragraphs is lost (blank lines everywhere, wrapped lines not rejoined)."""
    if abs(math.degrees(angle)) < STRAIGHTEN_DEGREES:
        return tsv
    cos, sin = math.cos(angle), math.sin(angle)
    rows = [row.split("\t") for row in tsv.splitlines()]
    for cells in rows[1:]:
        if len(cells) >= 12 and cells[0] == "5":
            left, top, width, height = (int(v) for v in cells[6:10])
            x, y = left + width / 2, top + height / 2
            x, y = x * cos + y * sin, y * cos - x * sin
            height = max(height // 2, round(height - width * abs(sin)))
            cells[6:10] = (str(round(x - width / 2)), str(round(y - height / 2)), str(width), str(height))
    return "\n".join("\t".join(cells) for cells in rows)


def turned(image: bytes, degrees: float) -> bytes:
    """The image turned counterclockwise by `degrees` (the sheet grows to hold it, the new
    corners white), in PGM."""
    from PIL import Image

    with Image.open(io.BytesIO(image)) as source:
        source = source.convert("L")
        resample = Image.NEAREST if degrees % 90 == 0 else Image.BICUBIC
        out = source.rotate(degrees, resample=resample, expand=True, fillcolor=255)
    buffer = io.BytesIO()
    out.save(buffer, format="PPM")
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _ocr_lang() -> str:
    """French when Tesseract has it (what is installed, not a document's state: asked once)."""
    try:
        langs = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, timeout=20, check=False
        ).stdout.decode()
    except (OSError, subprocess.TimeoutExpired):
        return "eng"
    return "fra" if re.search(r"^fra$", langs, re.MULTILINE) else "eng"
