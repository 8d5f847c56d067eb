"""Governing bodies of a convention (comité de pilotage, comité technique, groupes de travail),
their meetings, and the convention's legal life that they steer."""

from .life import Assessment, Avenant, AvenantAdoption, Denunciation, Evaluation, FormalNotice, Termination
from .meetings import (
    Attendance,
    BodyMember,
    Decision,
    FollowUp,
    GoverningBody,
    Meeting,
    MeetingAttachment,
    SeatAttendance,
    attachment_path,
)
from .reminders import ReminderChoice, ReminderSent

__all__ = [
    "Assessment",
    "Attendance",
    "Avenant",
    "AvenantAdoption",
    "BodyMember",
    "Decision",
    "Denunciation",
    "Evaluation",
    "FollowUp",
    "FormalNotice",
    "GoverningBody",
    "Meeting",
    "MeetingAttachment",
    "ReminderChoice",
    "ReminderSent",
    "SeatAttendance",
    "Termination",
    "attachment_path",
]
