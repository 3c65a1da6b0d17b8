"""Telling each participant of her pair (5.4): one notice per person named by an order (her
pairs fixed, changed or ended), sent by email after the order commits, or printed on a sheet
for those without an address."""

from django.db import transaction
from django.utils import timezone

from common.mail import make_message
from common.renderer import Document
from mentoring.queue import enqueue_on_commit
from pairing.documents import pair_notices_document
from programme.exceptions import DomainError

from ..models import Notice, Order
from ..selectors.orders import notice_letters, notice_people

NOTICE_TASK = "pairing.tasks.send_pairing_notice"


def notices_create(*, order: Order) -> list[Notice]:
    """One notice per person the order names: the mentor and the mentees of each pair it
    fixes, changes or ends, and those who leave a pair. A mentor of two pairs gets one letter
    listing both (a database constraint: one notice per person per order)."""
    wanted: dict[int, Notice] = {}
    for item in order.items.order_by("position", "pk"):
        for person in notice_people(item):
            wanted.setdefault(
                person["staff_id"],
                Notice(order=order, pairing_id=item.pairing_id, staff_id=person["staff_id"]),
            )
    Notice.objects.bulk_create(wanted.values(), ignore_conflicts=True)
    return list(order.notices.all())


def notices_send(*, order: Order) -> int:
    """Queue the email of every notice of the order not sent yet whose person has an address;
    the mails go once the transaction commits. Returns how many were queued."""
    ids = list(
        order.notices.filter(emailed_at__isnull=True)
        .exclude(staff__email="")
        .values_list("pk", flat=True)
    )
    for notice_id in ids:
        enqueue_on_commit(NOTICE_TASK, notice_id)
    return len(ids)


def notice_email_deliver(*, notice_id: int) -> None:
    """Send one participant her notice and record it; a notice already sent, or a person
    without an address, gets nothing (the task may run twice)."""
    notice = Notice.objects.select_related("order").get(pk=notice_id)
    if notice.emailed_at is not None:
        return
    letters = notice_letters(notice.order, [notice_id])
    if not letters or not letters[0].staff.email:
        return
    letter = letters[0]
    make_message("pairing/emails/notice", {"letter": letter}, [letter.staff.email]).send()
    Notice.objects.filter(pk=notice_id, emailed_at__isnull=True).update(emailed_at=timezone.now())


@transaction.atomic
def notices_print(*, order: Order, everyone: bool = False) -> Document:
    """The printable notices (one sheet per person) of those without email, or of everyone,
    marked printed."""
    notices = order.notices.all()
    if not everyone:
        notices = notices.filter(staff__email="")
    ids = list(notices.values_list("pk", flat=True))
    if not ids:
        raise DomainError(
            "Уведомлений для печати нет."
            if everyone
            else "Все участники получили уведомления по "
            "электронной почте: печатать нечего (можно напечатать для всех)."
        )
    document = pair_notices_document(order, ids)
    Notice.objects.filter(pk__in=ids).update(printed_at=timezone.now())
    return document
