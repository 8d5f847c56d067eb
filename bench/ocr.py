"""OCR speed and quality on a scanned corpus document, every reader on the same scan in one run:

- the importer (readers.read_bytes: Tesseract called directly, one process a core with one thread
  each, the scan's own image as PGM, its TSV laid out into lines and paragraphs; a page whose
  text is not French turned upright by Tesseract's orientation detection and read again, a page
  skewed by 2° or more turned straight and read again, below that its word boxes turned back:
  readers.ocr.read_page), beside the way it read scans before (pages one after another, rendered
  at 300 dpi and re-encoded as PNG, Tesseract with its default threads), beside Tesseract alone on
  one page, and beside what ocrmypdf's --rotate-pages does (see direct()): orientation detection
  (--psm 0 with the "osd" model) on every page; and Tesseract called directly without turning
  anything (the importer before it did: what the checks cost on straight pages);
- ocrmypdf, when it is installed: its sidecar text, and the PDF it writes read by the importer as
  any PDF with a text layer (how the importer would use it), with its default settings and with
  --deskew --rotate-pages;
- the same scan turned by 90° either way (pages fed sideways) and skewed by 3° either way (fed askew).

Each reading gives its time, pages per second and CPU seconds per page (its own and its
subprocesses': the fair figure when the machine is busy with something else). Each text is set
beside the document's own text on those pages: words found again (in order),
headings and numbered lines found again at the start of a line ("titres"), and what the
importer's parser makes of it: axes and actions, and the project's scorer against
../shared/gold (structure F1, overall score). The text itself is scored too, as the ceiling:
with a few pages the gold's later axes are missing whatever the OCR does.

The scan is made here from a corpus text (pages drawn at 200 dpi and put in an image-only PDF,
as a scanner does), so that the figures are those of a document the process has not seen.

    .venv/bin/python bench/ocr.py [--pages 8 | --pages 0 (the whole document)]
                                  [--document ../shared/corpus/003_….txt]
                                  [--skip-former] [--skip-ocrmypdf] [--skip-turned]

ocrmypdf is optional, not a dependency of the project (`.venv/bin/pip install ocrmypdf`; it
brings pikepdf, img2pdf, pdfminer.six, fpdf2, uharfbuzz). Here it needs no system package beyond
Tesseract and its fra and osd data: it rasterises with pypdfium2 and writes PDF itself;
Ghostscript, pngquant, jbig2 and unpaper only serve its Ghostscript PDF/A, --optimize 2-3 and
--clean options.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import io
import json
import os
import re
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from concorde.ingest import readers  # noqa: E402
from concorde.ingest.parser import ExtractionError, extract  # noqa: E402
from concorde.ingest.parser.gazetteer import Gazetteer  # noqa: E402
from concorde.ingest.readers import ocr  # noqa: E402
from concorde.ingest.readers.pdf_layout import joined, ocr_lines, without_running_lines  # noqa: E402
from concorde.lib.territory_files import package_data_dir  # noqa: E402

LINES_PER_PAGE = 40


# --- the scan -------------------------------------------------------------------------------------


def layout(text: str, pages: int) -> tuple[list[list[str]], str]:
    """The lines of each page, as drawn: the text's lines cut at 70 characters, 40 a page
    (`pages` 0 for the whole text); and the text's own lines that these pages hold."""
    lines: list[tuple[str, int]] = []  # (drawn line, the text's line it comes from)
    source = text.splitlines()
    for number, raw in enumerate(source):
        while len(raw) > 70:
            cut = raw.rfind(" ", 0, 70)
            cut = cut if cut > 0 else 70
            lines.append((raw[:cut], number))
            raw = raw[cut:].lstrip()
        lines.append((raw, number))
    count = pages or -(-len(lines) // LINES_PER_PAGE)
    drawn = lines[: count * LINES_PER_PAGE]
    pages_lines = [[line for line, _ in drawn[p * LINES_PER_PAGE : (p + 1) * LINES_PER_PAGE]] for p in range(count)]
    return pages_lines, "\n".join(source[: drawn[-1][1] + 1])


def scan(pages: list[list[str]], angle: float = 0) -> bytes:
    """An image-only PDF of the pages at 200 dpi; `angle` turns each sheet counterclockwise (90:
    fed sideways, the page is landscape; 3 or -3: fed askew, the text turned on an upright sheet)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("DejaVuSans.ttf", 30)
    images = []
    for lines in pages:
        image = Image.new("L", (1700, 2200), 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((120, 120 + i * 50), line, fill=0, font=font)
        if angle % 90 == 0 and angle:
            image = image.rotate(angle, expand=True)
        elif angle:
            image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=200, save_all=True, append_images=images[1:])
    return out.getvalue()


# --- the readers compared -------------------------------------------------------------------------


def importer(data: bytes) -> str:
    try:
        return readers.read_bytes(data, "scan.pdf").text
    except readers.ReadError:
        return ""


def former_way(data: bytes) -> str:
    """How scans were read before: each page in turn, rendered at 300 dpi, PNG, Tesseract's threads."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    texts = []
    for index in range(len(pdf)):
        image = pdf[index].render(scale=300 / 72).to_pil().convert("L")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "fra"], input=buffer.getvalue(), capture_output=True, check=True
        )
        texts.append(done.stdout.decode("utf-8", errors="replace"))
    pdf.close()
    return "\n\n".join(texts)


