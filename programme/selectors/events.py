"""Reads of events: the list with its counts, and the roadmap progress they prove."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..models import Event, Programme
from ..models.events import EVENT_KIND_ACTIVITY
from ..progress import Progress


def events_with_counts(programme: Programme) -> QuerySet[Event]:
    return (
        Event.objects.filter(programme=programme)
        .select_related("activity")
        .annotate(
            invited_count=Count("invitees", distinct=True),
            attended_count=Count("invitees", filter=Q(invitees__attended=True), distinct=True),
            guest_count=Count("guests", distinct=True),
        )
        .order_by("-starts_at")
    )


def event_search(queryset: QuerySet[Event], *, query: str = "", kind: str = "") -> QuerySet[Event]:
    if kind:
        queryset = queryset.filter(kind=kind)
    for word in query.split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(place__icontains=word))
    return queryset


def event_progress(programme: Programme) -> dict[str, Progress]:
    """For each event kind's activity, the newest event: its date and attendance."""
    newest: dict[str, Event] = {}
    for event in events_with_counts(programme).filter(kind__in=list(EVENT_KIND_ACTIVITY)):
        newest.setdefault(event.kind, event)
    progress = {}
    for kind, event in newest.items():
        day = timezone.localtime(event.starts_at).strftime("%d.%m.%Y")
        people = event.invited_count
        text = f"событие {day}"
        if people:
            text += f", присутствовали {event.attended_count} из {people}"
        if not event.minutes_recorded_at:
            text += ", протокол не внесён"
        progress[EVENT_KIND_ACTIVITY[kind]] = Progress(
            text, done=1 if event.minutes_recorded_at else 0, total=1
        )
    return progress
