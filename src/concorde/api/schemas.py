"""What the API reads and writes. Free text refuses NUL characters (PostgreSQL stores none)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

from concorde.conventions.models import Action, Measurement


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("caractère NUL interdit")
    return value


Text = Annotated[str, Field(max_length=2000), AfterValidator(_no_nul)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
ActionStatus = Literal[tuple(Action.Status.values)]  # type: ignore[valid-type]
Amount = Annotated[Decimal, Field(max_digits=14, decimal_places=2, gt=Decimal("-1e12"), lt=Decimal("1e12"))]
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))]


class Error(Schema):
    detail: str


class PartyOut(Schema):
    id: int
    nom: str = Field(alias="label")
    organisation: str = Field(alias="organisation.name")
    siren: str = Field(alias="organisation.siren")
    participation: str = Field(
        alias="consent",
        description="accepted (partie), pending (invitée, réponse attendue), "
        "refused, outside (hors Concorde : l'importatrice agit pour elle)",
    )


class ConventionOut(Schema):
    id: int
    titre: str = Field(alias="title")
    statut: str = Field(
        alias="status",
        description="Situation du jour : signed, in_force, renewed, ended, denounced, terminated (validated : dates à renseigner ; draft : brouillon).",
    )
    periode_en_cours: int | None = Field(
        alias="period_number", description="0 : période initiale ; n : n-ième reconduction tacite."
    )
    date_fin: dt.date | None = Field(alias="ends_on", description="Dernier jour connu à ce jour.")
    publiee: bool = Field(alias="is_public")
    annee_debut: int | None = Field(alias="period_start_year")
    annee_fin: int | None = Field(alias="period_end_year")
    date_prise_effet: dt.date | None = Field(alias="effective_date")
    avancement: float | None = Field(alias="progress")
    themes: list[str] = Field(description="Codes des thèmes (voir le filtre du portail).")
    parties: list[PartyOut]

    @staticmethod
    def resolve_parties(obj):
        return obj.parties.all()


class AxisOut(Schema):
    id: int
    numero: str = Field(alias="number")
    titre: str = Field(alias="title")


class ConventionDetail(ConventionOut):
    axes: list[AxisOut]
    duree: int | None = Field(alias="duration")
    duree_unite: str = Field(alias="duration_unit", description="years, months ou days.")
    reconductions_tacites: int | None = Field(alias="tacit_renewal_times")
    preavis: int | None = Field(alias="notice")
    preavis_unite: str = Field(alias="notice_unit", description="years, months ou days.")
    situation: str = Field(alias="standing_text")

    @staticmethod
    def resolve_axes(obj):
        return obj.axes.all()


class ActionOut(Schema):
    id: int
    convention_id: int
    axe_id: int = Field(alias="axis_id")
    action_parente_id: int | None = Field(alias="parent_id")
    numero: str = Field(alias="number")
    titre: str = Field(alias="title")
    statut: ActionStatus = Field(alias="status")
    avancement: int = Field(alias="progress")
    debut: dt.date | None = Field(alias="start_date")
    fin_prevue: dt.date | None = Field(alias="end_date")
    echeance: dt.date | None = Field(alias="due_date")
    budget: str | None = Field(
        None, description="Vide quand les budgets ne sont pas publiés et que l'appelant n'est pas membre d'une partie."
    )
    version: int = Field(
        alias="lock_version", description="À renvoyer avec une modification : refuse les enregistrements concurrents."
    )

    @staticmethod
    def resolve_budget(obj):
        return obj.budget_text if getattr(obj, "show_budget", True) else None


class ActionPatch(Schema):
    version: Annotated[int, Field(ge=0, le=2**31 - 1)]
    statut: ActionStatus | None = None
    avancement: Annotated[int, Field(ge=0, le=100)] | None = None
    debut: Day | None = None
    fin_prevue: Day | None = None
    echeance: Day | None = None


class StaleOut(Schema):
    detail: str
    action: ActionOut


class IndicatorOut(Schema):
    id: int
    action_id: int
    libelle: str = Field(alias="label")
    unite: str = Field(alias="unit")
    valeur_reference: Decimal | None = Field(alias="baseline")
    cible: Decimal | None = Field(alias="target_value")


class MeasurementOut(Schema):
    id: int
    indicateur_id: int = Field(alias="indicator_id")
    partie_id: int = Field(alias="party_id")
    date: dt.date
    valeur: Decimal = Field(alias="value")
    etat: Literal[tuple(Measurement.Status.values)] = Field(alias="status")  # type: ignore[valid-type]
    commentaire: str = Field(alias="comment")
    motif_contestation: str = Field(alias="dispute_reason")


class MeasurementIn(Schema):
    valeur: Amount
    date: Day
    partie_id: Id | None = Field(None, description="Au nom de quelle partie ; par défaut la seule où l'appelant écrit.")
    commentaire: Text = ""


class ReviewIn(Schema):
    decision: Literal["valider", "contester"]
    motif: Text = ""


class SearchHitOut(Schema):
    nature: str = Field(description="convention, axe, action, indicateur, reunion, deliberation, document")
    id: int = Field(description="L'identifiant de l'objet trouvé (action, document…).")
    titre: str = Field(description="Le titre, les mots trouvés entre <mark> et </mark> (HTML échappé).")
    extrait: str = Field(description="Le passage où les mots sont trouvés, marqué de même.")
    url: str = Field(description="La page où le lire.")
    convention_id: int | None
    convention: str | None
    collectivite: str = Field(description="Pour une délibération hors convention : sa collectivité.")
    annee: int | None
    score: float


class SearchOptionOut(Schema):
    valeur: str
    libelle: str
    nombre: int
    choisi: bool


class SearchFacetOut(Schema):
    parametre: str
    libelle: str
    options: list[SearchOptionOut]


class SearchOut(Schema):
    requete: str
    total: int = Field(description="Nombre de résultats classés (au plus 200).")
    plus: bool = Field(description="Vrai quand il y en a davantage : préciser la recherche.")
    page: int
    pages: int
    resultats: list[SearchHitOut]
    facettes: list[SearchFacetOut]
