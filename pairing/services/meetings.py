"""Meetings of a pair (6.1–6.4, 6.6): planned (a meeting out of the usual order is allowed with
a warning), then recorded as held or not with notes, result and files; the final meeting held
closes the pairing. Each planned meeting is an .ics file and appears in each person's secret
calendar feed; a reminder goes by email the day before, once."""

import datetime as dt
import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from common.mail import make_message
from mentoring.queue import enqueue_on_commit
from programme.exceptions import DomainError
from programme.models import StaffMember, User
from programme.services.roadmap import check_programme_open
from programme.uploads import UploadRule, check_upload, original_name
from programme.validators import (
    NOTE_MAX_LENGTH,
    check_safe_url,
    check_sane_date,
    check_text_length,
    is_safe_url,
)

from ..models import (
    CalendarFeed,
    Meeting,
    MeetingAttachment,
    MeetingKind,
    MeetingStatus,
    Pairing,
    PairingStatus,
)
from ..selectors import meetings as selectors
from .base import hash_token, new_nonce, token_for
from .feedback import satisfaction_send_pair
from .pairings import pairing_complete
from .roadmap import pair_work_roadmap_close

MEETING_ATTACHMENT_RULE = UploadRule(
    extensions=("pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "odt", "jpg", "jpeg", "png"),
    max_bytes=10 * 1024 * 1024,
)
PLANNABLE = (PairingStatus.CONFIRMED, PairingStatus.ACTIVE)
REMINDER_TASK = "pairing.tasks.send_meeting_reminder"
FEED_PURPOSE = "calendar"


# --- Planning ------------------------------------------------------------------------------


class AfterScheduledEnd(DomainError):
    """The meeting falls after the day the pair's early end is scheduled for: planned only
    when the person confirms it."""


def _check_in_term(pairing: Pairing, starts_at: dt.datetime, *, after_end: bool) -> str:
    """Meetings happen within the pair's term: before its start or after its end they are
    refused; after a scheduled early end they need a confirmation and come with a warning
    (they are cancelled if the pair does end that day)."""
    day = timezone.localdate(starts_at)
    if pairing.starts_on and day < pairing.starts_on:
        raise DomainError(
            f"Встреча {day:%d.%m.%Y} раньше начала срока пары ({pairing.starts_on:%d.%m.%Y})."
        )
    if pairing.ends_on and day > pairing.ends_on:
        raise DomainError(
            f"Встреча {day:%d.%m.%Y} позже окончания срока пары ({pairing.ends_on:%d.%m.%Y})."
        )
    if pairing.end_scheduled and day > pairing.ended_on:
        if not after_end:
            raise AfterScheduledEnd(
                f"Пара прекращается досрочно {pairing.ended_on:%d.%m.%Y}, а встреча назначена "
                f"на {day:%d.%m.%Y}. Если она всё же нужна, отметьте «Всё равно запланировать "
                "после даты прекращения» и сохраните ещё раз."
            )
        return (
            f"Встреча назначена после даты досрочного прекращения пары "
            f"({pairing.ended_on:%d.%m.%Y}): если пару не восстановят, встреча будет отменена."
        )
    return ""


def _clean(*, kind, starts_at, duration, place, online_url, topic) -> dict:
    if kind not in MeetingKind.values:
        raise DomainError("Выберите вид встречи.")
    if not isinstance(starts_at, dt.datetime):
        raise DomainError("Укажите дату и время встречи.")
    # The year is checked on the date as typed, before any time-zone conversion (01.01.0001
    # 00:00 in Omsk has no UTC equivalent); a time without a zone is the site's local time.
    check_sane_date(starts_at, what="Дата и время встречи")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if not duration or not 10 <= duration <= 480:
        raise DomainError("Продолжительность встречи — от 10 минут до 8 часов.")
    # One line each; NUL (which PostgreSQL refuses) goes with the other breaks.
    topic = " ".join((topic or "").replace("\x00", " ").split())
    if not topic:
        raise DomainError("Укажите тему встречи.")
    place = " ".join((place or "").replace("\x00", " ").split())
    online_url = check_safe_url(online_url)
    if not place and not online_url:
        raise DomainError("Укажите место встречи или ссылку для подключения.")
    return {
        "kind": kind,
        "starts_at": starts_at,
        "duration": duration,
        "place": place[:300],
        "online_url": online_url,
        "topic": topic[:300],
    }


@transaction.atomic
def meeting_create(
    *,
    pairing: Pairing,
    kind: str,
    starts_at: dt.datetime,
    duration: int = 60,
    place: str = "",
    online_url: str = "",
    topic: str,
    by: User | None,
    after_end: bool = False,
) -> tuple[Meeting, str]:
    """Plan a meeting within the pair's term; returns it with a warning when it is out of the
    usual sequence or after a scheduled early end (which needs `after_end`)."""
    check_programme_open(programme_id=pairing.programme_id)
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.status not in PLANNABLE:
        raise DomainError(
            f"Встречи планируют в действующей паре; эта — «{pairing.get_status_display()}»."
        )
    data = _clean(
        kind=kind,
        starts_at=starts_at,
        duration=duration,
        place=place,
        online_url=online_url,
        topic=topic,
    )
    term_warning = _check_in_term(pairing, data["starts_at"], after_end=after_end)
    warning = selectors.sequence_warning(selectors.pair_meetings(pairing), kind)
    meeting = Meeting.objects.create(pairing=pairing, created_by=by, **data)
    return meeting, " ".join(w for w in (term_warning, warning) if w)


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    kind: str,
    starts_at: dt.datetime,
    duration: int = 60,
    place: str = "",
    online_url: str = "",
    topic: str,
    after_end: bool = False,
) -> tuple[Meeting, str]:
    """Change a planned meeting (within the pair's term, as when planning); a new time means
    a new reminder."""
    check_programme_open(programme_id=meeting.pairing.programme_id)
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("pairing").get(pk=meeting.pk)
    )
    if not meeting.is_planned:
        raise DomainError("Встреча уже отмечена: измените её итоги, а не план.")
    data = _clean(
        kind=kind,
        starts_at=starts_at,
        duration=duration,
        place=place,
        online_url=online_url,
        topic=topic,
    )
    term_warning = _check_in_term(meeting.pairing, data["starts_at"], after_end=after_end)
    if data["starts_at"] != meeting.starts_at:
        meeting.reminder_sent_at = None
    for name, value in data.items():
        setattr(meeting, name, value)
    meeting.save()
    warning = selectors.sequence_warning(
        selectors.pair_meetings(meeting.pairing), kind, exclude_pk=meeting.pk
    )
    return meeting, " ".join(w for w in (term_warning, warning) if w)


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """A planned meeting that will not take place is removed (a held one stays in the log)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_planned:
        raise DomainError("Отмеченную встречу удалить нельзя: она осталась в журнале пары.")
    meeting.delete()


# --- After the meeting -----------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    held: bool,
    notes: str = "",
    result: str = "",
    uploads=(),
    by: User | None = None,
    today: dt.date | None = None,
) -> Meeting:
    """Whether the meeting took place, the notes and the result, and files. The final
    meeting held closes the pairing as «завершена» on its date."""
    check_programme_open(programme_id=meeting.pairing.programme_id)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("pairing__programme")
        .get(pk=meeting.pk)
    )
    today = today or timezone.localdate()
    day = timezone.localdate(meeting.starts_at)
    if day > today:
        raise DomainError(
            f"Встреча назначена на {day:%d.%m.%Y}: отметить её можно в этот день или позже."
        )
    check_text_length(notes, limit=NOTE_MAX_LENGTH, what="Заметки")
    check_text_length(result, limit=NOTE_MAX_LENGTH, what="Результат")
    pairing = meeting.pairing
    closes = meeting.kind == MeetingKind.FINAL and held
    closed_by_it = (
        meeting.kind == MeetingKind.FINAL
        and meeting.status == MeetingStatus.HELD
        and pairing.status == PairingStatus.COMPLETED
    )
    if closed_by_it and not held:
        raise DomainError(
            "Пара завершена этой заключительной встречей: отметку «состоялась» изменить "
            "нельзя. Можно дополнить заметки и результат."
        )
    if closes and not closed_by_it and pairing.status != PairingStatus.ACTIVE:
        raise DomainError(
            "Заключительная встреча завершает пару, закреплённую приказом; эта пара — "
            f"«{pairing.get_status_display()}»."
        )
    for upload in uploads:
        check_upload(upload, MEETING_ATTACHMENT_RULE)
    meeting.status = MeetingStatus.HELD if held else MeetingStatus.NOT_HELD
    meeting.notes = (notes or "").strip()
    meeting.result = (result or "").strip()
    meeting.save(update_fields=["status", "notes", "result", "updated_at"])
    for upload in uploads:
        _attach(meeting, upload, by)
    if closes and not closed_by_it:
        pairing_complete(pairing=pairing, on=day)
        satisfaction_send_pair(pairing=pairing, by=by)
    pair_work_roadmap_close(programme=pairing.programme)
    return meeting


def _attach(meeting: Meeting, upload, by: User | None) -> MeetingAttachment:
    return MeetingAttachment.objects.create(
        meeting=meeting,
        file=upload,
        name=original_name(upload),
        size=getattr(upload, "size", 0) or 0,
        uploaded_by=by,
    )


def meeting_attachment_add(*, meeting: Meeting, upload, by: User | None) -> MeetingAttachment:
    check_upload(upload, MEETING_ATTACHMENT_RULE)
    return _attach(meeting, upload, by)


def meeting_attachment_delete(*, attachment: MeetingAttachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Calendars -------------------------------------------------------------------------------


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _ics_text(value: str) -> str:
    """Text for a calendar line: line breaks kept as breaks (the library escapes them), every
    other control character dropped (RFC 5545 allows none in a value), whatever was stored."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in value if c in "\n\t" or unicodedata.category(c) != "Cc")


