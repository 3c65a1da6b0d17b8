"""The head's order fixing the pairs (5.4): the draft that follows the pairings, its editing,
and its registration, which makes the confirmed pairs active and freezes the document.

One draft per programme (a database constraint). The first registered order is the main one
(«О закреплении наставнических пар (групп)»); every later order amends it and lists only what
changed: pairs added, members who joined or left, pairs ended early. A registered order is
never edited nor rendered again: its PDF is stored as issued.
"""

import calendar
import datetime as dt

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common.formatting import date_ru, period_ru, years_ru
from pairing.documents import order_document
from programme.exceptions import DomainError
from programme.models import Programme, StaffMember, User
from programme.models.bases import MenteeStatus, MentorStatus
from programme.models.roadmap import OrderKind
from programme.services.bases import mentee_set_status, mentor_set_status
from programme.services.roadmap import activity_mark_done
from programme.validators import check_sane_date

from ..models import (
    Membership,
    Order,
    OrderAction,
    OrderItem,
    OrderStatus,
    Pairing,
    PairingStatus,
)
from ..selectors import orders as selectors
from ..selectors.pairings import term_clashes
from . import notices
from .pairings import next_working_day

MAIN_TITLE = "О закреплении наставнических пар (групп)"
DEFAULT_PAYMENTS = "в соответствии с Положением об оплате труда (локальным актом) организации"
NOTHING_PENDING = "Нет утверждённых пар и изменений, которые ещё не закреплены приказом."
REGISTERED_READ_ONLY = (
    "Зарегистрированный приказ изменить нельзя: внесите изменения новым приказом."
)
EDITABLE_FIELDS = (
    "kind",
    "number",
    "date",
    "city",
    "title",
    "regulation",
    "plans_due_on",
    "monitor",
    "payments",
)
# The roadmap activities an order closes: the pairs are formed (5.3) and fixed (5.4).
CLOSED_ACTIVITIES = ("5.3", "5.4")


# --- What an order prints about a pairing ------------------------------------------------


def _person(staff: StaffMember, *, category: bool = False) -> dict:
    person = {
        "staff_id": staff.pk,
        "name": staff.full_name,
        "short_name": staff.short_name,
        "position": str(staff.get_position_display()),
        "experience": years_ru(staff.experience_total),
    }
    if category:
        person["category"] = str(staff.get_category_display())
    return person


def _left(membership: Membership) -> dict:
    return {
        **_person(membership.mentee.staff),
        "on": date_ru(membership.left_on),
        "reason": membership.left_reason,
    }


def _external(pairing: Pairing) -> dict:
    """A mentor borrowed from another kindergarten: the order names her as an external mentor
    by agreement with her organisation, with her position there."""
    home = pairing.mentor.programme.organisation
    if home.pk == pairing.programme.organisation_id:
        return {}
    return {"external": {"full_name": home.full_name, "short_name": home.short_name}}


def pairing_snapshot(pairing: Pairing, action: str) -> dict:
    """The appendix line of a pairing as it stands, kept in the order so that its issued text
    never changes: the people with positions, category and experience, the form, the term,
    and for a change or an end who joined, who left, when and why."""
    snapshot = {
        "mentor": {
            **_person(pairing.mentor.staff, category=True),
            # «consent» or «duties» (the Роструд letter): the order's preamble cites each.
            "labour_basis": pairing.mentor.labour_basis,
            **_external(pairing),
        },
        "mentees": [_person(m.mentee.staff) for m in selectors.current_members(pairing)],
        "form": str(pairing.get_form_display()),
        "starts_on": date_ru(pairing.starts_on),
        "ends_on": date_ru(pairing.ends_on),
        "term": period_ru(pairing.starts_on, pairing.ends_on),
    }
    if action == OrderAction.CHANGE:
        snapshot["joined"] = [_person(m.mentee.staff) for m in selectors.joined_members(pairing)]
        snapshot["left"] = [_left(m) for m in selectors.left_members(pairing)]
    elif action == OrderAction.END:
        # Everyone has left an ended pair: the order names those it had put in it.
        snapshot["mentees"] = [_left(m) for m in selectors.left_members(pairing)]
        snapshot["ended_on"] = date_ru(pairing.ended_on)
        snapshot["end_reason"] = pairing.end_reason
        snapshot["by_mentor"] = pairing.ended_by_mentor
        snapshot["notice_on"] = date_ru(pairing.notice_on)
    elif action == OrderAction.COMPLETE:
        # Completion is not an early end: no reason, no notice; its basis is the final
        # meeting, held on the day the pair ended.
        snapshot["mentees"] = [_left(m) for m in selectors.left_members(pairing)]
        snapshot["ended_on"] = date_ru(pairing.ended_on)
        snapshot["basis"] = f"запись о заключительной встрече от {date_ru(pairing.ended_on)}"
    return snapshot


