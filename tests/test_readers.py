"""Every format a convention arrives in, and every kind of bad file, gets text or a clear French message."""

import pytest

from concorde.ingest.readers import ReadError, read_bytes

from .documents import docx_file, scanned_pdf, text_pdf

SAMPLE = "Axe 1 : Améliorer l’accueil des élèves\n\nAction n°1 : Créer un réseau commun\n"


def test_utf8_markdown_is_read_as_is():
    result = read_bytes(("# " + SAMPLE).encode("utf-8"), "convention.md")
    assert result.format == "md" and "Améliorer l’accueil" in result.text
    assert len(result.checksum) == 64 and result.size > 0


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_legacy_encodings_are_detected(encoding):
    text = SAMPLE.replace("’", "'") * 20
    result = read_bytes(text.encode(encoding), "convention.txt")
    assert "Améliorer l'accueil des élèves" in result.text
    assert "é" in result.text and "Ã" not in result.text


def test_cp1252_curly_apostrophe_is_kept():
    result = read_bytes(("L’accueil est amélioré. " * 30).encode("cp1252"), "c.txt")
    assert "L’accueil est amélioré" in result.text


def test_empty_file_is_refused_in_french():
    with pytest.raises(ReadError, match="vide"):
        read_bytes(b"", "vide.txt")


def test_binary_file_is_refused_in_french():
    with pytest.raises(ReadError, match="pas un texte lisible"):
        read_bytes(bytes(range(256)) * 40, "image.bin")


def test_huge_file_is_refused_before_reading():
    with pytest.raises(ReadError, match="taille maximale"):
        read_bytes(b"a" * (50 * 1024 * 1024), "enorme.txt", max_bytes=20 * 1024 * 1024)


def test_html_blocks_become_lines_and_cells_tabs():
    page = "<html><body><h1>Axe 1 : Agir</h1><table><tr><td>Budget estimé :</td><td>10 €</td></tr></table><p>Fin &amp; suite</p></body></html>"
    result = read_bytes(page.encode(), "page.html")
    assert result.format == "html"
    assert "Axe 1 : Agir\n" in result.text and "Budget estimé :\t10 €" in result.text and "Fin & suite" in result.text


def test_docx_paragraphs_and_tables_are_read():
    data = docx_file(["Axe 1 : Agir ensemble", "Action n°1 : Planter"], [["Budget estimé :", "5 000 €"]])
    result = read_bytes(data, "convention.docx")
    assert result.format == "docx"
    assert "Action n°1 : Planter" in result.text and "Budget estimé :\t5 000 €" in result.text


def test_broken_docx_is_refused():
    with pytest.raises(ReadError, match=r"Word illisible|ZIP non reconnue"):
        read_bytes(b"PK\x03\x04" + b"\x00garbage" * 100, "abime.docx")


def test_pdf_text_layer_is_read():
    result = read_bytes(text_pdf(["Axe 1 : Agir ensemble", "Action n°2 : Planter des arbres"]), "c.pdf")
    assert result.format == "pdf" and result.pages == 1
    assert "Action n°2 : Planter des arbres" in result.text


def test_broken_pdf_is_refused():
    with pytest.raises(ReadError, match="PDF illisible"):
        read_bytes(b"%PDF-1.4\n" + b"\x00\x01garbage" * 50, "abime.pdf")


def test_file_whose_content_contradicts_its_extension_is_refused():
    with pytest.raises(ReadError, match="extension"):
        read_bytes(b"juste du texte", "faux.pdf")


def test_scanned_pdf_is_read_by_ocr_with_a_warning():
    result = read_bytes(scanned_pdf(["Convention de coopération", "Axe 1 : Agir ensemble"]), "scan.pdf")
    assert "Convention" in result.text and "Agir ensemble" in result.text
    assert any("OCR" in w for w in result.warnings)


@pytest.mark.parametrize(
    "hostile, kept",
    [
        ("<p>Avant</p>" + "<script>" * 20000, "Avant"),  # unclosed scripts hide the rest, in one pass
        ("<p>Avant</p>" + "<" * 400000 + "<p>Après</p>", "Après"),  # « < » by the hundred thousand, no tag closed
        ("<html><style>p {}</style><p>Texte</p>" + "<td>" * 100000, "Texte"),
    ],
)
def test_hostile_html_is_read_in_one_pass(hostile, kept):
    read = read_bytes(hostile.encode(), "piege.html")
    assert read.format == "html" and kept in read.text and "<script" not in read.text


def test_a_pdf_reports_its_pages_as_they_are_read():
    seen = []
    read_bytes(
        text_pdf(["Convention de cooperation", "Article 1 - Objet de la convention"]),
        "c.pdf",
        progress=lambda kind, done, total: seen.append((kind, done, total)),
    )
    assert seen and seen[-1][0] == "pages" and seen[-1][1] == seen[-1][2]


_TITLE = (
    "Ouvrir le lieu commun numéro {n} aux habitants des deux communes et aux associations de leurs "
    "quartiers, le soir et le week-end"
)  # two lines on the page: one may be cut by a page break


def _long_convention(actions: int) -> str:
    """A convention whose actions run over several pages, some sentences across a page break."""
    parts = [
        "Convention de coopération entre la commune de Montclair et la commune de Valbourg",
        "",
        "Axe 1 : Partager les lieux communs",
        "",
    ]
    for n in range(1, actions + 1):
        parts += [
            f"Action n°{n} : {_TITLE.format(n=n)}",
            "",
            "Les deux collectivités s'engagent à partager les locaux, les horaires et les moyens "
            "humains nécessaires, à en rendre compte chaque année au comité de pilotage et à "
            "informer les habitants des quartiers concernés par tous les moyens dont elles disposent.",
            "",
        ]
    return "\n".join(parts)


def test_a_pdf_keeps_every_action_across_page_breaks_and_drops_its_running_lines():
    from .formats import as_pdf

    read = read_bytes(as_pdf(_long_convention(40)), "longue.pdf")
    assert read.pages >= 4
    for n in range(1, 41):
        assert f"Action n°{n} : {_TITLE.format(n=n)}" in read.text, n
    assert "Page 2 sur" not in read.text and "Document de travail" not in read.text
    from concorde.ingest.parser import extract

    titles = [action["title"] for axis in extract(read.text)["axes"] for action in axis["actions"]]
    assert titles == [_TITLE.format(n=n) for n in range(1, 41)]
    # a paragraph wrapped by the layout reads on one line, as it was written
    assert "s'engagent à partager les locaux, les horaires et les moyens humains nécessaires, à en rendre" in read.text


def test_a_word_document_gives_its_list_numbers_as_word_shows_them():
    from .formats import as_docx

    text = read_bytes(
        as_docx(
            "Article 1 - Objet\n1. Premier engagement\n2. Second engagement\n"
            "a) une précision\nb) une autre\nTexte courant\n1. Une autre liste\n- une puce\n"
        ),
        "numerote.docx",
    ).text
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines == [
        "Article 1 - Objet",
        "1. Premier engagement",
        "2. Second engagement",
        "a) une précision",
        "b) une autre",
        "Texte courant",
        "1. Une autre liste",
        "- une puce",
    ]
