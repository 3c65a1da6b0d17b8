"""Reads of the head's orders (5.4): what is waiting for an order, the orders of a programme,
the letters that tell each participant of her pair, and the roadmap progress of 5.4. Every
read takes a fixed number of queries, whatever the number of pairs."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from common.formatting import date_ru
from programme import progress
from programme.models import Programme, StaffMember

from ..models import (
    Membership,
    Notice,
    Order,
    OrderAction,
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
class NoticePerson:
    """Someone a letter names, as the registered order printed her (name and position from
    the order's lines), with today's phone and email to reach her."""

    staff_id: int
    full_name: str
    position: str
    phone: str = ""
    email: str = ""

    @property
    def first_names(self) -> str:
        """«Ирина Николаевна», as a letter addresses her."""
        return " ".join(self.full_name.split()[1:])


@dataclass
class NoticePair:
    """One pair (group) of the letter: what the order does to it and who is in it."""

    action: str  # fix, change or end
    is_mentor: bool
    mentor: NoticePerson
    mentees: list[NoticePerson]
    counterparts: list[NoticePerson]
    others: list[NoticePerson]  # the other mentees of a group, for a mentee
    form: str
    term: str
    left_on: str = ""  # she left this pair (a change), or the pair ended (an end)
    ended: bool = False


@dataclass
class NoticeLetter:
    """What one participant is told by one order: every pair of hers the order names (a mentor
    of two pairs gets one letter listing both), the order and whom to ask."""

    notice: Notice
    staff: StaffMember  # the record, for the address the letter goes to
    person: NoticePerson
    pairs: list[NoticePair]
    order: Order
    curator: StaffMember | None
    organisation: object
    programme: Programme

    @property
    def is_mentor(self) -> bool:
        return any(pair.is_mentor for pair in self.live_pairs)

    @property
    def live_pairs(self) -> list[NoticePair]:
        """The pairs she works in after the order (fixed, or changed and still in)."""
        return [pair for pair in self.pairs if not pair.ended and not pair.left_on]

    @property
    def ended_pairs(self) -> list[NoticePair]:
        return [pair for pair in self.pairs if pair.ended or pair.left_on]

    @property
    def mentor(self) -> NoticePerson:
        return (self.live_pairs or self.pairs)[0].mentor

    @property
    def mentees(self) -> list[NoticePerson]:
        return [m for pair in self.live_pairs if pair.is_mentor for m in pair.mentees]


def _notice_person(data: dict, staff: dict[int, StaffMember]) -> NoticePerson:
    record = staff.get(data["staff_id"])
    return NoticePerson(
        staff_id=data["staff_id"],
        full_name=data.get("name", ""),
        position=data.get("position", ""),
        phone=record.phone if record else "",
        email=record.email if record else "",
    )


def notice_people(item: OrderItem) -> list[dict]:
    """Everyone an order line concerns, as the line printed them: the mentor, the mentees in
    the pair, who joined, who left (or, for an end, who was in it)."""
    snapshot = item.snapshot
    people = [snapshot["mentor"], *snapshot.get("mentees", []), *snapshot.get("left", [])]
    seen, unique = set(), []
    for person in people:
        if person["staff_id"] not in seen:
            seen.add(person["staff_id"])
            unique.append(person)
    return unique


def _notice_pair(item: OrderItem, staff_id: int, staff: dict) -> NoticePair:
    snapshot = item.snapshot
    mentor = _notice_person(snapshot["mentor"], staff)
    mentees = [_notice_person(m, staff) for m in snapshot.get("mentees", [])]
    left = {m["staff_id"]: m for m in snapshot.get("left", [])}
    is_mentor = staff_id == mentor.staff_id
    ended = item.action == OrderAction.END
    if is_mentor:
        counterparts, others = mentees, []
    else:
        counterparts = [mentor]
        others = [m for m in mentees if m.staff_id != staff_id]
    return NoticePair(
        action=item.action,
        is_mentor=is_mentor,
        mentor=mentor,
        mentees=mentees,
        counterparts=counterparts,
        others=[] if ended else others,
        form=snapshot.get("form", ""),
        term=snapshot.get("term", ""),
        left_on=snapshot.get("ended_on", "") if ended else left.get(staff_id, {}).get("on", ""),
        ended=ended,
    )


def notice_letters(order: Order, notice_ids=None) -> list[NoticeLetter]:
    """The letters of an order's notices (all, or those ids), from the order's lines as they
    were registered, in three queries whatever the number of pairs."""
    notices = (
        Notice.objects.filter(order=order)
        .select_related("staff", "order__programme__organisation", "order__programme__curator")
        .order_by("staff__last_name", "staff__first_name", "pk")
    )
    if notice_ids is not None:
        notices = notices.filter(pk__in=list(notice_ids))
    notices = list(notices)
    items = list(order.items.order_by("position", "pk"))
    ids = {p["staff_id"] for item in items for p in notice_people(item)}
    staff = {s.pk: s for s in StaffMember.objects.filter(pk__in=ids)}
    letters = []
    for notice in notices:
        mine = [
            item
            for item in items
            if any(p["staff_id"] == notice.staff_id for p in notice_people(item))
        ]
        if not mine:
            continue
        own = next(p for p in notice_people(mine[0]) if p["staff_id"] == notice.staff_id)
        programme = notice.order.programme
        letters.append(
            NoticeLetter(
                notice=notice,
                staff=notice.staff,
                person=_notice_person(own, staff),
                pairs=[_notice_pair(item, notice.staff_id, staff) for item in mine],
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
