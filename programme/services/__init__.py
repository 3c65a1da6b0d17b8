"""Business actions of the programme app, one module per part; the common ones re-exported."""

from .events import (
    event_add_attachment,
    event_create,
    event_delete_attachment,
    event_mark_attendance,
    event_record_minutes,
    event_set_guests,
    event_set_invitees,
    event_update,
)
from .roadmap import (
    activity_mark_done,
    activity_mark_started,
    activity_update,
    check_programme_open,
    deadline_to_date,
    ensure_default_competencies,
    programme_close,
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
    "check_programme_open",
    "deadline_to_date",
    "ensure_default_competencies",
    "event_add_attachment",
    "event_create",
    "event_delete_attachment",
    "event_mark_attendance",
    "event_record_minutes",
    "event_set_guests",
    "event_set_invitees",
    "event_update",
    "grant_admin_access",
    "programme_close",
    "programme_copy_to_next_year",
    "programme_create",
    "programme_update",
    "register_programme_created",
]