def _pending(programme: Programme) -> list[tuple[str, Pairing]]:
    """(action, pairing) of every change that no order has fixed yet, in the appendix order.

    A pair whose final meeting was held before the end of its term is not «прекращена
    досрочно»: the amendment says «считать завершённым … в связи с проведением заключительной
    встречи» with the meeting as its basis (the term the order gave no longer holds, so the
    head records it). A pair completed on or after its term's end needs no order."""
    rows = [
        (OrderAction.FIX, p)
        for p in selectors.pending_fix(programme)
        if selectors.current_members(p)
    ]
    rows += [(OrderAction.CHANGE, p) for p in selectors.pending_change(programme)]
    rows += [(OrderAction.END, p) for p in selectors.pending_end(programme)]
    rows += [(OrderAction.COMPLETE, p) for p in selectors.pending_complete(programme)]
    return rows


def _refresh_items(order: Order, rows: list[tuple[str, Pairing]]) -> None:
    order.items.all().delete()
    OrderItem.objects.bulk_create(
        OrderItem(
            order=order,
            pairing=pairing,
            action=action,
            position=position,
            snapshot=pairing_snapshot(pairing, action),
        )
        for position, (action, pairing) in enumerate(rows, start=1)
    )


# --- The draft ---------------------------------------------------------------------------


def amendment_title(main: Order) -> str:
    """«О внесении изменений в приказ № 12 от 02.09.2024» (or «в распоряжение …»)."""
    kind = OrderKind(main.kind).label
    return f"О внесении изменений в {kind} № {main.number} от {date_ru(main.date)}"


def _month_after(day: dt.date) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _draft_defaults(programme: Programme, main: Order | None) -> dict:
    today = timezone.localdate()
    start = max(today, programme.starts_on) if programme.starts_on else today
    return {
        "kind": programme.order_kind,
        "amends": main,
        "title": amendment_title(main) if main else MAIN_TITLE,
        "city": programme.organisation.city,
        # An amendment goes on as the main order did: its regulation, monitor and payments.
        "regulation": (main.regulation if main else "") or programme.regulation,
        "monitor": (main.monitor if main else None) or programme.curator,
        "plans_due_on": _month_after(start),
        "payments": (main.payments if main else "") or DEFAULT_PAYMENTS,
    }


def _follow_main(order: Order, main: Order | None) -> None:
    """A draft begun before the main order was registered becomes its amendment."""
    if order.amends_id != (main.pk if main else None):
        order.amends = main
        order.title = amendment_title(main) if main else MAIN_TITLE
        order.save(update_fields=["amends", "title"])


@transaction.atomic
def order_draft(*, programme: Programme, by: User) -> Order:
    """Get or create the programme's one draft and refresh its lines from the pending changes:
    confirmed pairs to fix, membership changes of active pairs, pairs ended early, pairs
    completed before their term.

    `by` is who asked; a draft keeps no author (the registration records who registered)."""
    rows = _pending(programme)
    if not rows:
        raise DomainError(NOTHING_PENDING)
    main = selectors.main_order(programme)
    try:
        # The constraint allows one draft per programme: two curators at once get the same one.
        with transaction.atomic():
            order, _created = Order.objects.get_or_create(
                programme=programme,
                status=OrderStatus.DRAFT,
                defaults=_draft_defaults(programme, main),
            )
    except IntegrityError:
        order = Order.objects.get(programme=programme, status=OrderStatus.DRAFT)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.is_registered:
        raise DomainError("Проект только что зарегистрирован. Обновите страницу.")
    _follow_main(order, main)
    _refresh_items(order, rows)
    return order


