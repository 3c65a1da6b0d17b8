"""Reads behind the programme's papers and the public join page."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from programme.models import Event, Organisation, Programme
from programme.models.events import EventKind

# The stage 1–2 steps a teacher needs to know about, in the words of the announcement.
ANNOUNCEMENT_STEPS = (
    ("1.1", "Информационная встреча: что такое программа наставничества и кто может участвовать"),
    ("2.1", "Анкетирование желающих участвовать и согласия на обработку персональных данных"),
    ("2.2", "Сбор дополнительной информации о запросах (педагог-психолог, руководитель)"),
)


def join_url(organisation: Organisation) -> str:
    """The public address printed under the announcement's QR code."""
    return settings.SITE_URL + reverse("reports:join", args=[organisation.slug])


def current_programme(organisation: Organisation) -> Programme | None:
    """The organisation's newest programme (the one the public page talks about)."""
    return (
        Programme.objects.filter(organisation=organisation)
        .select_related("curator")
        .order_by("-year")
        .first()
    )


def informing_event(programme: Programme, *, now=None) -> Event | None:
    """The 1.1 informing meeting: the next one to come, else the latest held."""
    now = now or timezone.now()
    events = Event.objects.filter(programme=programme, kind=EventKind.INFORMING)
    upcoming = events.filter(starts_at__gte=now).order_by("starts_at").first()
    return upcoming or events.order_by("-starts_at").first()


def announcement_steps(programme: Programme) -> list[tuple[str, str, object]]:
    """(code, what happens, activity) for the stage 1–2 steps of the announcement's timetable."""
    labels = dict(ANNOUNCEMENT_STEPS)
    activities = {a.code: a for a in programme.activities.filter(code__in=labels).order_by("order")}
    return [(code, label, activities.get(code)) for code, label in ANNOUNCEMENT_STEPS]
