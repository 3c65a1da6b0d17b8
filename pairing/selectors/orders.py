"""Reads of the head's orders (5.4): what is waiting for an order, the orders of a programme,
the letters that tell each participant of her pair, and the roadmap progress of 5.4. Every
read takes a fixed number of queries, whatever the number of pairs."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from programme import progress
from programme.models import Programme, StaffMember
from reports.formatting import date_ru, period_ru

from ..models import (
    Membership,
    Notice,
    Order,
    OrderItem,
    OrderStatus,
    Pairing,
    PairingStatus,
)

ENDED_STATUSES = (PairingStatus.TERMINATED, PairingStatus.COMPLETED)


def _with_people(pairings: QuerySet[Pairing]) -> QuerySet[Pairing]:
    """The mentor and every membership (current and past) with the people, in two queries."""
    return pairings.select_related("mentor__staff", "fixed_by", "ended_by").prefetch_related(
        Prefetch(
            "members",
            queryset=Membership.objects.select_related("mentee__staff").order_by(
                "mentee__staff__last_name", "mentee__staff__first_name", "pk"
            ),
        )
    )


def _ordered(pairings: QuerySet[Pairing]) -> QuerySet[Pairing]:
    return pairings.order_by("mentor__staff__last_name", "mentor__staff__first_name", "pk")


# --- What the next order must fix --------------------------------------------------------


def pending_fix(programme: Programme) -> QuerySet[Pairing]:
    """Confirmed pairings that no order has fixed yet."""
    return _ordered(
        _with_people(
            Pairing.objects.filter(
                programme=programme, status=PairingStatus.CONFIRMED, fixed_by__isnull=True
            )
        )
    )


def _joined_unfixed():
    """A mentee added to a live pairing that no order has named yet."""
    return Q(fixed_by__isnull=True, left_on__isnull=True)


def _left_unreleased():
    """A mentee whom an order put in the pair and who has left it since, with no order yet."""
    return Q(fixed_by__isnull=False, left_on__isnull=False, released_by__isnull=True)


def pending_change(programme: Programme) -> QuerySet[Pairing]:
    """Active pairings whose membership changed since their order."""
    changed = Membership.objects.filter(pairing=OuterRef("pk")).filter(
        _joined_unfixed() | _left_unreleased()
    )
    return _ordered(
        _with_people(
            Pairing.objects.filter(programme=programme, status=PairingStatus.ACTIVE).filter(
                Exists(changed)
            )
        )
    )


def pending_end(programme: Programme) -> QuerySet[Pairing]:
    """Pairings fixed by an order and ended early (ст. 351.8 ТК РФ, a mentee leaving a pair),
    with no order ending them. A completed pair is never one of them: see pending_complete."""
    return _ordered(
        _with_people(
            Pairing.objects.filter(
                programme=programme,
                status=PairingStatus.TERMINATED,
                fixed_by__isnull=False,
                ended_by__isnull=True,
            )
        )
    )


def pending_complete(programme: Programme) -> QuerySet[Pairing]:
    """Pairings fixed by an order whose final meeting was held before the end of the term the
    order gave them, with no order recording it. Completed on or after the term's end, a pair
    needs no order at all."""
    return _ordered(
        _with_people(
            Pairing.objects.filter(
                programme=programme,
                status=PairingStatus.COMPLETED,
                fixed_by__isnull=False,
                ended_by__isnull=True,
                ended_on__lt=F("ends_on"),
            )
        )
    )


def joined_members(pairing: Pairing) -> list[Membership]:
    """Of a prefetched pairing: who joined it since its last order."""
    return [m for m in pairing.members.all() if m.fixed_by_id is None and m.left_on is None]


def left_members(pairing: Pairing) -> list[Membership]:
    """Of a prefetched pairing: who left it since its last order (and was in it by an order)."""
    return [
        m
        for m in pairing.members.all()
        if m.fixed_by_id is not None and m.left_on is not None and m.released_by_id is None
    ]


def current_members(pairing: Pairing) -> list[Membership]:
    """Of a prefetched pairing: who is in it now."""
    return [m for m in pairing.members.all() if m.left_on is None]


# --- The orders of a programme -----------------------------------------------------------


def main_order(programme: Programme) -> Order | None:
    """The first registered order of the programme: every later one amends it."""
    return (
        Order.objects.filter(
            programme=programme, status=OrderStatus.REGISTERED, amends__isnull=True
        )
        .order_by("date", "registered_at", "pk")
        .first()
    )


def draft_order(programme: Programme) -> Order | None:
    return Order.objects.filter(programme=programme, status=OrderStatus.DRAFT).first()


def _with_counts(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.annotate(
        item_count=Count("items", distinct=True),
        notice_count=Count("notices", distinct=True),
        informed_count=Count(
            "notices",
            filter=Q(notices__emailed_at__isnull=False) | Q(notices__printed_at__isnull=False),
            distinct=True,
        ),
    )


@dataclass
class OrderGroup:
    """A registered main order (or one standing alone) and its amendments, oldest first."""

    order: Order
    amendments: list[Order] = field(default_factory=list)


def programme_orders(programme: Programme) -> tuple[Order | None, list[OrderGroup]]:
    """The draft and the registered orders, each amendment under the order it amends."""
    orders = list(
        _with_counts(Order.objects.filter(programme=programme))
        .select_related("amends")
        .order_by("date", "registered_at", "pk")
    )
    draft = next((o for o in orders if o.status == OrderStatus.DRAFT), None)
    registered = [o for o in orders if o.status == OrderStatus.REGISTERED]
    groups = {o.pk: OrderGroup(o) for o in registered if o.amends_id is None}
    for order in registered:
        if order.amends_id is not None:
            group = groups.get(order.amends_id)
            if group is None:  # amends an order of another kind of chain: shown alone
                groups[order.pk] = OrderGroup(order)
            else:
                group.amendments.append(order)
    return draft, list(groups.values())


def programme_pairings(programme: Programme) -> list[Pairing]:
    """Every pairing past the board's proposal, with the people, for the orders page."""
    return list(
        _ordered(
            _with_people(
                Pairing.objects.filter(programme=programme).exclude(status=PairingStatus.PROPOSED)
            )
        )
    )


