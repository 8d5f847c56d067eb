"""OCR speed on a scanned corpus document: pages per second as the importer reads it, beside the
way it read scans before (pages one after another, rendered at 300 dpi and re-encoded as PNG,
Tesseract with its default threads) and beside Tesseract alone on one page, in the same run.

The scan is made here from a corpus text (pages drawn at 200 dpi and put in an image-only PDF,
as a scanner does), so that the figures are those of a document the process has not seen.

    .venv/bin/python bench/ocr.py [--pages 8] [--document ../shared/corpus/003_….txt]
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from concorde.ingest import readers  # noqa: E402


def scan(text: str, pages: int) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    lines: list[str] = []
    for raw in text.splitlines():
        while len(raw) > 70:
            cut = raw.rfind(" ", 0, 70)
            cut = cut if cut > 0 else 70
            lines.append(raw[:cut])
            raw = raw[cut:].lstrip()
        lines.append(raw)
    font = ImageFont.truetype("DejaVuSans.ttf", 30)
    images = []
    for p in range(pages):
        image = Image.new("L", (1700, 2200), 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines[p * 40:(p + 1) * 40]):
            draw.text((120, 120 + i * 50), line, fill=0, font=font)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=200, save_all=True, append_images=images[1:])
    return out.getvalue()


def former_way(data: bytes) -> None:
    """How scans were read before: each page in turn, rendered at 300 dpi, PNG, Tesseract's threads."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for index in range(len(pdf)):
        image = pdf[index].render(scale=300 / 72).to_pil().convert("L")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        subprocess.run(["tesseract", "stdin", "stdout", "-l", "fra"], input=buffer.getvalue(), capture_output=True, check=True)
    pdf.close()


def one_page(data: bytes) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    image = pdf[0].get_objects(max_depth=1).__next__().get_bitmap(render=False).to_pil().convert("L")
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")
    subprocess.run(["tesseract", "stdin", "stdout", "-l", "fra"], input=buffer.getvalue(), capture_output=True, check=True,
                   env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
    pdf.close()


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--document", type=Path, default=ROOT.parent / "shared" / "corpus" / "003_fc262a67d35e96a7.txt")
    ap.add_argument("--skip-former", action="store_true", help="ne pas mesurer l'ancienne lecture (lente)")
    args = ap.parse_args()
    if not readers.ocr_available():
        print("Tesseract absent : lancer bin/setup")
        return 1
    data = scan(args.document.read_text(encoding="utf-8"), args.pages)
    page = timed(one_page, data)
    print(f"Tesseract seul, une page, un fil : {page:.2f} s ({1 / page:.2f} page/s)")
    now = timed(readers.read_bytes, data, "scan.pdf")
    print(f"lecture de l'importeur : {args.pages} pages en {now:.1f} s — {args.pages / now:.2f} pages/s")
    if not args.skip_former:
        before = timed(former_way, data)
        print(f"lecture d'avant (pages l'une après l'autre, 300 dpi, PNG, fils OpenMP) : {args.pages} pages en "
              f"{before:.1f} s — {args.pages / before:.2f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
