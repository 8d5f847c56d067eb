"""Each corpus document as the files collectivités send — a PDF laid out on pages with a running
header and page numbers, a Word document with Word's own list numbering, a scan of the PDF —
read by the importer's readers and scored against its gold beside its text: a format may not
cost more than 0.03 of the text's score, a scan 0.05."""

import pytest

from concorde.ingest.gazetteer import files_gazetteer
from concorde.ingest.parser import extract
from concorde.ingest.readers import ocr_available, read_bytes

from .formats import as_docx, as_pdf, as_scan, corpus_documents

TOLERANCE = {"pdf": 0.03, "docx": 0.03, "scan": 0.05}


@pytest.fixture(scope="module")
def documents(shared):
    """(gold, text, name) of each document, in its layout with lines (README of corpus-wide)."""
    out = [(gold, path.read_text(encoding="utf-8"), path.name) for gold, path in corpus_documents(shared)]
    assert len(out) == 10, "../shared incomplet"
    return out


@pytest.fixture(scope="module")
def gazetteer():
    return files_gazetteer()


def _score(scorer, gold, text: str, name: str, gazetteer) -> float:
    return scorer.summarize({name: scorer.score_document(gold, extract(text, name, gazetteer))})["score"]


@pytest.fixture(scope="module")
def text_scores(documents, scorer, gazetteer):
    return {name: _score(scorer, gold, text, name, gazetteer) for gold, text, name in documents}


def _pdf(gold, text: str) -> bytes:
    return as_pdf(text, slides=gold.get("kind") == "seminar")  # a slide deck is a page a slide


def _check(fmt: str, documents, text_scores, scorer, gazetteer, make) -> None:
    rows, failures = [], []
    for gold, text, name in documents:
        data, filename = make(gold, text, name)
        read = read_bytes(data, filename, max_bytes=50 * 1024 * 1024)
        score = _score(scorer, gold, read.text, name, gazetteer)
        rows.append(f"{name}: {fmt} {score:.3f}, texte {text_scores[name]:.3f}")
        if score < text_scores[name] - TOLERANCE[fmt]:
            failures.append(rows[-1])
    assert not failures, "\n".join(failures) + "\n\n" + "\n".join(rows)


def test_a_pdf_reads_as_well_as_its_text(documents, text_scores, scorer, gazetteer):
    """Page breaks, running header, page numbers, lines wrapped by the layout, cells of tables."""
    _check("pdf", documents, text_scores, scorer, gazetteer, lambda gold, text, name: (_pdf(gold, text), name + ".pdf"))


def test_a_word_document_reads_as_well_as_its_text(documents, text_scores, scorer, gazetteer):
    """Word numbers the lists (« 1. », « a) »): the numbers are read as Word shows them."""
    _check("docx", documents, text_scores, scorer, gazetteer, lambda gold, text, name: (as_docx(text), name + ".docx"))


def test_a_scan_reads_almost_as_well_as_its_text(documents, text_scores, scorer, gazetteer):
    """The PDF printed and scanned: every page read by OCR."""
    assert ocr_available(), "Tesseract est une dépendance déclarée (bin/setup --test l'installe)"
    _check(
        "scan",
        documents,
        text_scores,
        scorer,
        gazetteer,
        lambda gold, text, name: (as_scan(_pdf(gold, text)), name + ".pdf"),
    )
