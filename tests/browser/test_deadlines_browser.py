"""A coordinator sees a governance alert on the portfolio, follows it to the convention's
deadlines and subscribes to them in a calendar."""

import datetime as dt

import pytest
from django.urls import reverse

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_portfolio_alert_to_the_deadlines_and_their_calendar(page, live_server, people, convention):
    convention.effective_date = dt.date.today() - dt.timedelta(days=426)
    convention.save(update_fields=["effective_date"])
    login(page, live_server, "montclair_coord")
    page.goto(live_server.url + reverse("dashboard:portfolio"))
    row = page.get_by_role("row").filter(has_text=convention.title)
    assert "en retard" in row.inner_text()
    page.goto(live_server.url + reverse("conventions:convention", args=[convention.pk]))
    table = page.get_by_role("table", name="Échéances de la convention, de la plus proche à la plus lointaine")
    assert table.get_by_role("rowheader", name="Dernier jour pour dénoncer la reconduction").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="S'abonner aux échéances de cette convention (calendrier ICS)").click()
    body = open(download.value.path(), encoding="utf-8").read()
    assert "BEGIN:VEVENT" in body and "Fin de la convention" in body.replace("\r\n ", "")
