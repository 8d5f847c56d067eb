"""The API of the actions' budget lines: read by whoever reads the convention's budgets (its
members; everyone once the budgets are published), written by each party for its own lines under
the rules of the action page (conventions.budgets)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema, Status

from concorde.conventions import budgets, policy
from concorde.conventions.models import BudgetLine

from . import schemas as s
from .access import action as _action
from .access import convention as _convention
from .access import member as _member
from .auth import READ, WRITE

router = Router(tags=["budget"])
_ERRORS = {400: s.Error, 403: s.Error, 404: s.Error}
Nature = Literal[tuple(BudgetLine.Nature.values)]  # type: ignore[valid-type]
Year = Annotated[int, Field(ge=1900, le=2200)]
Positive = Annotated[Decimal, Field(max_digits=14, decimal_places=2, ge=Decimal(0), lt=Decimal("1e12"))]


class CoFinancingOut(Schema):
    cofinanceur: str = Field(alias="financer")
    montant: Decimal = Field(alias="amount")


class CoFinancingIn(Schema):
    cofinanceur: Annotated[s.Text, Field(min_length=1, max_length=200)]
    montant: Positive


class LineOut(Schema):
    id: int
    action_id: int
    partie_id: int = Field(alias="party_id")
    annee: int = Field(alias="year")
    nature: str
    objet: str = Field(alias="label")
    prevu: Decimal = Field(alias="planned")
    depense: Decimal = Field(alias="spent")
    cofinancements: list[CoFinancingOut]

    @staticmethod
    def resolve_cofinancements(obj):
        return obj.cofinancings.all()


class LineIn(Schema):
    partie_id: s.Id | None = Field(None, description="Obligatoire quand vous écrivez au nom de plusieurs parties.")
    annee: Year
    nature: Nature
    objet: s.Text = ""
    prevu: Positive
    depense: Positive = Decimal(0)
    cofinancements: list[CoFinancingIn] = Field(default_factory=list, max_length=50)


def _values(data: LineIn) -> dict:
    return {
        "year": data.annee,
        "nature": data.nature,
        "label": data.objet[:300],
        "planned": data.prevu,
        "spent": data.depense,
        "cofinancings": [(c.cofinanceur, c.montant) for c in data.cofinancements],
    }


@router.get("/conventions/{pk}/lignes-budgetaires", response={200: list[LineOut], **_ERRORS}, auth=READ)
def lines(request, pk: Path[s.Id]):
    convention = _convention(request, pk)
    if convention.is_draft or not (convention.public_budgets or _member(request, convention)):
        raise Http404  # a draft has no budget lines yet
    return budgets.current_lines(convention).order_by("action__order", "year", "id")


@router.post(
    "/conventions/{pk}/actions/{action_pk}/lignes-budgetaires",
    response={201: LineOut, **_ERRORS},
    auth=WRITE,
    summary="Ajouter une ligne budgétaire au nom de votre partie",
)
def add_line(request, pk: Path[s.Id], action_pk: Path[s.Id], data: LineIn):
    action = _action(request, pk, action_pk)
    parties = budgets.writable_parties(request.user, action)
    if data.partie_id is not None:
        parties = [p for p in parties if p.pk == data.partie_id]
    if not parties:
        raise PermissionDenied("Seuls la coordination d'une partie et les pilotes de l'action écrivent son budget.")
    if len(parties) > 1:
        return Status(400, {"detail": "Préciser partie_id : vous écrivez au nom de plusieurs parties."})
    return Status(201, budgets.add_line(action, request.user, party=parties[0], **_values(data)))


@router.patch(
    "/lignes-budgetaires/{line_pk}",
    response={200: LineOut, **_ERRORS},
    auth=WRITE,
    summary="Modifier une ligne budgétaire de votre partie (tous ses champs)",
)
def update_line(request, line_pk: Path[s.Id], data: LineIn):
    line = get_object_or_404(
        BudgetLine.objects.select_related("action__convention", "party"), pk=line_pk, removed_at__isnull=True
    )
    if not policy.can_view(request.user, line.action.convention):
        raise Http404
    return budgets.update_line(line, request.user, **_values(data))
