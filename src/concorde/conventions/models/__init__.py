"""The conventions domain, in four modules: the plan, its documents and versions, its tracking,
the budget of its actions."""

from .budget import BudgetLine, CoFinancing
from .documents import Document, DraftRemoval, ImportWarning, Version, document_path
from .plan import (
    TAKING_PART,
    Action,
    ActionPilot,
    Axis,
    Commitment,
    Convention,
    CrossReference,
    EvaluationCriterion,
    Indicator,
    Milestone,
    Party,
    in_force_on,
    live_on,
    with_status,
)
from .tracking import Evidence, Measurement, Update, evidence_path

__all__ = [
    "TAKING_PART",
    "Action",
    "ActionPilot",
    "Axis",
    "BudgetLine",
    "CoFinancing",
    "Commitment",
    "Convention",
    "CrossReference",
    "Document",
    "DraftRemoval",
    "EvaluationCriterion",
    "Evidence",
    "ImportWarning",
    "Indicator",
    "Measurement",
    "Milestone",
    "Party",
    "Update",
    "Version",
    "document_path",
    "evidence_path",
    "in_force_on",
    "live_on",
    "with_status",
]
