"""The budget of an action, as its pilots and the coordinations keep it: lines per year,
nature and party, planned against spent, with their co-financers; each party writes its own;
totals by axis, party, year, nature and co-financer on the dashboard, beside what the
document said; a removal asks for confirmation and can be undone."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from concorde.conventions import budgets
from concorde.conventions.models import BudgetLine
from concorde.lib.amounts import parse_euros
from concorde.lib.errors import DomainError, NotAllowed
from tests.conftest import MONTCLAIR, PARIS, act, client_for, party


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _add(client, convention, action, **fields):
    data = {
        "budget-party": str(party(convention, PARIS).pk),
        "budget-year": "2026",
        "budget-nature": "investissement",
        "budget-label": "",
        "budget-planned": "",
        "budget-spent": "",
        "budget-cofinancings": "",
    }
    data.update({f"budget-{k}": v for k, v in fields.items()})
    return client.post(reverse("dashboard:add-budget-line", args=[convention.pk, action.pk]), data)


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("50 000", "50000"),
        ("12 500,50", "12500.50"),
        ("1.250.000 €", "1250000"),
        ("3000.5", "3000.5"),
        ("20\u202f000 euros", "20000"),
        ("7 500", "7500"),
    ],
)
def test_amounts_are_read_as_people_type_them(typed, amount):
    assert parse_euros(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["", "douze", "12,5,0", "1 2 3,456"])
def test_what_is_not_an_amount_is_refused(typed):
    with pytest.raises(ValueError):
        parse_euros(typed)


def test_a_pilot_enters_a_line_seen_on_the_action_and_the_dashboard(convention, people):
    action = act(convention, "n°1")
    client = client_for(people["paris_pilot"])
    response = _add(
        client,
        convention,
        action,
        label="Aménagement des berges",
        planned="50 000",
        spent="12 500,50",
        cofinancings="Région Île-de-France : 20 000\nÉtat (DSIL) — 10 000 €",
    )
    assert response.status_code == 302 and response.url.endswith("#budget")
    line = BudgetLine.objects.get()
    assert (line.party, line.year, line.planned, line.spent) == (
        party(convention, PARIS),
        2026,
        Decimal("50000"),
        Decimal("12500.50"),
    )
    assert [(c.financer, c.amount) for c in line.cofinancings.all()] == [
        ("Région Île-de-France", Decimal("20000")),
        ("État (DSIL)", Decimal("10000")),
    ]
    page = _text(client.get(reverse("dashboard:action", args=[convention.pk, action.pk])))
    # the document's budget text stays beside the lines
    assert page.count("120 000 €") == 1 and "Selon la convention : 120 000 € Lignes budgétaires" in page
    assert "prévu 50 000 €, dépensé 12 501 € (25 %), dont cofinancé 30 000 €" in page
    assert "Aménagement des berges" in page and "Région Île-de-France : 20 000 €" in page

    # Montclair's pilot adds Montclair's share; the dashboard sums both
    montclair = client_for(people["montclair_pilot"])
    _add(montclair, convention, action, party=party(convention, MONTCLAIR).pk, nature="fonctionnement", planned="8 000")
    dashboard = _text(client.get(reverse("dashboard:dashboard", args=[convention.pk])))
    assert (
        "Prévu 58 000 €, dépensé 12 501 € (22 %), dont 30 000 € de cofinancements — 2 lignes budgétaires" in dashboard
    )
    for expected in (
        "Par axe",
        "Par partie Partie Prévu (€) Dépensé (€) Taux Cofinancé (€) Ville de Paris 50 000 12 501 25 % 30 000 "
        "Commune de Montclair-sur-Marne 8 000 0 0 % 0",
        "Par nature",
        "Fonctionnement 8 000",
        "Par cofinanceur",
        "Région Île-de-France 20 000",
    ):
        assert expected in dashboard
    assert "La convention inscrivait" in dashboard


@pytest.mark.parametrize(
    "fields, refusal",
    [
        ({"planned": "10 000", "cofinancings": "Région : 20 000"}, "dépassent le montant prévu de la ligne"),
        ({"planned": "10 000", "year": "1990"}, "hors de la vie de la convention"),
        ({"planned": "dix mille"}, "Un montant en euros"),
        ({"planned": "10 000", "cofinancings": "la Région paiera"}, "écrire le financeur puis son montant"),
    ],
)
def test_a_wrong_line_is_refused_and_comes_back_as_typed(convention, people, fields, refusal):
    action = act(convention, "n°1")
    response = _add(client_for(people["paris_pilot"]), convention, action, label="Passerelle", **fields)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and refusal in page
    assert 'value="Passerelle"' in page and not BudgetLine.objects.exists()


def test_each_party_writes_its_own_lines(convention, people):
    action = act(convention, "n°1")
    line = budgets.add_line(
        action, people["paris_pilot"], party=party(convention, PARIS), year=2026, nature="investissement", planned=100
    )
    # Montclair's pilot writes Montclair's lines, not Paris's
    with pytest.raises(NotAllowed):
        budgets.add_line(
            action,
            people["montclair_pilot"],
            party=party(convention, PARIS),
            year=2026,
            nature="investissement",
            planned=1,
        )
    url = reverse("dashboard:edit-budget-line", args=[convention.pk, action.pk, line.pk])
    refused = client_for(people["montclair_pilot"]).post(
        url, {f"l{line.pk}-year": "2026", f"l{line.pk}-nature": "investissement", f"l{line.pk}-planned": "1"}
    )
    assert refused.status_code == 403
    # a reader, or a pilot of another action, writes none
    assert _add(client_for(people["paris_reader"]), convention, action, planned="5").status_code == 403
    assert _add(client_for(people["paris_pilot"]), convention, act(convention, "n°4"), planned="5").status_code == 403
    line.refresh_from_db()
    assert line.planned == 100 and BudgetLine.objects.count() == 1
    # Montclair's coordination sees Paris's line, without a form to change it
    page = client_for(people["montclair_coord"]).get(reverse("dashboard:action", args=[convention.pk, action.pk]))
    assert "Modifier la ligne 2026 — Ville de Paris" not in html.unescape(page.content.decode())


def test_a_removal_asks_for_confirmation_and_can_be_undone(convention, people):
    action = act(convention, "n°1")
    line = budgets.add_line(
        action, people["paris_pilot"], party=party(convention, PARIS), year=2026, nature="investissement", planned=900
    )
    client = client_for(people["paris_coord"])
    remove = reverse("dashboard:remove-budget-line", args=[convention.pk, action.pk, line.pk])
    page = _text(client.post(remove, {}, follow=True))
    assert "Cocher la confirmation" in page
    line.refresh_from_db()
    assert line.removed_at is None
    page = _text(client.post(remove, {f"r{line.pk}-confirm": "on"}, follow=True))
    assert "Ligne budgétaire retirée : elle peut être rétablie" in page and "Lignes retirées" in page
    assert budgets.totals(convention).lines == 0
    restore = reverse("dashboard:restore-budget-line", args=[convention.pk, action.pk, line.pk])
    page = _text(client.post(restore, follow=True))
    assert "Ligne budgétaire rétablie" in page
    assert budgets.totals(convention).whole.planned == 900
    assert [h.history_type for h in line.history.order_by("history_date")] == ["+", "~", "~"]


def test_a_change_keeps_the_line_s_party_and_updates_the_totals(convention, people):
    action = act(convention, "n°1")
    line = budgets.add_line(
        action, people["paris_pilot"], party=party(convention, PARIS), year=2026, nature="investissement", planned=900
    )
    client = client_for(people["paris_pilot"])
    url = reverse("dashboard:edit-budget-line", args=[convention.pk, action.pk, line.pk])
    response = client.post(
        url,
        {
            f"l{line.pk}-year": "2027",
            f"l{line.pk}-nature": "fonctionnement",
            f"l{line.pk}-planned": "1 000",
            f"l{line.pk}-spent": "1 200",
            f"l{line.pk}-cofinancings": "",
            f"l{line.pk}-party": str(party(convention, MONTCLAIR).pk),  # ignored: the party stays
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.year, line.nature, line.spent, line.party) == (2027, "fonctionnement", 1200, party(convention, PARIS))
    page = _text(client.get(reverse("dashboard:action", args=[convention.pk, action.pk])))
    assert "dépassement" in page  # spent past what was planned
    with pytest.raises(DomainError, match="positif"):
        budgets.update_line(line, people["paris_pilot"], year=2027, nature="fonctionnement", planned=-1, spent=0)


def test_the_public_page_sums_the_lines_only_once_the_budgets_are_published(convention, people):
    from django.test import Client

    from concorde.conventions.models import Convention

    budgets.add_line(
        act(convention, "n°1"),
        people["paris_coord"],
        party=party(convention, PARIS),
        year=2026,
        nature=BudgetLine.Nature.INVESTMENT,
        planned=Decimal(30000),
        spent=Decimal(7500),
    )
    convention.parties.update(publish=True)
    Convention.objects.filter(pk=convention.pk).update(is_public=True)
    url = reverse("publication:public-convention", args=[convention.pk])
    page = html.unescape(Client().get(url).content.decode()).replace("\u202f", " ").replace("\xa0", " ")
    assert "Prévu 30 000 €" not in page
    convention.parties.update(publish_budgets=True)
    Convention.objects.filter(pk=convention.pk).update(public_budgets=True)
    page = html.unescape(Client().get(url).content.decode()).replace("\u202f", " ").replace("\xa0", " ")
    assert "Prévu 30 000 €, dépensé 7 500 € (25 %)" in page and "Par partie" in page
