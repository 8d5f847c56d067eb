"""The charts in a real browser, at desktop width and on a phone: an indicator's chart fits its
card and is read as an image with its description; the timeline's frise scrolls inside its own
frame (reachable by keyboard), never the page. With CONCORDE_SCREENSHOTS set to a folder, the
pages are also saved there as PNG, to be looked at."""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from concorde.conventions import tracking
from concorde.conventions.models import Convention
from tests.conftest import MONTCLAIR, act, party

from .conftest import login, overflows
from .test_search_browser import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _dated(convention, people):
    today = dt.date.today()
    coord = people["paris_coord"]
    Convention.objects.filter(pk=convention.pk).update(
        signed_on=today - dt.timedelta(days=500),
        effective_date=today - dt.timedelta(days=500),
        duration=3,
        duration_unit="years",
        tacit_renewal_times=1,
        notice=6,
        notice_unit="months",
    )
    spans = {"n°1": (-420, 60), "n°2": (-300, -20), "2.1": (-200, 400), "n°3": (30, 30), "n°4": (-100, 700)}
    for number, (start, due) in spans.items():
        a = act(convention, number)
        values = {"due_date": today + dt.timedelta(days=due)}
        if start != due:
            values["start_date"] = today + dt.timedelta(days=start)
        if number == "2.1":
            values["status"] = "in_progress"
        tracking.save_tracking(a.pk, a.lock_version, values, coord)
    indicator = act(convention, "n°1").indicators.get(label="Nombre de jours de baignade ouverts")
    for days, value, state in ((330, 12, "validated"), (240, 26, "validated"), (120, 41, "validated"), (20, 47, "")):
        m = tracking.enter_measurement(
            indicator,
            party(convention, MONTCLAIR),
            people["montclair_pilot"],
            Decimal(value),
            today - dt.timedelta(days=days),
        )
        if state:
            tracking.review_measurement(m, coord, accept=True)
    indicator.baseline = Decimal(8)
    indicator.unit = "jours"
    indicator.save()
    return indicator


@pytest.mark.parametrize("width", WIDTHS)
def test_the_charts_fit_the_screen_and_say_what_they_show(page, live_server, people, convention, width):
    indicator = _dated(convention, people)
    shots = os.environ.get("CONCORDE_SCREENSHOTS")
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "paris_coord")
    page.goto(live_server.url + reverse("dashboard:action", args=[convention.pk, act(convention, "n°1").pk]))
    chart = page.get_by_role("img", name="Évolution de l'indicateur « Nombre de jours de baignade ouverts »")
    box = chart.bounding_box()
    assert box["width"] > 300 and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert chart.locator("desc").text_content().startswith("4 mesure(s)")
    assert "pour une cible de 60 jours" in chart.locator("desc").text_content()
    assert not overflows(page)
    if shots:
        chart.scroll_into_view_if_needed()
        page.locator(f"svg[aria-labelledby^='indicateur-{indicator.pk}-t']").screenshot(
            path=str(Path(shots) / f"indicateur-{width}.png")
        )

    page.goto(live_server.url + reverse("dashboard:timeline", args=[convention.pk]))
    actions = page.get_by_role("img", name="Actions par axe")
    life = page.get_by_role("img", name="Vie de la convention")
    assert actions.is_visible() and life.is_visible()
    assert not overflows(page)  # the frise scrolls inside its frame, not the page
    frame = page.get_by_role("region", name="Actions par axe (frise défilante)")
    frame.focus()
    assert page.evaluate("document.activeElement.classList.contains('chart-scroll')")
    table = page.get_by_role("table", name="Vie de la convention : les dates de la frise")
    assert (
        "Période initiale" in table.inner_text() and "Dernier jour pour dénoncer la reconduction" in table.inner_text()
    )
    if shots:
        page.screenshot(path=str(Path(shots) / f"frise-{width}.png"), full_page=True)
