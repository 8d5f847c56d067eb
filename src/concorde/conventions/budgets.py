"""Rules of the actions' budget lines: who writes a party's lines, what a line may say, the
removal that can be undone, and the totals by axis, party, year and nature."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from concorde.lib.errors import DomainError, NotAllowed

from . import policy, tracking
from .models import Action, BudgetLine, CoFinancing, Convention, Party

CEILING = Decimal("1e12")  # a thousand billion euros: past it, a typing slip
ZERO = Decimal(0)


def writable_parties(user, action: Action) -> list[Party]:
    """Each party writes its own lines: its coordination, or a pilot of the action on its side."""
    if action.convention.is_draft:
        return []
    return [p for p in policy.writable_parties(user, action) if p.takes_part]


def _require(user, action: Action, party: Party) -> None:
    if party.convention_id != action.convention_id:
        raise DomainError("Cette partie n'est pas partie à la convention.")
    if party not in writable_parties(user, action):
        raise NotAllowed(
            f"Seuls la coordination de {party.label} et les pilotes de l'action pour elle écrivent son budget."
        )


def years_of(convention: Convention) -> tuple[int, int]:
    """The years a line may be for: from the year before the convention starts (its preparation)
    to the year after it ends, when those are known."""
    start = convention.effective_date or convention.signed_on
    first = (start.year if start else convention.period_start_year or 2000) - 1
    end = convention.ends_on.year if convention.ends_on else convention.period_end_year
    return first, (end + 1 if end else first + 30)


def check_line(action: Action, year: int, planned: Decimal, spent: Decimal, cofinancings) -> None:
    first, last = years_of(action.convention)
    if not first <= year <= last:
        raise DomainError(f"L'année {year} est hors de la vie de la convention ({first}–{last}).")
    for name, amount in (("prévu", planned), ("dépensé", spent)):
        if amount < 0 or amount >= CEILING:
            raise DomainError(f"Le montant {name} doit être positif et inférieur à mille milliards d'euros.")
    total = ZERO
    for financer, amount in cofinancings:
        if not financer.strip():
            raise DomainError("Chaque cofinancement nomme son financeur.")
        if amount <= 0 or amount >= CEILING:
            raise DomainError(f"Le cofinancement de {financer} doit être un montant positif.")
        total += amount
    if total > planned:
        raise DomainError(
            f"Les cofinancements ({_euros(total)}) dépassent le montant prévu de la ligne ({_euros(planned)})."
        )


def _euros(amount: Decimal) -> str:
    return f"{amount:,.0f} €".replace(",", "\u202f")


@transaction.atomic
def add_line(
    action: Action,
    user,
    *,
    party: Party,
    year: int,
    nature: str,
    planned: Decimal,
    spent: Decimal = ZERO,
    label: str = "",
    cofinancings=(),
) -> BudgetLine:
    _require(user, action, party)
    cofinancings = list(cofinancings)
    check_line(action, year, planned, spent, cofinancings)
    line = BudgetLine(
        action=action, party=party, year=year, nature=nature, label=label, planned=planned, spent=spent, created_by=user
    )
    line._history_user = user
    line.save()
    _set_cofinancings(line, cofinancings)
    tracking.touch(action.convention_id)
    return line


@transaction.atomic
def update_line(
    line: BudgetLine,
    user,
    *,
    year: int,
    nature: str,
    planned: Decimal,
    spent: Decimal,
    label: str = "",
    cofinancings=(),
) -> BudgetLine:
    """Change a line; its party stays (another party's amounts are that party's own line)."""
    _require(user, line.action, line.party)
    if line.removed_at:
        raise DomainError("Cette ligne a été retirée : la rétablir avant de la modifier.")
    cofinancings = list(cofinancings)
    check_line(line.action, year, planned, spent, cofinancings)
    line.year, line.nature, line.label, line.planned, line.spent = year, nature, label, planned, spent
    line._history_user = user
    line.save()
    _set_cofinancings(line, cofinancings)
    tracking.touch(line.action.convention_id)
    return line


def _set_cofinancings(line: BudgetLine, cofinancings: list[tuple[str, Decimal]]) -> None:
    line.cofinancings.all().delete()
    CoFinancing.objects.bulk_create(
        [CoFinancing(line=line, financer=name.strip()[:200], amount=amount) for name, amount in cofinancings]
    )


@transaction.atomic
def remove_line(line: BudgetLine, user) -> None:
    """Removed, not deleted: the action's page offers to restore it."""
    _require(user, line.action, line.party)
    if line.removed_at:
        raise DomainError("Cette ligne est déjà retirée.")
    line.removed_at, line.removed_by = timezone.now(), user
    line._history_user = user
    line.save(update_fields=["removed_at", "removed_by"])
    tracking.touch(line.action.convention_id)


