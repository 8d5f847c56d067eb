"""The charts the pages draw on the server: an indicator's values against its baseline and target,
the timeline of the actions by axis (or a mandate's priorities) and of the convention's legal
life — each an image with a title and a description, with the table of its figures beside it."""

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.urls import reverse

from concorde.conventions import tracking
from concorde.conventions.models import Convention
from concorde.lib.charts import Group, Item, Point, indicator_chart, timeline

from .conftest import PARIS, act, client_for, party

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def test_an_indicator_chart_draws_each_measurement_with_its_state_and_names_the_target():
    svg = indicator_chart(
        "i1",
        "Jours d'ouverture <du site>",
        [
            Point(dt.date(2026, 3, 1), Decimal(10), "validated"),
            Point(dt.date(2026, 6, 1), Decimal(25), "validated"),
            Point(dt.date(2026, 9, 1), Decimal(40), "pending"),
            Point(dt.date(2026, 10, 1), Decimal(90), "disputed"),
        ],
        unit="jours",
        baseline=Decimal(5),
        target=Decimal(60),
    )
    root = parsed(svg)  # well-formed, the label escaped
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Évolution de l'indicateur « Jours d'ouverture <du site> »"
    desc = root.find(f"{SVG}desc").text
    assert "4 mesure(s) du 01/03/2026 au 01/10/2026" in desc and "cible de 60 jours" in desc and "tableau" in desc
    marks = [e.get("class") for e in root.iter() if "chart-mark" in (e.get("class") or "")]
    assert marks.count("chart-mark chart-mark-validated") == 3  # two points and the legend
    assert marks.count("chart-mark chart-mark-pending") == 2 and marks.count("chart-mark chart-mark-disputed") == 2
    line = root.find(f"{SVG}polyline")
    assert line is not None and len(line.get("points").split()) == 2  # only the validated values are joined
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Cible : 60 jours" in texts and "Référence : 5 jours" in texts


def test_a_chart_with_a_single_measurement_or_none_is_still_drawn():
    one = parsed(indicator_chart("i2", "Un", [Point(dt.date(2026, 5, 1), 3, "pending")], target=None))
    assert "1 mesure(s)" in one.find(f"{SVG}desc").text and one.find(f"{SVG}polyline") is None
    none = parsed(indicator_chart("i3", "Aucune", [], target=Decimal(8)))
    assert none.find(f"{SVG}desc").text == "Aucune mesure. Cible : 8."


def test_a_timeline_places_spans_and_events_between_the_years_and_marks_today():
    today = dt.date(2026, 6, 15)
    svg = timeline(
        "t",
        "Frise",
        [
            Group("Axe 1", [Item("A.1 Baignade", dt.date(2025, 3, 1), dt.date(2027, 9, 30), "En cours")]),
            Group("Axe 2", [Item("B.1 Course", dt.date(2026, 9, 1), None, "À venir", "planned")]),
        ],
        today,
    )
    root = parsed(svg)
    years = [t.text for t in root.iter(f"{SVG}text") if (t.get("class") == "chart-tick")]
    assert years == ["2025", "2026", "2027"]
    assert root.find(f".//{SVG}rect").get("class") == "chart-bar"
    assert [e.get("class") for e in root.iter(f"{SVG}path")] == ["chart-event chart-planned"]
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-label"]
    assert labels == ["A.1 Baignade — En cours", "B.1 Course — À venir"]  # the state in words, not only a colour
    assert root.find(f".//{SVG}line[@class='chart-today']") is not None


def test_the_action_page_draws_each_indicator_above_its_table(convention, people):
    action = act(convention, "n°1")
    indicator = action.indicators.get(label="Nombre de jours de baignade ouverts")
    for day, value in ((dt.date(2026, 6, 1), 12), (dt.date(2026, 7, 1), 30)):
        tracking.enter_measurement(indicator, party(convention, PARIS), people["paris_pilot"], value, day)
    page = client_for(people["montclair_coord"]).get(reverse("dashboard:action", args=[convention.pk, action.pk]))
    html = page.content.decode()
    chart = html[html.index(f'aria-labelledby="indicateur-{indicator.pk}-t') :]
    assert "2 mesure(s) du 01/06/2026 au 01/07/2026" in chart and "pour une cible de 60" in chart
    assert chart.index("</svg>") < chart.index(f"Mesures de l'indicateur {indicator.label}")


def test_the_timeline_page_lays_out_the_actions_and_the_legal_life(convention, people):
    a1, a3 = act(convention, "n°1"), act(convention, "n°3")
    tracking.save_tracking(
        a1.pk,
        a1.lock_version,
        {"start_date": dt.date(2025, 9, 1), "due_date": dt.date(2026, 1, 31)},
        people["paris_coord"],
    )
    tracking.save_tracking(a3.pk, a3.lock_version, {"due_date": dt.date(2027, 5, 1)}, people["paris_coord"])
    Convention.objects.filter(pk=convention.pk).update(
        signed_on=dt.date(2025, 1, 10),
        effective_date=dt.date(2025, 1, 10),
        duration=3,
        duration_unit="years",
        tacit_renewal_times=1,
        notice=3,
        notice_unit="months",
    )
    page = client_for(people["paris_reader"]).get(reverse("dashboard:timeline", args=[convention.pk]))
    html = page.content.decode()
    assert (
        page.status_code == 200
        and 'aria-labelledby="frise-actions-t' in html
        and 'aria-labelledby="frise-vie-t' in html
    )
    assert "Actions par axe" in html and "Vie de la convention" in html
    assert (
        "n°1 Ouvrir un site de baignade surveillé à Montclair-sur-Marne — À venir — en retard" in html
    )  # due, not done
    assert "01/09/2025" in html and "31/01/2026" in html and "01/05/2027" in html
    assert "Période initiale" in html and "1re reconduction" in html and "Signature" in html
    assert "Dernier jour pour dénoncer la reconduction" in html and "09/10/2027" in html
    assert "Sans dates, donc hors de la frise" in html and "Aménager la promenade des berges" in html


def test_a_seminar_of_priorities_shows_its_priorities_and_its_mandate(convention, people):
    Convention.objects.filter(pk=convention.pk).update(
        kind=Convention.Kind.SEMINAR, period_start_year=2020, period_end_year=2026
    )
    a1 = act(convention, "n°1")
    tracking.save_tracking(a1.pk, a1.lock_version, {"due_date": dt.date(2026, 3, 1)}, people["paris_coord"])
    convention.milestones.create(label="Livraison du plan vélo", when_text="fin 2025", due_date=dt.date(2025, 12, 31))
    convention.milestones.create(label="Bilan de mi-mandat", when_text="à mi-mandat")
    html = client_for(people["paris_coord"]).get(reverse("dashboard:timeline", args=[convention.pk])).content.decode()
    assert "Priorités du mandat et jalons" in html and "Thème 1" in html and "Mandat 2020–2026" in html
    assert "Livraison du plan vélo — fin 2025" in html and "31/12/2025" in html
    assert "Bilan de mi-mandat (à mi-mandat)" in html  # undated: listed beside the frise
