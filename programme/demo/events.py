"""The demo's 1.1 informing event with attendance and minutes."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from .. import services
from ..models import Event
from ..models.events import EventKind
from .base import DemoContext


def build(ctx: DemoContext) -> None:
    programme = ctx.programme
    if Event.objects.filter(programme=programme, kind=EventKind.INFORMING).exists():
        return
    starts_at = timezone.make_aware(dt.datetime(2024, 2, 5, 13, 30))
    event = services.event_create(
        programme=programme,
        kind=EventKind.INFORMING,
        title="Педагогический час: запуск программы наставничества",
        starts_at=starts_at,
        place="Методический кабинет",
        description="Информирование педагогического коллектива о целевой модели наставничества.",
        invitees=list(ctx.staff.values()),
        guests=[],
    )
    services.event_mark_attendance(
        event=event,
        attended_staff_ids=[m.pk for m in list(ctx.staff.values())[:30]],
        attended_guest_ids=[],
    )
    services.event_record_minutes(
        event=event,
        minutes=(
            "1. Заведующий С.В. Синицына представила целевую модель наставничества.\n"
            "2. Старший воспитатель И.Н. Королёва рассказала о дорожной карте и анкетировании.\n"
            "Решили: провести анкетирование педагогов на 2 неделе февраля."
        ),
        evidence_url=reverse(
            "programme:event_detail", kwargs={"pk": programme.pk, "event_pk": event.pk}
        ),
    )