@transaction.atomic
def restore_line(line: BudgetLine, user) -> None:
    _require(user, line.action, line.party)
    if not line.removed_at:
        raise DomainError("Cette ligne n'est pas retirée.")
    line.removed_at, line.removed_by = None, None
    line._history_user = user
    line.save(update_fields=["removed_at", "removed_by"])
    tracking.touch(line.action.convention_id)


def current_lines(action_or_convention):
    """The lines not removed, of an action or of a whole convention's current actions."""
    if isinstance(action_or_convention, Convention):
        found = BudgetLine.objects.filter(action__convention=action_or_convention, action__archived_on__isnull=True)
    else:
        found = BudgetLine.objects.filter(action=action_or_convention)
    return found.filter(removed_at__isnull=True).select_related("party").prefetch_related("cofinancings")


@dataclass
class Amounts:
    planned: Decimal = ZERO
    spent: Decimal = ZERO
    cofinanced: Decimal = ZERO

    @property
    def rate(self) -> int | None:
        """What was spent of what was planned, in percent."""
        return round(self.spent * 100 / self.planned) if self.planned else None


@dataclass
class Totals:
    whole: Amounts = field(default_factory=Amounts)
    by_axis: list = field(default_factory=list)  # (axis, Amounts)
    by_party: list = field(default_factory=list)  # (party, Amounts)
    by_year: list = field(default_factory=list)  # (year, Amounts)
    by_nature: list = field(default_factory=list)  # (label, Amounts)
    cofinancers: list = field(default_factory=list)  # (financer, amount)
    document: Decimal | None = None  # the budgets the document gave, summed
    lines: int = 0


_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _summed(lines, key: str) -> dict:
    rows = lines.values(key).annotate(
        planned=Coalesce(Sum("planned"), Value(ZERO), output_field=_MONEY),
        spent=Coalesce(Sum("spent"), Value(ZERO), output_field=_MONEY),
    )
    out = {r[key]: Amounts(r["planned"], r["spent"]) for r in rows}
    cofinanced = CoFinancing.objects.filter(line__in=lines).values(f"line__{key}").annotate(total=Sum("amount"))
    for r in cofinanced:
        out[r[f"line__{key}"]].cofinanced = r["total"]
    return out


def totals(convention: Convention) -> Totals:
    """The convention's budget lines summed: whole, by axis, party, year and nature, and by
    co-financer; beside them, what the document itself said the actions would cost."""
    lines = BudgetLine.objects.filter(
        action__convention=convention, action__archived_on__isnull=True, removed_at__isnull=True
    )
    found = Totals(lines=lines.count())
    document = Action.objects.filter(convention=convention, parent__isnull=True).aggregate(
        total=Sum("budget_amount", filter=Q(budget_amount__isnull=False))
    )["total"]
    found.document = document
    if not found.lines:
        return found
    summed = lines.aggregate(planned=Sum("planned"), spent=Sum("spent"))
    cofinanced = CoFinancing.objects.filter(line__in=lines).aggregate(total=Sum("amount"))["total"]
    found.whole = Amounts(summed["planned"], summed["spent"], cofinanced or ZERO)
    by_axis = _summed(lines, "action__axis")
    found.by_axis = [(axis, by_axis[axis.pk]) for axis in convention.axes.all() if axis.pk in by_axis]
    by_party = _summed(lines, "party")
    found.by_party = [(p, by_party[p.pk]) for p in convention.parties.all() if p.pk in by_party]
    found.by_year = sorted(_summed(lines, "year").items())
    by_nature = _summed(lines, "nature")
    found.by_nature = [(label, by_nature[code]) for code, label in BudgetLine.Nature.choices if code in by_nature]
    found.cofinancers = list(
        CoFinancing.objects.filter(line__in=lines)
        .values_list("financer")
        .annotate(total=Sum("amount"))
        .order_by("-total", "financer")
    )
    return found
