"""Business actions of the programme app, one module per part; the common ones re-exported."""

from .events import (
    event_create,
    event_mark_attendance,
    event_record_minutes,
    event_set_invitees,
)
from .roadmap import (
    activity_mark_done,
    activity_mark_started,
    activity_update,
    deadline_to_date,
    ensure_default_competencies,
    programme_copy_to_next_year,
    programme_create,
    programme_update,
    register_programme_created,
)
from .roles import grant_admin_access

__all__ = [
    "activity_mark_done",
    "activity_mark_started",
    "activity_update",
    "deadline_to_date",
    "ensure_default_competencies",
    "event_create",
    "event_mark_attendance",
    "event_record_minutes",
    "event_set_invitees",
    "grant_admin_access",
    "programme_copy_to_next_year",
    "programme_create",
    "programme_update",
    "register_programme_created",
]
