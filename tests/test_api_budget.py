"""The API of the budget lines: each party writes its own lines with its token, under the rules
of the action page; the lines are read by the members, and by everyone once the budgets are
published; a wrong value gets a French message and changes nothing."""

from decimal import Decimal

from concorde.conventions.models import BudgetLine
from tests.conftest import act, party

from .test_api import _call, _publish, _token


def test_a_pilot_adds_and_corrects_a_line_of_their_party(convention, people):
    token = _token(people["paris_pilot"])
    n1 = act(convention, "n°1")
    body = {
        "annee": 2026,
        "nature": "investissement",
        "objet": "Études",
        "prevu": "40000",
        "cofinancements": [{"cofinanceur": "Région Île-de-France", "montant": "10000"}],
    }
    status, line = _call("post", f"/conventions/{convention.pk}/actions/{n1.pk}/lignes-budgetaires", token, body)
    assert status == 201 and line["partie_id"] == party(convention, "Ville de Paris").pk
    assert line["cofinancements"] == [{"cofinanceur": "Région Île-de-France", "montant": "10000.00"}]
    status, line = _call("patch", f"/lignes-budgetaires/{line['id']}", token, {**body, "depense": "12500"})
    assert status == 200 and Decimal(line["depense"]) == 12500
    # Montclair's pilot does not write Paris's line
    status, refused = _call("patch", f"/lignes-budgetaires/{line['id']}", _token(people["montclair_pilot"]), body)
    assert status == 403 and "Ville de Paris" in refused["detail"]
    assert BudgetLine.objects.get().spent == 12500


def test_lines_are_read_by_members_then_by_all_once_budgets_are_published(convention, people):
    n1 = act(convention, "n°1")
    _call(
        "post",
        f"/conventions/{convention.pk}/actions/{n1.pk}/lignes-budgetaires",
        _token(people["paris_coord"]),
        {"annee": 2026, "nature": "fonctionnement", "prevu": "5000"},
    )
    path = f"/conventions/{convention.pk}/lignes-budgetaires"
    status, lines = _call("get", path, _token(people["montclair_coord"]))
    assert status == 200 and [line["prevu"] for line in lines] == ["5000.00"]
    _publish(convention)
    assert _call("get", path)[0] == 404  # published, but not its budgets
    _publish(convention, budgets=True)
    assert _call("get", path)[1][0]["nature"] == "fonctionnement"


def test_a_wrong_line_gets_a_french_message_and_changes_nothing(convention, people):
    n1 = act(convention, "n°1")
    path = f"/conventions/{convention.pk}/actions/{n1.pk}/lignes-budgetaires"
    token = _token(people["paris_coord"])
    status, body = _call("post", path, token, {"annee": 1990, "nature": "investissement", "prevu": "1"})
    assert status == 400 and "hors de la vie de la convention" in body["detail"]
    status, body = _call("post", path, token, {"annee": 2026, "nature": "subvention", "prevu": "1"})
    assert status == 422 and body["detail"] == "Données invalides." and body["erreurs"][0]["champ"].endswith("nature")
    assert not BudgetLine.objects.exists()