@dataclass
class Pending:
    """How many changes wait for the next order, counted from prefetched pairings."""

    fix: int = 0
    change: int = 0
    end: int = 0
    complete: int = 0

    @property
    def total(self) -> int:
        return self.fix + self.change + self.end + self.complete


def pending_summary(pairings: list[Pairing]) -> Pending:
    """The same rules as pending_fix/change/end/complete, read from `programme_pairings` (no
    query)."""
    pending = Pending()
    for p in pairings:
        if p.status == PairingStatus.CONFIRMED and p.fixed_by_id is None and current_members(p):
            pending.fix += 1
        elif p.status == PairingStatus.ACTIVE and (joined_members(p) or left_members(p)):
            pending.change += 1
        elif p.fixed_by_id is not None and p.ended_by_id is None:
            if p.status == PairingStatus.TERMINATED:
                pending.end += 1
            elif _completed_before_term(p):
                pending.complete += 1
    return pending


def _completed_before_term(pairing: Pairing) -> bool:
    return bool(
        pairing.status == PairingStatus.COMPLETED
        and pairing.ended_on
        and pairing.ends_on
        and pairing.ended_on < pairing.ends_on
    )


def order_items(order: Order) -> list[OrderItem]:
    return list(order.items.order_by("position", "pk"))


def order_notices(order: Order) -> list[Notice]:
    return list(
        order.notices.select_related("staff").order_by(
            "staff__last_name", "staff__first_name", "pk"
        )
    )


