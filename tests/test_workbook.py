"""The whole tableau de bord as a workbook — actions, pilots, indicators, measurements, budget
lines — edited offline in each sheet, previewed, applied under the pages' policy, and read
again without doing anything twice."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from concorde.conventions import budgets
from concorde.conventions.models import BudgetLine, Indicator
from concorde.dashboard import spreadsheets
from concorde.governance.models import Avenant

from .conftest import MONTCLAIR, PARIS, act, client_for, party


def exported(user, convention):
    response = client_for(user).get(reverse("dashboard:export-sheet", args=[convention.pk, "xlsx"]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def saved(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(ws, column: str, value):
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index(column)].value == value:
            return dict(zip(head, row))
    raise AssertionError(f"{column} = {value} absent")


def append(ws, **values):
    head = [c.value for c in ws[1]]
    ws.append([values.get(h) for h in head])


def preview(client, convention, data: bytes):
    return client.post(
        reverse("dashboard:import-sheet", args=[convention.pk]), {"sheet": SimpleUploadedFile("tdb.xlsx", data)}
    )


def confirm(client, convention, previewed):
    """Confirm the preview shown in `previewed` (each preview is confirmed by its own token)."""
    token = re.search(r'name="preview" value="([^"]*)"', previewed.content.decode())
    data = {"confirm": "1", "preview": token[1] if token else ""}
    return client.post(reverse("dashboard:import-sheet", args=[convention.pk]), data, follow=True)


@pytest.fixture
def paris_line(convention, people):
    return budgets.add_line(
        act(convention, "n°1"),
        people["paris_coord"],
        party=party(convention, PARIS),
        year=2026,
        nature=BudgetLine.Nature.INVESTMENT,
        label="Études",
        planned=Decimal("40000"),
    )


def test_every_sheet_holds_its_records_with_stable_identifiers(convention, people, paris_line):
    from concorde.conventions import tracking

    indicator = Indicator.objects.get(label="Nombre de jours de baignade ouverts")
    tracking.enter_measurement(
        indicator, party(convention, MONTCLAIR), people["montclair_pilot"], Decimal(12), dt.date(2026, 7, 1), "Registre"
    )
    wb = exported(people["montclair_coord"], convention)
    assert wb.sheetnames == ["Actions", "Pilotes", "Indicateurs", "Mesures", "Budget"]
    measure = row_of(wb["Mesures"], "Identifiant de l'indicateur", indicator.pk)
    assert (measure["Valeur"].value, measure["Commentaire"].value, measure["État"].value) == (
        12,
        "Registre",
        "À valider",
    )
    line = row_of(wb["Budget"], "Identifiant", paris_line.pk)
    assert (line["Partie"].value, line["Année"].value, line["Prévu (€)"].value) == (PARIS, 2026, 40000)
    pilots = [r for r in wb["Pilotes"].iter_rows(min_row=2, values_only=True) if r[0] == act(convention, "n°1").pk]
    assert {r[4] for r in pilots} == {PARIS, MONTCLAIR}


def test_a_coordination_edits_every_sheet_then_reads_the_file_again(convention, people, paris_line):
    coord = people["paris_coord"]
    n1, n2 = act(convention, "n°1"), act(convention, "n°2")
    indicator = Indicator.objects.get(label="Nombre de jours de baignade ouverts")
    wb = exported(coord, convention)
    row_of(wb["Actions"], "Identifiant", n1.pk)["Action"].value = "Ouvrir deux sites de baignade surveillés"
    row_of(wb["Actions"], "Identifiant", n2.pk)["Statut"].value = "En cours"
    pilots = [r for r in wb["Pilotes"].iter_rows(min_row=2) if r[0].value == n2.pk and r[4].value == PARIS]
    pilots[0][7].value = "paris_pilot"
    row_of(wb["Indicateurs"], "Identifiant", indicator.pk)["Cible"].value = "75"
    append(wb["Indicateurs"], **{"Identifiant de l'action": n2.pk, "Indicateur": "Bancs installés", "Cible": 20})
    append(
        wb["Mesures"],
        **{"Identifiant de l'indicateur": indicator.pk, "Partie": PARIS, "Date": "15/07/2026", "Valeur": "14,5"},
    )
    row_of(wb["Budget"], "Identifiant", paris_line.pk)["Dépensé (€)"].value = "12 500"
    append(
        wb["Budget"],
        **{
            "Identifiant de l'action": n2.pk,
            "Partie": PARIS,
            "Année": 2027,
            "Nature": "Fonctionnement",
            "Objet": "Entretien",
            "Prévu (€)": 8000,
            "Cofinancements": "Région Île-de-France : 3 000 ; État : 1 000",
        },
    )
    data = saved(wb)

    client = client_for(coord)
    page = preview(client, convention, data)
    html = page.content.decode()
    assert page.status_code == 200 and "8 changement(s) à appliquer" in html, html[html.find("Aperçu") :][:1500]
    assert "1 titre(s) modifié(s)" in html and "paris_pilot" in html and "Bancs installés" in html
    assert n1.indicators.get(pk=indicator.pk).target_value == 60  # nothing applied before confirmation

    done = confirm(client, convention, page)
    assert "8 changement(s) appliqué(s)" in done.content.decode()
    n2.refresh_from_db()
    assert n2.status == "in_progress"
    assert [u.username for u in n2.pilots.get(party__label=PARIS).users.all()] == ["paris_pilot"]
    assert Indicator.objects.get(pk=indicator.pk).target_value == 75
    assert n2.indicators.get(label="Bancs installés").target_value == 20
    assert indicator.measurements.get(party__label=PARIS).value == Decimal("14.5")
    paris_line.refresh_from_db()
    assert paris_line.spent == 12500
    new_line = n2.budget_lines.get()
    assert (new_line.year, new_line.nature, sorted((c.financer, c.amount) for c in new_line.cofinancings.all())) == (
        2027,
        "fonctionnement",
        [("Région Île-de-France", 3000), ("État", 1000)],
    )
    # the title waits in an avenant; the signed text has not moved
    avenant = convention.avenants.get()
    assert avenant.status == Avenant.Status.DRAFT and avenant.changes[0]["fields"] == {
        "title": "Ouvrir deux sites de baignade surveillés"
    }
    assert act(convention, "n°1").title.startswith("Ouvrir un site")

    # the same file read again does nothing twice
    again = preview(client, convention, data).content.decode()
    assert "0 changement(s) à appliquer" in again, again[again.find("Aperçu") :][:1500]


def test_a_pilot_writes_only_their_side_and_the_rest_is_refused_with_its_reason(convention, people):
    pilot = people["paris_pilot"]  # pilots n°1 for Paris
    n1, n4 = act(convention, "n°1"), act(convention, "n°4")
    montclair_line = budgets.add_line(
        n1,
        people["montclair_coord"],
        party=party(convention, MONTCLAIR),
        year=2026,
        nature="fonctionnement",
        planned=Decimal(5000),
    )
    wb = exported(pilot, convention)
    row_of(wb["Actions"], "Identifiant", n1.pk)["Action"].value = "Un autre titre"
    indicator = n1.indicators.first()
    row_of(wb["Indicateurs"], "Identifiant", indicator.pk)["Cible"].value = 1
    row_of(wb["Budget"], "Identifiant", montclair_line.pk)["Prévu (€)"].value = 1
    append(wb["Mesures"], **{"Identifiant de l'indicateur": indicator.pk, "Date": "01/07/2026", "Valeur": 3})
    append(
        wb["Mesures"],
        **{"Identifiant de l'indicateur": n4.indicators.first().pk, "Date": "01/07/2026", "Valeur": 3},
    )
    append(
        wb["Budget"],
        **{"Identifiant de l'action": n1.pk, "Année": 2026, "Nature": "invest", "Prévu (€)": "2 000"},
    )
    result = spreadsheets.plan(convention, pilot, spreadsheets.read(saved(wb), "tdb.xlsx"))
    assert sorted(c.op["kind"] for c in result.changes) == ["budget", "measurement"]
    reasons = {sheet: reason for sheet, _, reason in result.refused}
    assert "ne change que par avenant" in reasons["Actions"]
    assert "tenus par les coordinations" in reasons["Indicateurs"]
    assert "Commune de Montclair-sur-Marne" in reasons["Budget"]
    assert "ne pouvez pas saisir de mesure" in reasons["Mesures"]
    made = next(c for c in result.changes if c.op["kind"] == "measurement")
    assert made.op["party"] == party(convention, PARIS).pk  # the only party the pilot writes for


def test_a_row_changed_in_concorde_since_the_export_is_refused_not_merged(convention, people, paris_line):
    coord = people["paris_coord"]
    wb = exported(coord, convention)
    row_of(wb["Budget"], "Identifiant", paris_line.pk)["Dépensé (€)"].value = 100
    budgets.update_line(
        paris_line, people["paris_pilot"], year=2026, nature="investissement", planned=Decimal(45000), spent=Decimal(0)
    )
    result = spreadsheets.plan(convention, coord, spreadsheets.read(saved(wb), "tdb.xlsx"))
    assert result.changes == [] and "modifié dans Concorde depuis l'export" in result.refused[0][2]
    paris_line.refresh_from_db()
    assert paris_line.planned == 45000


@pytest.mark.parametrize(
    "sheet, values, message",
    [
        ("Budget", {"Année": "20x6", "Nature": "Investissement", "Prévu (€)": 1}, "année « 20x6 » illisible"),
        ("Budget", {"Année": 2026, "Nature": "Subvention", "Prévu (€)": 1}, "nature « Subvention » inconnue"),
        ("Budget", {"Année": 1990, "Nature": "Investissement", "Prévu (€)": 1}, "hors de la vie de la convention"),
        (
            "Budget",
            {"Année": 2026, "Nature": "Investissement", "Prévu (€)": 1, "Cofinancements": "Région"},
            "financeur",
        ),
        ("Mesures", {"Date": "01/01/2099", "Valeur": 1}, "dans le futur"),
        ("Mesures", {"Date": "hier", "Valeur": 1}, "date « hier » illisible"),
    ],
)
def test_a_value_that_cannot_be_read_is_refused_and_changes_nothing(convention, people, sheet, values, message):
    coord = people["paris_coord"]
    n1 = act(convention, "n°1")
    wb = exported(coord, convention)
    ids = {"Identifiant de l'action": n1.pk, "Identifiant de l'indicateur": n1.indicators.first().pk, "Partie": PARIS}
    append(wb[sheet], **ids, **values)
    client = client_for(coord)
    page = preview(client, convention, saved(wb))
    assert message in page.content.decode()
    confirm(client, convention, page)
    assert not BudgetLine.objects.exists() and not n1.indicators.first().measurements.exists()


def test_a_measurement_already_entered_is_not_edited_from_the_sheet(convention, people):
    from concorde.conventions import tracking

    indicator = act(convention, "n°1").indicators.first()
    m = tracking.enter_measurement(
        indicator, party(convention, PARIS), people["paris_pilot"], Decimal(5), dt.date(2026, 6, 1)
    )
    wb = exported(people["paris_coord"], convention)
    row_of(wb["Mesures"], "Identifiant", m.pk)["Valeur"].value = 50
    result = spreadsheets.plan(convention, people["paris_coord"], spreadsheets.read(saved(wb), "tdb.xlsx"))
    assert result.changes == [] and "la contester" in result.refused[0][2]


def test_each_preview_is_confirmed_alone_and_checked_again_when_applied(convention, people, paris_line):
    coord = people["paris_coord"]
    n1, n2 = act(convention, "n°1"), act(convention, "n°2")
    first, second = exported(coord, convention), exported(coord, convention)
    row_of(first["Actions"], "Identifiant", n1.pk)["Statut"].value = "En cours"
    row_of(second["Actions"], "Identifiant", n2.pk)["Statut"].value = "Bloqué"
    row_of(second["Budget"], "Identifiant", paris_line.pk)["Dépensé (€)"].value = 500
    client = client_for(coord)
    page_a = preview(client, convention, saved(first))
    page_b = preview(client, convention, saved(second))  # another tab
    # between the preview and its confirmation, Paris's pilot changes the line in Concorde
    budgets.update_line(
        paris_line, people["paris_pilot"], year=2026, nature="investissement", planned=Decimal(41000), spent=Decimal(0)
    )
    done = confirm(client, convention, page_a).content.decode()
    assert "1 changement(s) appliqué(s)" in done
    assert (act(convention, "n°1").status, act(convention, "n°2").status) == ("in_progress", "planned")
    done = confirm(client, convention, page_b).content.decode()
    assert "1 changement(s) appliqué(s). 1 refusé(s)" in done and "modifiée ou retirée entre-temps" in done
    paris_line.refresh_from_db()
    assert (paris_line.planned, paris_line.spent) == (41000, 0)  # the pilot's change stands
    assert "Aucun import en attente" in confirm(client, convention, page_b).content.decode()  # once


def test_a_title_renamed_since_the_export_and_rows_twice_in_the_file_are_refused(convention, people):
    coord = people["paris_coord"]
    n1 = act(convention, "n°1")
    indicator = n1.indicators.first()
    wb = exported(coord, convention)
    row_of(wb["Actions"], "Identifiant", n1.pk)["Action"].value = "Un titre de l'ancien fichier"
    for _ in range(2):
        append(wb["Mesures"], **{"Identifiant de l'indicateur": indicator.pk, "Date": "01/06/2026", "Valeur": 4})
    # meanwhile an avenant in force renamed the action
    type(n1).objects.filter(pk=n1.pk).update(title="Ouvrir le site de baignade")
    result = spreadsheets.plan(convention, coord, spreadsheets.read(saved(wb), "tdb.xlsx"))
    reasons = [reason for _, _, reason in result.refused]
    assert any("a changé depuis l'export" in r for r in reasons)
    assert any("en double avec la ligne" in r for r in reasons)
    assert [c.op["kind"] for c in result.changes] == ["measurement"]


def test_an_ods_edited_with_texts_as_a_spreadsheet_program_writes_them_reads_back_unchanged(convention, people):
    from concorde.conventions import tracking

    coord = people["paris_coord"]
    indicator = act(convention, "n°1").indicators.first()
    tracking.enter_measurement(
        indicator,
        party(convention, PARIS),
        people["paris_pilot"],
        Decimal(7),
        dt.date(2026, 6, 1),
        "Relevé  du poste\nde secours",  # two spaces and a line break: ODF's own elements
    )
    data = client_for(coord).get(reverse("dashboard:export-sheet", args=[convention.pk, "ods"])).content
    book = spreadsheets.read(data, "tdb.ods")
    assert book["Mesures"][0]["Commentaire"] == "Relevé  du poste\nde secours"
    result = spreadsheets.plan(convention, coord, book)
    assert (result.changes, result.refused) == ([], [])


def test_rights_lost_between_the_preview_and_its_confirmation_apply_nothing(convention, people):
    from concorde.territories.models import Membership

    pilot = people["paris_pilot"]  # pilots n°1 for Paris
    n1 = act(convention, "n°1")
    wb = exported(pilot, convention)
    row_of(wb["Actions"], "Identifiant", n1.pk)["Avancement (%)"].value = 60
    client = client_for(pilot)
    page = preview(client, convention, saved(wb))
    assert "1 changement(s) à appliquer" in page.content.decode()
    Membership.objects.filter(user=pilot).update(role=Membership.Role.READER)  # no longer a pilot
    done = confirm(client, convention, page).content.decode()
    assert "0 changement(s) appliqué(s). 1 refusé(s)" in done
    assert act(convention, "n°1").progress == 0