def _check_number_free(order: Order, number: str, kind: str) -> None:
    if not number:
        return
    taken = (
        Order.objects.filter(
            programme=order.programme_id, kind=kind, number=number, status=OrderStatus.REGISTERED
        )
        .exclude(pk=order.pk)
        .exists()
    )
    if taken:
        raise DomainError(
            f"{str(OrderKind(kind).label).capitalize()} № {number} уже {registered_word(kind)} "
            "в этой программе: укажите другой номер."
        )


@transaction.atomic
def order_update(*, order: Order, **fields) -> Order:
    """Change the draft's details (number, date, city, title, regulation, plans deadline,
    monitor, payments). A registered order is read-only."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"order_update: unknown fields {sorted(unknown)}")
    locked = (
        Order.objects.select_for_update(of=("self",))
        .select_related("programme__organisation")
        .get(pk=order.pk)
    )
    if locked.is_registered:
        raise DomainError(REGISTERED_READ_ONLY)
    values = {name: fields.get(name, getattr(locked, name)) for name in EDITABLE_FIELDS}
    for name in ("number", "city", "title", "regulation", "payments"):
        # One line; NUL (which PostgreSQL refuses) goes with the other breaks.
        values[name] = " ".join((values[name] or "").replace("\x00", " ").split())
    if values["kind"] not in OrderKind.values:
        raise DomainError("Неизвестный вид документа: приказ или распоряжение.")
    if not values["title"]:
        raise DomainError("Укажите заголовок приказа.")
    monitor = values["monitor"]
    if monitor is not None and monitor.organisation_id != locked.programme.organisation_id:
        raise DomainError("Ответственный за мониторинг должен работать в этой организации.")
    check_sane_date(values["date"], what="Дата приказа")
    check_sane_date(values["plans_due_on"], what="Срок индивидуальных планов")
    if values["date"] and values["plans_due_on"] and values["plans_due_on"] < values["date"]:
        raise DomainError(
            "Срок разработки индивидуальных планов не может быть раньше даты приказа."
        )
    _check_number_free(locked, values["number"], values["kind"])
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(EDITABLE_FIELDS))
    return locked


# --- Registering -------------------------------------------------------------------------


def _start_no_earlier_than_order(order: Order, pairings: list[Pairing]) -> None:
    """A pair's term starts no earlier than the order that fixes it: an empty start, or one
    before the order's date, becomes the order's date (or the next working day when the order
    is dated a day off). A term that would then end before it starts is refused, naming the
    pair; so is one that would hold a person in two pairs on the same days."""
    first_day = next_working_day(order.date)
    for pairing in pairings:
        if pairing.starts_on is not None and pairing.starts_on >= order.date:
            continue
        if pairing.ends_on and pairing.ends_on < first_day:
            raise DomainError(
                f"Пара наставника {pairing.mentor.staff.short_name}: срок заканчивается "
                f"{pairing.ends_on:%d.%m.%Y}, раньше приказа от {order.date:%d.%m.%Y}, а срок "
                "пары начинается не раньше приказа, который её закрепляет."
            )
        pairing.starts_on = first_day
        pairing.save(update_fields=["starts_on", "updated_at"])
        Membership.objects.filter(pairing=pairing, fixed_by__isnull=True).update(
            joined_on=first_day
        )
    clashes = term_clashes([p.pk for p in pairings])
    if clashes:
        raise DomainError(" ".join(clashes) + " Приказ не зарегистрирован.")


def _start_pairing(order: Order, pairing: Pairing) -> None:
    mentor = pairing.mentor
    if mentor.status != MentorStatus.MENTOR:
        try:
            mentor_set_status(mentor, MentorStatus.MENTOR)
        except DomainError as error:
            raise DomainError(f"{mentor.staff.short_name}: {error.message}") from None
    pairing.status = PairingStatus.ACTIVE
    pairing.fixed_by = order
    pairing.save(update_fields=["status", "fixed_by", "updated_at"])
    _fix_members(order, pairing, selectors.current_members(pairing))


def _fix_members(order: Order, pairing: Pairing, members: list[Membership]) -> None:
    ids = [m.pk for m in members]
    Membership.objects.filter(pk__in=ids).update(fixed_by=order)
    Membership.objects.filter(pk__in=ids, joined_on__isnull=True).update(
        joined_on=pairing.starts_on or order.date
    )
    for membership in members:
        if membership.mentee.status != MenteeStatus.PAIRED:
            mentee_set_status(membership.mentee, MenteeStatus.PAIRED, on=order.date)


def _apply(order: Order, rows: list[tuple[str, Pairing]]) -> None:
    for action, pairing in rows:
        if action == OrderAction.FIX:
            _start_pairing(order, pairing)
        elif action == OrderAction.CHANGE:
            _fix_members(order, pairing, selectors.joined_members(pairing))
            left = [m.pk for m in selectors.left_members(pairing)]
            Membership.objects.filter(pk__in=left).update(released_by=order)
        else:
            pairing.ended_by = order
            pairing.save(update_fields=["ended_by", "updated_at"])
            left = [m.pk for m in selectors.left_members(pairing)]
            Membership.objects.filter(pk__in=left).update(released_by=order)


def registered_word(kind: str) -> str:
    """«зарегистрирован» for a приказ, «зарегистрировано» for a распоряжение."""
    return "зарегистрировано" if kind == OrderKind.DIRECTIVE else "зарегистрирован"


def order_label(order: Order) -> str:
    """«Приказ № 12 от 02.09.2024»."""
    return f"{str(order.get_kind_display()).capitalize()} № {order.number} от {date_ru(order.date)}"


def _close_activities(order: Order) -> None:
    url = reverse("pairing:order_detail", args=[order.programme_id, order.pk])
    for code in CLOSED_ACTIVITIES:
        activity_mark_done(
            programme=order.programme,
            code=code,
            evidence_url=url,
            evidence_label=f"{order_label(order)} «{order.title}»",
            on=order.date,
        )


@transaction.atomic
def order_register(*, order: Order, by: User) -> Order:
    """Register the signed order: its lines are built one last time, its PDF is stored as
    issued, confirmed pairs become active, mentees «в паре» and mentors «наставник», the main
    order closes 5.3 and 5.4, and every participant is told (email after commit, else a
    printed sheet). Twice is refused: the order's row is locked and its status checked."""
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("programme__organisation", "programme__curator", "monitor", "amends")
        .get(pk=order.pk)
    )
    if order.is_registered:
        raise DomainError(f"{order_label(order)} уже {registered_word(order.kind)}.")
    if not order.number.strip():
        raise DomainError("Укажите номер приказа: без номера его нельзя зарегистрировать.")
    if order.date is None:
        raise DomainError("Укажите дату приказа: без даты его нельзя зарегистрировать.")
    _check_number_free(order, order.number, order.kind)
    programme = order.programme
    # Nothing may change the pairs while the order that fixes them is issued.
    list(
        Pairing.objects.select_for_update()
        .filter(programme=programme)
        .exclude(status=PairingStatus.PROPOSED)
        .values_list("pk", flat=True)
    )
    rows = _pending(programme)
    if not rows:
        raise DomainError(NOTHING_PENDING)
    main = selectors.main_order(programme)
    if order.amends_id != (main.pk if main else None):
        order.amends = main
    _start_no_earlier_than_order(order, [p for action, p in rows if action == OrderAction.FIX])
    _refresh_items(order, rows)
    _apply(order, rows)
    order.status = OrderStatus.REGISTERED
    order.registered_at = timezone.now()
    order.registered_by = by
    document = order_document(order)
    order.pdf.save(document.filename, ContentFile(document.content), save=False)
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        order.pdf.storage.delete(order.pdf.name)
        raise DomainError(
            f"{order_label(order)} уже {registered_word(order.kind)} в этой программе: "
            "укажите другой номер."
        ) from None
    if order.amends_id is None:
        _close_activities(order)
    notices.notices_create(order=order)
    notices.notices_send(order=order)
    return order
