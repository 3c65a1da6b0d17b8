"""The records of pairing, one module per part (stage 5: pairings, board runs, orders; stage 6:
sign-in links, plans, meetings and calendars, feedback, the pair's outcome). `from
pairing.models import X` works for every one of them."""

from .board import BoardMode, BoardRun
from .feedback import FeedbackRequest, FeedbackRound, FeedbackSchedule
from .meetings import (
    MEETING_KIND_ACTIVITY,
    MEETING_SEQUENCE,
    CalendarFeed,
    Meeting,
    MeetingAttachment,
    MeetingKind,
    MeetingStatus,
    meeting_file_path,
)
from .orders import (
    Notice,
    Order,
    OrderAction,
    OrderItem,
    OrderStatus,
    order_pdf_path,
)
from .outcomes import GoalResult, PairingOutcome
from .pairings import (
    LIVE_STATUSES,
    MENTOR_UNAVAILABLE_KINDS,
    EndKind,
    Membership,
    Pairing,
    PairingStatus,
)
from .plans import (
    Plan,
    PlanActivity,
    PlanActivityKind,
    PlanComment,
    PlanResponsible,
    PlanStatus,
    plan_evidence_path,
)
from .sharing import OPEN_LOAN_STATUSES, LoanAnswer, LoanStatus, MentorLoan
from .signin import SignInChannel, SignInLink

__all__ = [
    "LIVE_STATUSES",
    "MEETING_KIND_ACTIVITY",
    "MEETING_SEQUENCE",
    "MENTOR_UNAVAILABLE_KINDS",
    "OPEN_LOAN_STATUSES",
    "BoardMode",
    "BoardRun",
    "CalendarFeed",
    "EndKind",
    "FeedbackRequest",
    "FeedbackRound",
    "FeedbackSchedule",
    "GoalResult",
    "LoanAnswer",
    "LoanStatus",
    "Meeting",
    "MeetingAttachment",
    "MeetingKind",
    "MeetingStatus",
    "Membership",
    "MentorLoan",
    "Notice",
    "Order",
    "OrderAction",
    "OrderItem",
    "OrderStatus",
    "Pairing",
    "PairingOutcome",
    "PairingStatus",
    "Plan",
    "PlanActivity",
    "PlanActivityKind",
    "PlanComment",
    "PlanResponsible",
    "PlanStatus",
    "SignInChannel",
    "SignInLink",
    "meeting_file_path",
    "order_pdf_path",
    "plan_evidence_path",
]