def page_images(data: bytes) -> list[bytes]:
    """Each page's own image, in PGM, as the importer gives it to Tesseract."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    images = []
    for page in pdf:
        image = next(page.get_objects(max_depth=1)).get_bitmap(render=False).to_pil().convert("L")
        buffer = io.BytesIO()
        image.save(buffer, format="PPM")
        images.append(buffer.getvalue())
    pdf.close()
    return images


def one_page(data: bytes) -> str:
    return ocr.tesseract_tsv(page_images(data)[0])


def direct(data: bytes, how: str) -> str:
    """Tesseract called directly on each page's image as the importer calls it (one process a
    core with one thread each, TSV laid out by the importer's own code), without what the
    importer does beside (`how` "plain": the importer before it turned pages upright and
    straight), or with orientation detection asked of every page first, as ocrmypdf's
    --rotate-pages does (`how` "osd": the page turned upright, then read by the importer's
    read_page, which turns it straight; the importer itself asks only of a page whose text is
    not French)."""

    def read(image: bytes) -> list[str]:
        if how == "plain":
            return ocr_lines(ocr.tesseract_tsv(image))
        return ocr.read_page(ocr.upright(image) or image)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return joined(without_running_lines(list(pool.map(read, page_images(data)))))


def with_ocrmypdf(data: bytes, output: str, **options) -> str:
    """ocrmypdf on every core: `output` "sidecar", its text file (no PDF written); "pdf", the PDF
    it writes with the text layer, read by the importer as any PDF with text (the way the
    importer would use it: the same layout of lines, headers and page breaks)."""
    import ocrmypdf

    sidecar, pdf = io.BytesIO(), io.BytesIO()
    common = dict(language=["fra"], jobs=os.cpu_count() or 1, progress_bar=False, **options)
    if output == "sidecar":
        ocrmypdf.ocr(io.BytesIO(data), os.devnull, output_type="none", sidecar=sidecar, **common)
        return sidecar.getvalue().decode("utf-8", errors="replace")
    ocrmypdf.ocr(io.BytesIO(data), pdf, output_type="pdf", optimize=0, **common)
    return importer(pdf.getvalue())


def ocrmypdf_available() -> bool:
    if importlib.util.find_spec("ocrmypdf") is None:
        return False
    import logging

    for name in ("ocrmypdf", "pdfminer", "PIL"):  # its notes go to the log; keep the table readable
        logging.getLogger(name).setLevel(logging.ERROR)
    return True


# --- quality --------------------------------------------------------------------------------------


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SHARED / "tools" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HEADING = re.compile(r"\s*(?:(?:[A-Z]|[IVX]+|[ivx]+|\d+(?:\.\d+)*)\s*[.)]\s+\S|(?:Axe|AXE|Article|ARTICLE|Action)\b)")


class Quality:
    """A text beside the document's: words found again (in order, against the drawn pages),
    headings and numbered lines found again at the start of a line, and the parser's reading
    (axes, actions, and the scorer against the gold when there is one)."""

    def __init__(self, source: str, gold: dict | None):
        self.words = re.findall(r"\w+", source.lower())
        self.headings = [_key(line) for line in source.splitlines() if HEADING.match(line)]
        self.gold = gold
        self.scorer = load_scorer() if gold else None
        self.gazetteer = Gazetteer.from_decoupage(package_data_dir())

    def __call__(self, text: str) -> dict:
        words = re.findall(r"\w+", text.lower())
        starts = [_key(line) for line in text.splitlines()]
        found = {
            "words": _found(self.words, words) / max(1, len(self.words)),
            "headings": sum(any(s.startswith(h) for s in starts) for h in self.headings) / len(self.headings)
            if self.headings
            else None,
        }
        try:
            result = extract(text, "scan.pdf", self.gazetteer)
        except ExtractionError:
            result = {"axes": []}
        axes = result.get("axes") or []
        found["axes"] = len(axes)
        found["actions"] = sum(len(axis.get("actions") or []) for axis in axes)
        if self.scorer:
            summary = self.scorer.summarize({"doc": self.scorer.score_document(self.gold, result)})
            found["structure"], found["score"] = summary["structure_f1"], summary["score"]
        return found


def _key(line: str) -> str:
    """A line's first letters and digits, to know a heading again whatever OCR did to its spaces."""
    return re.sub(r"\W+", "", line.lower())[:20]


def _found(expected: list[str], got: list[str]) -> int:
    return sum(
        block.size for block in difflib.SequenceMatcher(None, expected, got, autojunk=False).get_matching_blocks()
    )


