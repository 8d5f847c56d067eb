"""What is typed at review is kept as data: indicators with their targets, a budget's amount,
shown on the action's page and in the tableau de bord's spreadsheet."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from concorde.conventions import indicators, services
from concorde.conventions.models import Measurement
from concorde.dashboard.spreadsheets import to_xlsx, workbook
from concorde.ingest.loader import import_document

MAX = 20 * 1024 * 1024


@pytest.fixture
def draft(paris, demo_text):
    user, org = paris
    return import_document(demo_text, "demo.md", user=user, organisation=org, max_bytes=MAX).convention


def review(client, draft, action, **fields):
    prefix = f"action{action.pk}"
    data = {
        f"{prefix}-number": action.number,
        f"{prefix}-title": action.title,
        f"{prefix}-deadline_text": action.deadline_text,
        f"{prefix}-budget_text": action.budget_text,
        f"{prefix}-partners_text": action.partners_text,
        f"{prefix}-indicators_text": action.indicators_text,
        f"{prefix}-budget_amount": "" if action.budget_amount is None else str(action.budget_amount),
    }
    for p in action.pilots.all():
        data[f"{prefix}-pilot_{p.party_id}"] = p.service
    data.update({f"{prefix}-{k}": v for k, v in fields.items()})
    return client.post(reverse("conventions:review-item", args=[draft.pk, "actions", action.pk]), data)


def test_indicator_targets_are_read():
    assert indicators.split("Nombre de professionnels touchés (1500 comme cible) ; Bilan partagé") == [
        {"label": "Nombre de professionnels touchés", "target_value": 1500},
        {"label": "Bilan partagé", "target_value": None},
    ]
    assert indicators.split("Taux de réponse (cible : 80)")[0]["target_value"] == 80
    assert indicators.split("Jardins ouverts, objectif de 12\nVisiteurs") == [
        {"label": "Jardins ouverts", "target_value": 12},
        {"label": "Visiteurs", "target_value": None},
    ]


def test_an_indicator_written_at_review_becomes_an_indicator_with_its_target(client, paris, draft):
    client.force_login(paris[0])
    action = draft.actions.order_by("order").first()
    response = review(client, draft, action, indicators_text="Places créées (cible : 120) ; Familles accompagnées")
    assert response.status_code == 302
    assert [(i.label, i.target_value) for i in action.indicators.order_by("order")] == [
        ("Places créées", 120),
        ("Familles accompagnées", None),
    ]
    # written again with another target and one indicator less: the row is the same, its target follows
    kept = action.indicators.get(label="Places créées")
    review(client, draft, action, indicators_text="Places créées (cible : 150)")
    assert [(i.pk, i.target_value) for i in action.indicators.all()] == [(kept.pk, 150)]


def test_an_indicator_with_measurements_is_never_dropped_by_a_text_change(paris, draft):
    action = draft.actions.order_by("order").first()
    action.indicators_text = "Repas servis (cible : 300)"
    action.save()
    indicators.sync(action)
    measured = action.indicators.get()
    party = draft.parties.first()
    Measurement.objects.create(indicator=measured, party=party, value=120, date="2026-06-30")
    action.indicators_text = "Autre chose"
    action.save()
    indicators.sync(action)
    assert set(action.indicators.values_list("label", flat=True)) == {"Repas servis", "Autre chose"}


def test_a_budget_typed_at_review_is_shown_and_exported(client, paris, draft):
    user, _ = paris
    client.force_login(user)
    action = draft.actions.order_by("order").first()
    review(
        client, draft, action, budget_text="Quarante mille euros sur trois ans, soit 40 000 €"
    )  # the amount field left as it was
    action.refresh_from_db()
    assert action.budget_amount == 40000  # read from the text typed, none being entered
    review(client, draft, action, budget_amount="45000")
    action.refresh_from_db()
    assert action.budget_amount == 45000  # the figure entered wins over the text
    services.validate(draft, user)
    page = client.get(reverse("dashboard:action", args=[draft.pk, action.pk]))
    assert "45 000 €" in page.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    sheet = load_workbook(io.BytesIO(to_xlsx(workbook(draft))))["Actions"]
    head = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == action.pk)
    assert row[head.index("Montant selon le document (€)")] == 45000
