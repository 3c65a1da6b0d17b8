"""The programme's domain: organisations and people, the programme and its roadmap, events,
the mentee and mentor bases. One module per part; everything is re-exported here."""

from .bases import (
    Competency,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
)
from .events import Event, EventAttachment, EventGuest, EventInvitee
from .org import Organisation, StaffMember, User
from .roadmap import Activity, Programme, Stage

__all__ = [
    "Activity",
    "Competency",
    "Event",
    "EventAttachment",
    "EventGuest",
    "EventInvitee",
    "MenteeProfile",
    "MenteeRequest",
    "MentorCompetency",
    "MentorProfile",
    "Organisation",
    "Programme",
    "StaffMember",
    "Stage",
    "User",
]