def _ics_url(value: str) -> str:
    """A link only if it is safe as it is: a stored «\r\n» must not break the whole file."""
    return value if value and is_safe_url(value) else ""


def _summary(meeting: Meeting) -> str:
    return _ics_text(f"Наставничество: {meeting.get_kind_display()} встреча — {meeting.topic}")


def _members_at(meeting: Meeting) -> list:
    """The mentees of the meeting's pair on its day: one who left before it is not named in it
    and not told of it."""
    day = timezone.localdate(meeting.starts_at)
    return [m for m in meeting.pairing.members.all() if selectors.member_on(m, day)]


def _description(meeting: Meeting) -> str:
    pairing = meeting.pairing
    mentees = [m.mentee.staff.short_name for m in _members_at(meeting)]
    lines = [f"Наставник: {pairing.mentor.staff.short_name}"]
    if mentees:
        lines.append("Наставляемые: " + ", ".join(mentees))
    if _ics_url(meeting.online_url):
        lines.append(f"Подключение: {meeting.online_url}")
    lines.append(settings.SITE_URL + reverse("pairing:meeting", args=[meeting.pk]))
    return _ics_text("\n".join(lines))


def _event(meeting: Meeting, stamp: dt.datetime) -> Event:
    start = timezone.localtime(meeting.starts_at)  # in the site's zone (Asia/Omsk by default)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=meeting.duration))
    event.add("summary", _summary(meeting))
    event.add("description", _description(meeting))
    url = _ics_url(meeting.online_url)
    if location := _ics_text(meeting.place) or url:
        event.add("location", location)
    if url:
        event.add("url", url)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", int(meeting.updated_at.timestamp()) % 2_000_000_000)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.NOT_HELD else "CONFIRMED")
    return event


