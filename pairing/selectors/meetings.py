"""Reads of the pairs' meetings: a pair's log, the meetings in a person's calendar, the
meetings due a reminder, the suggested next kind, and the progress of 6.1–6.4 and 6.6 (the
share of working pairs that held each kind of meeting). A fixed number of queries each."""

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from common.formatting import plural_ru
from programme.models import Programme, StaffMember
from programme.progress import Progress

from ..models import (
    MEETING_KIND_ACTIVITY,
    MEETING_SEQUENCE,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Membership,
    Pairing,
    PairingStatus,
)


def pair_meetings(pairing: Pairing) -> list[Meeting]:
    return list(
        Meeting.objects.filter(pairing=pairing)
        .prefetch_related("attachments")
        .order_by("starts_at", "pk")
    )


def meeting_with_pair(meeting_pk: int) -> Meeting:
    """A meeting with its pair and people (raises Meeting.DoesNotExist)."""
    return (
        Meeting.objects.select_related("pairing__mentor__staff", "pairing__programme__organisation")
        .prefetch_related("attachments")
        .get(pk=meeting_pk)
    )


def suggested_kind(meetings: list[Meeting]) -> str:
    """The next kind of the usual sequence: the first not yet held or planned; after the
    planning meeting, regular ones."""
    taken = {m.kind for m in meetings if m.status != MeetingStatus.NOT_HELD}
    for kind in MEETING_SEQUENCE[:3]:
        if kind not in taken:
            return kind
    return MeetingKind.REGULAR


def sequence_warning(meetings: list[Meeting], kind: str, *, exclude_pk: int | None = None) -> str:
    """A warning (not a refusal) for a meeting out of the usual order: a kind whose earlier
    steps have not taken place or been planned, or a second organisational or final one."""
    others = [m for m in meetings if m.pk != exclude_pk and m.status != MeetingStatus.NOT_HELD]
    taken = {m.kind for m in others}
    if kind in (MeetingKind.ORGANISATIONAL, MeetingKind.FINAL) and kind in taken:
        return f"У пары уже есть встреча «{MeetingKind(kind).label}»."
    index = MEETING_SEQUENCE.index(kind)
    missing = [k for k in MEETING_SEQUENCE[:index] if k not in taken and k != MeetingKind.REGULAR]
    if kind == MeetingKind.FINAL and MeetingKind.REGULAR not in taken:
        missing.append(MeetingKind.REGULAR)
    if not missing:
        return ""
    names = ", ".join(f"«{MeetingKind(k).label}»" for k in missing)
    return (
        f"Встреча вне обычной последовательности: ещё не было {names}. Обычно встречи идут так: "
        "знакомство → пробная рабочая → планирование → регулярные → заключительная."
    )


# Pairs whose meetings are all in the calendars; an ended pair keeps only what took place (or
# was recorded as not held) up to its end: its planned meetings are nobody's any more.
CALENDAR_LIVE = (PairingStatus.CONFIRMED, PairingStatus.ACTIVE)
CALENDAR_ENDED = (PairingStatus.COMPLETED, PairingStatus.TERMINATED)


def _calendar_meetings() -> QuerySet[Meeting]:
    """Meetings that belong in a calendar now, with `day` (the local date they start on)."""
    ended = (
        Q(pairing__status__in=CALENDAR_ENDED)
        & ~Q(status=MeetingStatus.PLANNED)
        & (Q(pairing__ended_on__isnull=True) | Q(day__lte=F("pairing__ended_on")))
    )
    return Meeting.objects.annotate(day=TruncDate("starts_at")).filter(
        Q(pairing__status__in=CALENDAR_LIVE) | ended
    )


def member_on(membership: Membership, day: dt.date) -> bool:
    """A mentee is in her pair's meetings from the day she joined to the day she left (both
    included)."""
    joined = membership.joined_on is None or membership.joined_on <= day
    return joined and (membership.left_on is None or membership.left_on >= day)


def person_meetings(staff: StaffMember) -> QuerySet[Meeting]:
    """The meetings in a person's calendar feed, as they stand when it is served: those of the
    pairs she is in as mentor or mentee — as a mentee only from the day she joined to the day
    she left — and of an ended pair only what took place by its end. Proposals on the board
    are nobody's yet."""
    member = (
        Membership.objects.filter(pairing=OuterRef("pairing"), mentee__staff=staff)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=OuterRef("day")))
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=OuterRef("day")))
    )
    return (
        _calendar_meetings()
        .filter(Q(pairing__mentor__staff=staff) | Exists(member))
        .select_related("pairing__mentor__staff", "pairing__programme__organisation")
        .prefetch_related(
            Prefetch(
                "pairing__members",
                queryset=Membership.objects.select_related("mentee__staff").order_by("pk"),
            )
        )
        .order_by("starts_at", "pk")
    )


def meeting_in_calendar(meeting: Meeting) -> bool:
    """Whether a meeting's .ics may be given now (its pair at work, or held by its end)."""
    return _calendar_meetings().filter(pk=meeting.pk).exists()


def reminders_due(now: dt.datetime, *, local_today: dt.date) -> QuerySet[Meeting]:
    """Planned meetings of active pairs, not yet reminded, that start between now and the end
    of tomorrow: the day-before reminder, or a late one if the worker was down yesterday."""
    end = timezone.make_aware(dt.datetime.combine(local_today + dt.timedelta(days=2), dt.time.min))
    return Meeting.objects.filter(
        status=MeetingStatus.PLANNED,
        reminder_sent_at__isnull=True,
        pairing__status=PairingStatus.ACTIVE,
        starts_at__gt=now,
        starts_at__lt=end,
    ).order_by("starts_at", "pk")


WORKING = (PairingStatus.ACTIVE, PairingStatus.COMPLETED)


def meeting_progress(programme: Programme) -> dict[str, Progress]:
    """6.1–6.4 and 6.6: how many of the working pairs (active or completed) held a meeting of
    that kind. Two queries."""
    pairings = Pairing.objects.filter(programme=programme, status__in=WORKING)
    total = pairings.count()
    if not total:
        return {}
    held = dict(
        Meeting.objects.filter(pairing__in=pairings, status=MeetingStatus.HELD)
        .values("kind")
        .annotate(pairs=Count("pairing", distinct=True))
        .values_list("kind", "pairs")
    )
    result = {}
    for kind, code in MEETING_KIND_ACTIVITY.items():
        if code == "6.6":  # the pairs' end, not the final meeting: roadmap.pairs_finished
            continue
        done = held.get(kind, 0)
        pairs = plural_ru(total, "пары", "пар", "пар")
        result[code] = Progress(f"провели {done} из {total} {pairs}", done=done, total=total)
    return result
