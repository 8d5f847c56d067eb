"""What the API reads and writes of a convention's governance and legal life."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from .schemas import ActionStatus, Day, Id, Text


class SeatOut(Schema):
    partie: str = Field(alias="party.label")
    membre: str = Field(alias="name")


class BodyOut(Schema):
    id: int
    nature: str = Field(alias="kind", description="comite_pilotage, comite_technique, groupe_travail, other")
    nom: str = Field(alias="label")
    reunions_par_an: int | None = Field(alias="min_meetings_per_year")
    secretariat: str = Field(alias="secretariat", description="tel que la convention le formule")
    secretariat_partie: str | None = Field(None, description="la partie qui assure le secrétariat")
    secretaires: list[str] = Field(description="identifiants des personnes qui reçoivent ses tâches")
    membres: list[SeatOut] = Field(alias="seats")

    @staticmethod
    def resolve_secretariat_partie(body) -> str | None:
        return body.secretariat_party.label if body.secretariat_party else None

    @staticmethod
    def resolve_secretaires(body) -> list[str]:
        return [u.username for u in body.secretaries.all()]


class DecisionOut(Schema):
    id: int
    texte: str = Field(alias="text")
    action_id: int | None
    nouveau_statut: str = Field(alias="new_status")
    nouvelle_echeance: dt.date | None = Field(alias="new_due_date")
    avenant_id: int | None


class FollowUpOut(Schema):
    id: int
    tache: str = Field(alias="title")
    responsable: str = Field(alias="owner.username")
    echeance: dt.date = Field(alias="due_date")
    faite_le: dt.datetime | None = Field(alias="done_at")


class MeetingOut(Schema):
    id: int
    instance_id: int = Field(alias="body_id")
    date: dt.date
    lieu: str = Field(alias="place")
    etat: str = Field(alias="status", description="planned, held, cancelled")


class MeetingDetail(MeetingOut):
    ordre_du_jour: str = Field(alias="agenda")
    compte_rendu: str = Field(alias="minutes")
    decisions: list[DecisionOut]
    suites: list[FollowUpOut] = Field(alias="follow_ups")


class MeetingIn(Schema):
    instance_id: Id
    date: Day
    lieu: Text = ""


class DecisionIn(Schema):
    texte: Text = Field(min_length=1)
    action_id: Id | None = None
    nouveau_statut: ActionStatus | None = None
    nouvelle_echeance: Day | None = None


class FollowUpIn(Schema):
    tache: Text = Field(min_length=1, max_length=500)
    responsable_id: Id
    echeance: Day


class DeadlineOut(Schema):
    nature: str = Field(alias="kind")
    libelle: str = Field(alias="label")
    date: dt.date
    detail: str
    etat: str = Field(alias="state", description="passee, en_retard, proche, a_venir")


class EvaluationOut(Schema):
    id: int
    libelle: str = Field(alias="label")
    date_prevue: dt.date = Field(alias="due_date")
    etat: str = Field(alias="status", description="open, proposed, concluded")
    conclusion: str
    conclue_le: dt.datetime | None = Field(alias="concluded_at")


class AvenantOut(Schema):
    id: int
    numero: int = Field(alias="number")
    objet: str = Field(alias="title")
    etat: str = Field(alias="status", description="draft, approved, in_force")
    prepare_le: dt.datetime = Field(alias="created_at")
    approuve_lors_de: int | None = Field(alias="approved_at_id", description="La réunion du comité de pilotage.")
    modifications: list[dict] = Field(alias="changes")


class DenunciationOut(Schema):
    partie: str = Field(alias="party.label")
    notifiee_le: dt.date = Field(alias="notified_on")


class FormalNoticeOut(Schema):
    id: int
    par: str = Field(alias="by_party.label")
    a: str = Field(alias="to_party.label")
    recue_le: dt.date = Field(alias="notified_on")
    manquement: str = Field(alias="breach")
    resiliation_possible_le: dt.date | None = Field(alias="delay_ends_on")
    levee_le: dt.date | None = Field(alias="lifted_on")


class LegalOut(Schema):
    statut: str
    situation: str
    periode_en_cours: int | None
    date_fin: dt.date | None
    denonciations: list[DenunciationOut]
    mises_en_demeure: list[FormalNoticeOut]
    resiliation_le: dt.date | None