# --- the run --------------------------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time of this process and of the processes it waited for (Tesseract, ocrmypdf's workers
    and theirs): what a reading costs, whatever else the machine is running meanwhile."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn, *args, **kwargs) -> tuple[float, float, str]:
    start, cpu = time.perf_counter(), cpu_seconds()
    text = fn(*args, **kwargs)
    return time.perf_counter() - start, cpu_seconds() - cpu, text


def row(label: str, pages: int, seconds: tuple[float, float] | None, quality: dict) -> str:
    speed = " " * 31
    if seconds:
        wall, cpu = seconds
        speed = f"{wall:6.1f} s {pages / wall:5.2f} p/s  CPU {cpu / pages:4.1f} s/p"
    headings = "     -" if quality["headings"] is None else f"{quality['headings']:6.1%}"
    score = (
        f"  structure {quality['structure']:.3f}  score {quality['score']:.3f}"
        if quality.get("score") is not None
        else ""
    )
    return (
        f"  {label:<46} {speed}  mots {quality['words']:6.1%}  titres {headings}  "
        f"axes {quality['axes']:2d}  actions {quality['actions']:3d}{score}"
    )


IMPORTER = "importeur (redressé, OSD si pas français)"
PLAIN = "Tesseract direct seul (importeur d'avant)"
OSD = "importeur + OSD sur chaque page"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=8, help="pages du document scannées (0 : tout le document)")
    ap.add_argument("--document", type=Path, default=SHARED / "corpus" / "003_fc262a67d35e96a7.txt")
    ap.add_argument("--skip-former", action="store_true", help="ne pas mesurer l'ancienne lecture (lente)")
    ap.add_argument("--skip-ocrmypdf", action="store_true", help="ne pas comparer ocrmypdf")
    ap.add_argument("--skip-turned", action="store_true", help="ne pas lire les pages tournées de 90° et de 3°")
    args = ap.parse_args()
    if not readers.ocr_available():
        print("Tesseract absent : lancer bin/setup")
        return 1
    pages, source = layout(args.document.read_text(encoding="utf-8"), args.pages)
    count = len(pages)
    gold_file = SHARED / "gold" / f"{args.document.name[:3]}.json"
    gold = json.loads(gold_file.read_text(encoding="utf-8")) if gold_file.exists() else None
    quality = Quality(source, gold)
    compare = not args.skip_ocrmypdf and ocrmypdf_available()
    if not args.skip_ocrmypdf and not compare:
        print(
            "ocrmypdf absent, comparaison omise (ocrmypdf not installed, comparison skipped): "
            ".venv/bin/pip install ocrmypdf"
        )
    print(
        f"{args.document.name} : {count} pages scannées à 200 dpi, {os.cpu_count()} cœurs"
        + ("" if gold else " (pas de référence dans ../shared/gold : pas de score)")
    )

    def measure(label: str, fn, *fn_args, **options) -> None:
        wall, cpu, text = timed(fn, *fn_args, **options)
        print(row(label, count, (wall, cpu), quality(text)), flush=True)

    data = scan(pages)
    wall, cpu, _ = timed(one_page, data)
    print(
        f"Tesseract seul, une page, un fil : {wall:.2f} s ({1 / wall:.2f} page/s, CPU {cpu:.1f} s) ; "
        f"charge de la machine : {os.getloadavg()[0]:.1f}"
    )
    print("\nPages droites")
    print(row("texte du document (ces pages)", count, None, quality(source)))
    print(
        row(
            "texte tel que dessiné (lignes coupées à 70)",
            count,
            None,
            quality("\n\n".join("\n".join(p) for p in pages)),
        )
    )
    measure(IMPORTER, importer, data)
    measure(PLAIN, direct, data, "plain")
    if not args.skip_former:
        measure("lecture d'avant (en série, 300 dpi, PNG, OpenMP)", former_way, data)
    measure(OSD, direct, data, "osd")
    if compare:
        measure("ocrmypdf par défaut, texte à part (sidecar)", with_ocrmypdf, data, "sidecar")
        measure("ocrmypdf par défaut, PDF lu par l'importeur", with_ocrmypdf, data, "pdf")
        measure("ocrmypdf --deskew --rotate-pages, PDF lu", with_ocrmypdf, data, "pdf", deskew=True, rotate_pages=True)

    if not args.skip_turned:
        for angle, title in (
            (90, "Pages tournées de 90° (passées de côté)"),
            (270, "Pages tournées de 90° dans l'autre sens"),
            (3, "Pages de travers de 3° (sens inverse des aiguilles d'une montre)"),
            (-3, "Pages de travers de 3° (sens des aiguilles d'une montre)"),
        ):
            data = scan(pages, angle)
            print(f"\n{title}")
            measure(IMPORTER, importer, data)
            measure(PLAIN, direct, data, "plain")
            measure(OSD, direct, data, "osd")
            if compare:
                measure("ocrmypdf par défaut, PDF lu par l'importeur", with_ocrmypdf, data, "pdf")
                measure(
                    "ocrmypdf --deskew --rotate-pages, PDF lu",
                    with_ocrmypdf,
                    data,
                    "pdf",
                    deskew=True,
                    rotate_pages=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
