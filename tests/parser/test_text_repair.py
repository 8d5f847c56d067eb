"""Text repair on small texts written for these tests."""

from concorde.ingest.parser import extract
from concorde.ingest.parser.ocr import looks_ocr, repair_ocr
from concorde.ingest.parser.text import drop_furniture, drop_toc, logical_lines, strip_markup


def texts(raw: str) -> list[str]:
    return [x.text for x in logical_lines(raw)[0]]


def test_markup_is_removed_but_words_and_cells_are_kept():
    assert strip_markup("<p><b>Budget estimé :</b></p>\t<p>10 000 €</p>") == "Budget estimé :\t10 000 €"
    assert strip_markup("## **Axe 2** : *Mieux* vivre") == "Axe 2 : Mieux vivre"
    assert strip_markup("le 1^{er} janvier et le 2^e étage") == "le 1er janvier et le 2e étage"


def test_html_table_flattened_in_one_row_is_split_back_into_rows():
    raw = "<p>Budget estimé :</p> <p>Partenaires mobilisés :</p>\t<p>5 000 €</p> <p>Les clubs</p>"
    assert texts(raw) == ["Budget estimé :\t5 000 €", "Partenaires mobilisés :\tLes clubs"]


def test_lowercase_line_continues_the_previous_one_even_across_a_page_break():
    raw = "Les deux villes travaillent dans le\n\ndomaine de la santé.\n\nUne autre phrase."
    assert texts(raw) == ["Les deux villes travaillent dans le domaine de la santé.", "Une autre phrase."]


def test_connectors_and_list_markers_are_not_joined():
    raw = "Convention de coopération 2030-2032\n\nentre\n\nLa Ville de Nulle-Part\n\na) Première sous-partie"
    assert texts(raw) == [
        "Convention de coopération 2030-2032",
        "entre",
        "La Ville de Nulle-Part",
        "a) Première sous-partie",
    ]


def test_hard_wrapped_text_is_rejoined_and_hyphenated_names_keep_their_hyphen():
    filler = "Une ligne de remplissage qui occupe presque toute la largeur de la page ici.\n"
    raw = (
        filler * 40
        + "2. Un titre qui suit sans ligne vide\n\n1. Créer une instance pérenne de dialogue technique entre les villes de Ivry-\nsur-Seine\n"
    )
    lines = texts(raw)
    assert lines[-1].endswith("de Ivry-sur-Seine")
    assert len(lines) == 3  # the filler paragraph, then the two headings
    assert lines[1] == "2. Un titre qui suit sans ligne vide"


def test_table_of_contents_lines_are_dropped_and_returned():
    lines, _ = logical_lines(
        "Table des matières\n\nAxe 1 : Vivre ensemble.....\t3\nAction n°1 : Planter\t4\n\nAxe 1 : Vivre ensemble\n"
    )
    kept, toc = drop_toc(lines)
    assert [x.text for x in kept] == ["Axe 1 : Vivre ensemble"]
    assert toc == ["Axe 1 : Vivre ensemble", "Action n°1 : Planter"]


def test_furniture_repeated_on_every_page_and_page_numbers_are_dropped():
    block = "Accusé de réception\nEnvoyé le 01/02/30\nActe n°12\n"
    raw = f"{block}Premier paragraphe.\n{block}Deuxième paragraphe.\nPage 2 sur 3\n{block}Fin."
    kept, dropped = drop_furniture(logical_lines(raw)[0])
    assert [x.text for x in kept] == ["Premier paragraphe.", "Deuxième paragraphe.", "Fin."]
    assert dropped == 10


def test_two_identical_table_rows_are_not_furniture():
    rows = "Budget estimé :\t1 €\nPartenaires mobilisés :\tClubs\nIndicateurs de réalisation :\tNombre\n"
    kept, dropped = drop_furniture(logical_lines(f"A.\n{rows}B.\n{rows}")[0])
    assert dropped == 0 and len(kept) == 8


def test_ocr_noise_is_recognised_and_repaired():
    noisy = "1l’usine de 1la ville, 1’Etat et les wvilles ; le ©plan est mis en cuvre a compter de 2020."
    assert looks_ocr(noisy)
    assert (
        repair_ocr(noisy) == "l’usine de la ville, l’Etat et les villes ; le plan est mis en œuvre à compter de 2020."
    )
    assert not looks_ocr("La ville a 17 écoles et 1 lycée.")


def test_ocr_repair_reads_every_spelling_of_oeuvre_and_il():
    noisy = "la mise en ecuvre, le chef-d’ceuvre, la mise en cuvre. I1 est prévu ; la couvreuse et l’ouvrage restent."
    assert (
        repair_ocr(noisy)
        == "la mise en œuvre, le chef-d’œuvre, la mise en œuvre. Il est prévu ; la couvreuse et l’ouvrage restent."
    )


def test_ocr_repair_drops_stray_signs_and_quotes_after_an_apostrophe():
    noisy = "l’usine d’”incinération, l'\"usine, les ¢élus & la <coopération ; « 3 < 4 » et R&D restent."
    assert repair_ocr(noisy) == "l’usine d’incinération, l'usine, les élus à la coopération ; « 3 < 4 » et R&D restent."


def test_ocr_repair_leaves_real_numbers_alone():
    assert repair_ocr("le 17e arrondissement et les 1 500 logements") == "le 17e arrondissement et les 1 500 logements"


def test_ocr_roman_numerals_read_as_t_are_repaired_in_headings():
    assert repair_ocr("IIT. Pilotage de la convention") == "III. Pilotage de la convention"


def test_text_without_structure_is_a_draft_with_a_warning():
    result = extract(
        "Bonjour,\n\nCeci est une lettre qui parle de convention mais sans aucune structure.\n" * 30, "lettre.txt"
    )
    assert result["axes"] == []
    assert any("Aucun axe" in w or "partie" in w for w in result["warnings"])


def test_a_document_finds_every_spelling_of_a_word_and_two_documents_are_read_apart():
    from concorde.ingest.parser.document import Document

    first = Document(
        logical_lines(
            "Le Comité de pilotage.\n\nLa durée est de 3 ans.\n\nUn COPIL annuel.\n\nFait à Paris\n\nRien ici."
        )[0]
    )
    assert first.containing(("comit", "copil", "cotech")) == [0, 2]
    assert first.containing(("durée", "duree", "\nfait ", "\npour extrait")) == [1, 3]
    assert first.containing(("fait ",)) == [3]
    # a second document, read while the first is still open, answers for itself only
    second = Document(logical_lines("Fait à Lyon\n\nRien.\n\nRien.\n\nLe cotech.\n\nLa duree.")[0])
    assert second.containing(("comit", "copil", "cotech")) == [3]
    assert second.containing(("durée", "duree", "\nfait ", "\npour extrait")) == [0, 4]
    assert first.containing(("comit", "copil", "cotech")) == [0, 2]
