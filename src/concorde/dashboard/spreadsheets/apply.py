"""The confirmed changes of an edited workbook, applied one by one through the same services as
the pages: each is checked again (who may, and that nobody changed the record since the
preview), a refused one leaves the others applied. Titles of signed actions go into a new
avenant, which the coordinations then carry through approval and adoption."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from concorde.conventions import budgets, policy, tracking
from concorde.conventions.models import ActionPilot, Convention, Indicator, Party
from concorde.conventions.pilots import designate
from concorde.governance import avenants
from concorde.lib.errors import DomainError
from concorde.territories.models import Service
from concorde.territories.people import pilots_of

from ..forms import IndicatorForm
from .sheets import budget_version, indicator_version, pilot_version


@dataclass
class Outcome:
    applied: int = 0
    refused: list[tuple[str, int, str]] = field(default_factory=list)
    avenant: object = None  # the avenant drafted with the titles, if any


def apply(convention: Convention, user, pending: list[dict]) -> Outcome:
    outcome = Outcome()
    titles = []
    for item in pending:
        op = item["op"]
        if op["kind"] == "title":
            titles.append(item)
            continue
        try:
            with transaction.atomic():
                APPLY[op["kind"]](convention, user, op)
            outcome.applied += 1
        except DomainError as exc:
            outcome.refused.append((item["sheet"], item["line"], str(exc)))
    if titles:
        _titles_by_avenant(convention, user, titles, outcome)
    return outcome


def _tracking(convention, user, op) -> None:
    action = convention.actions.filter(pk=op["action"]).first()
    if action is None or not policy.can_track(user, action):
        raise DomainError("vous ne pouvez plus modifier cette action")
    values = {f: (dt.date.fromisoformat(v) if f.endswith("date") and v else v) for f, v in op["values"].items()}
    tracking.save_tracking(action.pk, op["version"], values, user)


def _pilots(convention, user, op) -> None:
    action = convention.actions.filter(pk=op["action"]).first()
    party = next((p for p in policy.coordinated_parties(user, convention) if p.pk == op["party"]), None)
    if action is None or party is None:
        raise DomainError("Seule la coordination de cette partie désigne ses pilotes.")
    pilot = (
        ActionPilot.objects.select_for_update()
        .filter(action=action, party=party)
        .prefetch_related("services", "users")
        .first()
    )
    if pilot_version(pilot) != op["version"]:
        raise DomainError(f"Le pilotage de {party.label} a été modifié entre-temps : exporter à nouveau.")
    services = list(Service.objects.filter(organisation_id=party.organisation_id, pk__in=op["services"]))
    users = list(pilots_of(party.organisation_id).filter(pk__in=op["users"]))
    if len(services) != len(op["services"]) or len(users) != len(op["users"]):
        raise DomainError(f"Un service ou une personne nommés n'est plus de {party.label} : exporter à nouveau.")
    designate(action, party, services, users, user)


def _indicator(convention, user, op) -> None:
    action = convention.actions.filter(pk=op["action"]).first()
    if action is None or not policy.coordinated_parties(user, convention):
        raise DomainError("Les indicateurs sont tenus par les coordinations.")
    if op["id"] is None:
        indicator = Indicator(action=action)
    else:
        indicator = Indicator.objects.select_for_update().filter(pk=op["id"], action=action).first()
        if indicator is None or indicator_version(indicator) != op["version"]:
            raise DomainError("Cet indicateur a été modifié entre-temps : exporter à nouveau.")
    values = op["values"]
    data = {
        "label": values["label"],
        "unit": values["unit"],
        "baseline": (values["baseline"] or "").replace(".", ","),  # the form reads French numbers
        "target_value": (values["target_value"] or "").replace(".", ","),
    }
    form = IndicatorForm(data, instance=indicator)
    if not form.is_valid():
        raise DomainError(" ".join(e for errors in form.errors.values() for e in errors))
    tracking.save_indicator(form, user)


def _measurement(convention, user, op) -> None:
    indicator = (
        Indicator.objects.filter(pk=op["indicator"], action__convention=convention, action__archived_on__isnull=True)
        .select_related("action__convention")
        .first()
    )
    if indicator is None:
        raise DomainError("Indicateur introuvable.")
    party = next((p for p in policy.writable_parties(user, indicator.action) if p.pk == op["party"]), None)
    if party is None:
        raise DomainError("Vous ne pouvez pas saisir de mesure pour cette partie.")
    tracking.enter_measurement(
        indicator, party, user, Decimal(op["value"]), dt.date.fromisoformat(op["date"]), op["comment"]
    )


def _budget(convention, user, op) -> None:
    values = dict(op["values"])
    values["planned"] = Decimal(values["planned"])
    values["spent"] = Decimal(values["spent"])
    values["cofinancings"] = [(financer, Decimal(amount)) for financer, amount in values["cofinancings"]]
    if op["id"] is None:
        action = convention.actions.filter(pk=op["action"]).first()
        party = Party.objects.filter(pk=op["party"], convention=convention).first()
        if action is None or party is None:
            raise DomainError("Action ou partie introuvable.")
        budgets.add_line(action, user, party=party, **values)
        return
    line = (
        budgets.current_lines(convention)
        .select_for_update(of=("self",))
        .filter(pk=op["id"])
        .select_related("action__convention")
        .first()
    )
    if line is None or budget_version(line) != op["version"]:
        raise DomainError("Cette ligne budgétaire a été modifiée ou retirée entre-temps : exporter à nouveau.")
    budgets.update_line(line, user, **values)


APPLY = {
    "tracking": _tracking,
    "pilots": _pilots,
    "indicator": _indicator,
    "measurement": _measurement,
    "budget": _budget,
}


def _titles_by_avenant(convention, user, items: list[dict], outcome: Outcome) -> None:
    """One avenant carries the titles changed in the file; if none can go in, none is drafted."""
    try:
        with transaction.atomic():
            avenant = avenants.create(
                convention, user, f"Titres d'actions modifiés par le tableur du {timezone.localdate():%d/%m/%Y}"
            )
            added = 0
            for item in items:
                op = item["op"]
                try:
                    with transaction.atomic():
                        avenants.add_change(
                            avenant,
                            user,
                            {"op": "change_action", "action": op["action"], "fields": {"title": op["title"]}},
                        )
                    added += 1
                except DomainError as exc:
                    outcome.refused.append((item["sheet"], item["line"], str(exc)))
            if not added:
                raise _NothingAdded
    except _NothingAdded:
        return
    except DomainError as exc:
        outcome.refused.extend((item["sheet"], item["line"], str(exc)) for item in items)
        return
    outcome.avenant = avenant
    outcome.applied += added


class _NothingAdded(Exception):
    """Rolls back an avenant that no change went into."""
