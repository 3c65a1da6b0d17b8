"""Events of the roadmap (1.1, 1.2, 5.1, 6.7, 7.2): invitations, attendance, minutes."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..exceptions import DomainError
from ..models import Event, EventAttachment, EventGuest, EventInvitee, Programme
from ..models.events import EVENT_KIND_ACTIVITY
from ..uploads import UploadRule, check_upload, original_name
from ..validators import (
    MINUTES_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    check_text_length,
    event_date_error,
    normalise_name,
)
from .roadmap import activity_mark_done, activity_mark_started


@transaction.atomic
def event_create(
    *,
    programme: Programme,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    description: str = "",
    invitees=(),
    guests=(),
) -> Event:
    """An event (1.1, 1.2, 5.1, 6.7, 7.2…) linked to its roadmap activity."""
    _check_event(programme=programme, starts_at=starts_at, description=description)
    code = EVENT_KIND_ACTIVITY.get(kind)
    activity = programme.activities.filter(code=code).first() if code else None
    event = Event.objects.create(
        programme=programme,
        activity=activity,
        kind=kind,
        title=title,
        starts_at=starts_at,
        place=place,
        description=description,
    )
    event_set_invitees(event=event, staff=invitees)
    EventGuest.objects.bulk_create(
        EventGuest(event=event, **guest) for guest in _named(guests) if guest["full_name"]
    )
    if code:
        activity_mark_started(programme=programme, code=code)
    return event


def _check_event(*, programme: Programme, starts_at: dt.datetime, description: str) -> None:
    if message := event_date_error(starts_at, programme_year=programme.year):
        raise DomainError(message)
    check_text_length(description, limit=NOTE_MAX_LENGTH, what="Описание")


def event_set_invitees(*, event: Event, staff) -> None:
    staff = list(staff)
    if any(p.organisation_id != event.programme.organisation_id for p in staff):
        raise DomainError("Пригласить можно только сотрудников этой организации.")
    wanted = {p.pk for p in staff}
    event.invitees.exclude(staff_id__in=wanted).delete()
    present = set(event.invitees.values_list("staff_id", flat=True))
    # ignore_conflicts: a double click saving the same list adds each invitee once.
    EventInvitee.objects.bulk_create(
        [EventInvitee(event=event, staff_id=pk) for pk in wanted - present],
        ignore_conflicts=True,
    )


def event_mark_attendance(*, event: Event, attended_staff_ids, attended_guest_ids) -> None:
    attended_staff_ids, attended_guest_ids = set(attended_staff_ids), set(attended_guest_ids)
    event.invitees.update(attended=False)
    event.invitees.filter(staff_id__in=attended_staff_ids).update(attended=True)
    event.guests.update(attended=False)
    event.guests.filter(pk__in=attended_guest_ids).update(attended=True)


@transaction.atomic
def event_record_minutes(*, event: Event, minutes: str, evidence_url: str) -> Event:
    """Recording the minutes closes the event's roadmap activity, with the event as evidence."""
    minutes = minutes.strip()
    if not minutes:
        raise DomainError("Протокол не может быть пустым.")
    check_text_length(minutes, limit=MINUTES_MAX_LENGTH, what="Протокол")
    event.minutes = minutes
    event.minutes_recorded_at = timezone.now()
    event.save(update_fields=["minutes", "minutes_recorded_at"])
    if event.activity_id:
        event_day = timezone.localdate(event.starts_at)
        activity_mark_done(
            programme=event.programme,
            code=event.activity.code,
            evidence_url=evidence_url,
            evidence_label=f"Событие «{event.title}» от {event_day:%d.%m.%Y}",
            on=event_day,
        )
    return event


EVENT_ATTACHMENT_RULE = UploadRule(
    extensions=("pdf", "doc", "docx", "xls", "xlsx", "odt", "jpg", "jpeg", "png"),
    max_bytes=10 * 1024 * 1024,
)


@transaction.atomic
def event_update(
    *,
    event: Event,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    description: str = "",
    invitees=(),
    guests=(),
) -> Event:
    """Change an event; its roadmap activity follows its kind."""
    _check_event(programme=event.programme, starts_at=starts_at, description=description)
    code = EVENT_KIND_ACTIVITY.get(kind)
    event.kind = kind
    event.activity = event.programme.activities.filter(code=code).first() if code else None
    event.title = title
    event.starts_at = starts_at
    event.place = place
    event.description = description
    event.save()
    event_set_invitees(event=event, staff=invitees)
    event_set_guests(event=event, guests=guests)
    return event


def _named(guests) -> list[dict]:
    """The guests with their names as names are stored (see `normalise_name`)."""
    return [{**g, "full_name": normalise_name(g.get("full_name"))} for g in guests]


def event_set_guests(*, event: Event, guests) -> None:
    """Replace the external guests; a guest kept by name keeps their attendance mark."""
    wanted = [g for g in _named(guests) if g["full_name"]]
    existing = {normalise_name(g.full_name).lower(): g for g in event.guests.all()}
    keep = []
    for guest in wanted:
        current = existing.get(guest["full_name"].lower())
        if current is not None:
            current.organisation_name = guest.get("organisation_name", "")
            current.position = guest.get("position", "")
            current.email = guest.get("email", "")
            current.save(update_fields=["organisation_name", "position", "email"])
            keep.append(current.pk)
        else:
            keep.append(EventGuest.objects.create(event=event, **guest).pk)
    event.guests.exclude(pk__in=keep).delete()


def event_add_attachment(*, event: Event, upload, title: str = "") -> EventAttachment:
    """Attach a document or photo (minutes, presentation) within the size and type limits."""
    check_upload(upload, EVENT_ATTACHMENT_RULE)
    name = original_name(upload)
    return EventAttachment.objects.create(
        event=event, file=upload, original_name=name, title=title or name
    )


def event_delete_attachment(*, attachment: EventAttachment) -> None:
    attachment.file.delete(save=False)
    attachment.delete()
