"""Reads behind the printable documents, the public join page and the head's documents to
sign."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
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


# --- Documents waiting for the head's signature ---------------------------------------------


@dataclass
class ToSign:
    """The documents of one programme waiting for the head: draft orders (ready to register
    when they have a number and a date), individual plans sent for approval, and the addenda
    to the employment contract (art. 351.8) of mentors in a current pair whose signing date is
    not on their card yet (mentoring in the job duties needs none)."""

    programme: Programme
    orders: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    addenda: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.orders) + len(self.plans) + len(self.addenda)


def documents_to_sign(organisation: Organisation) -> list[ToSign]:
    """Per programme of the organisation, newest first, the papers to sign: four queries
    whatever their number."""
    from pairing.models import LIVE_STATUSES, Order, OrderStatus, Pairing, Plan, PlanStatus
    from programme.models import MentorProfile
    from programme.models.bases import LabourBasis

    programmes = list(Programme.objects.filter(organisation=organisation).order_by("-year", "-pk"))
    groups = {p.pk: ToSign(programme=p) for p in programmes}
    for order in (
        Order.objects.filter(programme__in=programmes, status=OrderStatus.DRAFT)
        .annotate(item_count=Count("items"))
        .order_by("pk")
    ):
        order.ready = bool(order.number and order.date)
        groups[order.programme_id].orders.append(order)
    for plan in (
        Plan.objects.filter(
            membership__pairing__programme__in=programmes, status=PlanStatus.SUBMITTED
        )
        .select_related("membership__mentee__staff", "membership__pairing__mentor__staff")
        .order_by("submitted_at", "pk")
    ):
        groups[plan.membership.pairing.programme_id].plans.append(plan)
    for mentor in (
        MentorProfile.objects.filter(
            programme__in=programmes,
            labour_basis=LabourBasis.CONSENT,
            addendum_signed_on__isnull=True,
        )
        .filter(Exists(Pairing.objects.filter(mentor=OuterRef("pk"), status__in=LIVE_STATUSES)))
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name", "pk")
    ):
        groups[mentor.programme_id].addenda.append(mentor)
    return [group for group in groups.values() if group.count]