def pairing_orders(pairing: Pairing) -> list[OrderItem]:
    """The order lines that concern a pairing (the draft too), oldest first."""
    return list(
        OrderItem.objects.filter(pairing=pairing)
        .select_related("order")
        .order_by("order__date", "order__registered_at", "order_id")
    )


# --- The letters of 5.4 ------------------------------------------------------------------


@dataclass
class NoticeLetter:
    """What one participant is told: her role, the people of her pair with their contacts,
    the form, the term, the order and whom to ask."""

    notice: Notice
    staff: StaffMember
    is_mentor: bool
    mentor: StaffMember
    mentees: list[StaffMember]
    counterparts: list[StaffMember]
    others: list[StaffMember]  # the other mentees of a group, for a mentee
    form: str
    term: str
    order: Order
    curator: StaffMember | None
    organisation: object
    programme: Programme


def notice_letters(order: Order, notice_ids=None) -> list[NoticeLetter]:
    """The letters of an order's notices (all, or those ids), in three queries."""
    notices = (
        Notice.objects.filter(order=order)
        .select_related(
            "staff",
            "pairing__mentor__staff",
            "order__programme__organisation",
            "order__programme__curator",
        )
        .prefetch_related(
            Prefetch(
                "pairing__members",
                queryset=Membership.objects.filter(left_on__isnull=True)
                .select_related("mentee__staff")
                .order_by("mentee__staff__last_name", "mentee__staff__first_name", "pk"),
                to_attr="current",
            )
        )
        .order_by("staff__last_name", "staff__first_name", "pk")
    )
    if notice_ids is not None:
        notices = notices.filter(pk__in=list(notice_ids))
    letters = []
    for notice in notices:
        pairing = notice.pairing
        programme = notice.order.programme
        mentor = pairing.mentor.staff
        mentees = [m.mentee.staff for m in pairing.current]
        is_mentor = notice.staff_id == mentor.pk
        counterparts = mentees if is_mentor else [mentor]
        letters.append(
            NoticeLetter(
                notice=notice,
                staff=notice.staff,
                is_mentor=is_mentor,
                mentor=mentor,
                mentees=mentees,
                counterparts=counterparts,
                others=[] if is_mentor else [m for m in mentees if m.pk != notice.staff_id],
                form=pairing.get_form_display(),
                term=period_ru(pairing.starts_on, pairing.ends_on),
                order=notice.order,
                curator=programme.curator,
                organisation=programme.organisation,
                programme=programme,
            )
        )
    return letters


# --- Roadmap progress of 5.4 -------------------------------------------------------------


def orders_progress(programme: Programme) -> dict[str, progress.Progress]:
    """5.4 from the data in one query: the main order and how many participants were told."""
    orders = list(
        _with_counts(Order.objects.filter(programme=programme)).order_by(
            "date", "registered_at", "pk"
        )
    )
    registered = [o for o in orders if o.status == OrderStatus.REGISTERED]
    main = next((o for o in registered if o.amends_id is None), None)
    if main is None:
        draft = next((o for o in orders if o.status == OrderStatus.DRAFT), None)
        if draft is None:
            return {}
        return {
            "5.4": progress.Progress(
                f"проект приказа: строк в приложении {draft.item_count}", done=0, total=1
            )
        }
    informed = sum(o.informed_count for o in registered)
    total = sum(o.notice_count for o in registered)
    text = f"{main.get_kind_display()} № {main.number} от {date_ru(main.date)}"
    if len(registered) > 1:
        text += f" (изменений: {len(registered) - 1})"
    text += f"; уведомлено {informed} из {total}"
    return {"5.4": progress.Progress(text, done=informed if total else 1, total=total or 1)}


def register() -> None:
    """Register 5.4's progress and its dashboard link (called by apps.py)."""
    progress.register_activity_progress(orders_progress)
    progress.register_activity_link("5.4", "Приказ о закреплении пар", "pairing:order_list")
