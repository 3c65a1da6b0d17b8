"""The documents waiting for the head's signature."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef

from programme.models import Organisation, Programme


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