def meetings_ics(meetings, *, name: str) -> bytes:
    """An iCalendar file of the meetings (one for a download, all of a person's for a feed),
    with times in the site's time zone and its VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", "-//Наставничество педагогов//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(_event(meeting, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_token(feed: CalendarFeed) -> str:
    return token_for(FEED_PURPOSE, feed.token_nonce)


def feed_url(feed: CalendarFeed) -> str:
    return settings.SITE_URL + reverse("pairing:calendar_feed", args=[feed_token(feed)])


def find_feed(token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("staff")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, staff__is_active=True)
        .first()
    )


@transaction.atomic
def calendar_feed_create(*, staff: StaffMember) -> CalendarFeed:
    """A new secret address for the person's calendar; the old one (if any) stops working."""
    StaffMember.objects.select_for_update().get(pk=staff.pk)
    CalendarFeed.objects.filter(staff=staff, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    nonce = new_nonce()
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(
                staff=staff,
                token_nonce=nonce,
                token_hash=hash_token(token_for(FEED_PURPOSE, nonce)),
            )
    except IntegrityError:
        raise DomainError("Адрес календаря только что создан. Обновите страницу.") from None


def calendar_feed_revoke(*, staff: StaffMember) -> int:
    """The address stops working at once (answers 404)."""
    return CalendarFeed.objects.filter(staff=staff, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# --- Reminders -------------------------------------------------------------------------------


def reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue the reminder of every planned meeting of tomorrow (or later today, if the worker
    missed yesterday) not reminded yet. Safe to run as often as wanted: each meeting's reminder
    is claimed once when it is sent."""
    now = now or timezone.now()
    ids = list(
        selectors.reminders_due(now, local_today=timezone.localdate(now)).values_list(
            "pk", flat=True
        )
    )
    for meeting_id in ids:
        enqueue_on_commit(REMINDER_TASK, meeting_id)
    return len(ids)


def meeting_reminder_deliver(*, meeting_id: int) -> int:
    """Email the mentor and the mentees of a planned meeting of an active pair (the mentees in
    it on the meeting's day, as membership stands when the letter goes), with the .ics
    attached. The reminder is claimed first (a conditional update), so a task run twice sends
    it once. Returns how many letters went."""
    # The pair's status as it is now: a pair that ended after the reminder was queued gets none.
    claimed = Meeting.objects.filter(
        pk=meeting_id,
        status=MeetingStatus.PLANNED,
        reminder_sent_at__isnull=True,
        pairing__status=PairingStatus.ACTIVE,
    ).update(reminder_sent_at=timezone.now())
    if not claimed:
        return 0
    try:
        meeting = (
            Meeting.objects.select_related(
                "pairing__mentor__staff", "pairing__programme__organisation"
            )
            .prefetch_related("pairing__members__mentee__staff")
            .get(pk=meeting_id)
        )
        pairing = meeting.pairing
        people = [pairing.mentor.staff] + [m.mentee.staff for m in _members_at(meeting)]
        ics = meetings_ics([meeting], name="Встреча наставничества")
        sent = 0
        for person in people:
            if not person.email:
                continue
            message = make_message(
                "pairing/emails/meeting_reminder",
                {
                    "meeting": meeting,
                    "person": person,
                    "pairing": pairing,
                    "link": settings.SITE_URL + reverse("pairing:meeting", args=[meeting.pk]),
                },
                [person.email],
            )
            message.attach("vstrecha.ics", ics, "text/calendar")
            message.send()
            sent += 1
        return sent
    except Exception:
        # Not sent: let a later run try again rather than lose the reminder.
        Meeting.objects.filter(pk=meeting_id).update(reminder_sent_at=None)
        raise
