"""The programme's domain: organisations and people, the programme and its roadmap, events,
the mentee and mentor bases, assessment and training. One module per part; everything is
re-exported here."""

from .assessment import AssessmentParameter, AssessmentRound, Interview, Score
from .audit import AuditEntry
from .bases import (
    Competency,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    OutcomeEntry,
    Preference,
)
from .events import Event, EventAttachment, EventGuest, EventInvitee
from .org import Organisation, StaffImportJob, StaffImportMapping, StaffMember, User
from .roadmap import Activity, Programme, Stage
from .territories import Territory, TerritoryKind
from .training import (
    Attendance,
    Expert,
    Material,
    TrainingCompletion,
    TrainingSession,
    TrainingSettings,
)

__all__ = [
    "Activity",
    "AssessmentParameter",
    "AssessmentRound",
    "Attendance",
    "AuditEntry",
    "Competency",
    "Event",
    "EventAttachment",
    "EventGuest",
    "EventInvitee",
    "Expert",
    "Interview",
    "Material",
    "MenteeProfile",
    "MenteeRequest",
    "MentorCompetency",
    "MentorProfile",
    "Organisation",
    "OutcomeEntry",
    "Preference",
    "Programme",
    "Score",
    "StaffImportJob",
    "StaffImportMapping",
    "StaffMember",
    "Stage",
    "Territory",
    "TerritoryKind",
    "TrainingCompletion",
    "TrainingSession",
    "TrainingSettings",
    "User",
]
