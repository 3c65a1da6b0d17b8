"""Later changes of an active pairing: completed by its final meeting, ended early (art. 351.8
of the Labour Code) or a mentee leaving a group. Each leaves a change that no order has fixed
yet; the next draft picks it up as an amendment, and the orders already issued stay as they
were."""

import datetime as dt
from functools import lru_cache

import holidays
from django.db import transaction

from programme.exceptions import DomainError
from programme.models.bases import MenteeStatus
from programme.services.bases import mentee_set_status, mentees_unpair

from ..models import Membership, Pairing, PairingStatus

NOTICE_WORKING_DAYS = 3


@lru_cache(maxsize=8)
def _calendar(year: int) -> holidays.HolidayBase:
    # Russian public holidays with the days off moved by the Government's yearly decree, and
    # the Saturdays made working in exchange (the package knows both).
    return holidays.country_holidays("RU", years=[year - 1, year, year + 1])


def is_working_day(day: dt.date) -> bool:
    """A working day of the five-day week in Russia: not a weekend, not a public holiday,
    and a transferred working Saturday counts."""
    return _calendar(day.year).is_working_day(day)


def earliest_end(notice_on: dt.date, *, days: int = NOTICE_WORKING_DAYS) -> dt.date:
    """The first day mentoring may end after a notice given on `notice_on`.

    The notice period runs from the day after the notice (art. 14 of the Labour Code) and ends
    on its last working day: a notice on Monday 03.03.2025 → Thursday 06.03.2025."""
    day, counted = notice_on, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def _mentees_back_to_base(memberships: list[Membership]) -> None:
    mentees_unpair(mentee_ids=[m.mentee_id for m in memberships])


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("Укажите причину прекращения.")
    return reason[:500]


@transaction.atomic
def pairing_terminate(
    *,
    pairing: Pairing,
    on: dt.date,
    reason: str,
    by_mentor: bool = False,
    notice_on: dt.date | None = None,
) -> Pairing:
    """End an active pairing before its term.

    Either side may end mentoring early by warning the other at least 3 working days before
    (art. 351.8 of the Labour Code): when the mentor ends it the notice date is required, and
    whenever a notice date is given the end may not come sooner. The mentees leave the pair
    and go back to the base; the next order records the end."""
    pairing = (
        Pairing.objects.select_for_update(of=("self",))
        .select_related("mentor__staff")
        .get(pk=pairing.pk)
    )
    if pairing.status != PairingStatus.ACTIVE:
        raise DomainError(
            f"Досрочно прекратить можно только действующую пару; эта — "
            f"«{pairing.get_status_display()}»."
        )
    reason = _clean_reason(reason)
    if on is None:
        raise DomainError("Укажите дату прекращения.")
    if pairing.starts_on and on < pairing.starts_on:
        raise DomainError(
            f"Дата прекращения раньше начала наставничества ({pairing.starts_on:%d.%m.%Y})."
        )
    if by_mentor and notice_on is None:
        raise DomainError(
            "Укажите дату уведомления: наставник предупреждает о досрочном прекращении "
            "наставничества не менее чем за 3 рабочих дня (ст. 351.8 ТК РФ)."
        )
    if notice_on is not None:
        if notice_on > on:
            raise DomainError("Дата уведомления не может быть позже даты прекращения.")
        earliest = earliest_end(notice_on)
        if on < earliest:
            raise DomainError(
                "О досрочном прекращении наставничества предупреждают не менее чем за 3 рабочих "
                f"дня (ст. 351.8 ТК РФ): при уведомлении {notice_on:%d.%m.%Y} наставничество "
                f"можно прекратить не ранее {earliest:%d.%m.%Y}."
            )
    pairing.status = PairingStatus.TERMINATED
    pairing.ended_on = on
    pairing.end_reason = reason
    pairing.ended_by_mentor = bool(by_mentor)
    pairing.notice_on = notice_on
    pairing.save(
        update_fields=[
            "status",
            "ended_on",
            "end_reason",
            "ended_by_mentor",
            "notice_on",
            "updated_at",
        ]
    )
    members = list(pairing.members.filter(left_on__isnull=True))
    Membership.objects.filter(pk__in=[m.pk for m in members]).update(left_on=on, left_reason=reason)
    _mentees_back_to_base(members)
    return pairing


@transaction.atomic
def membership_leave(*, membership: Membership, on: dt.date, reason: str) -> Membership:
    """A mentee leaves an active pair or group: the others go on; a pair left without mentees
    ends early. She goes back to the base; the next order records it."""
    pairing = Pairing.objects.select_for_update().get(pk=membership.pairing_id)
    membership = Membership.objects.select_related("mentee__staff").get(pk=membership.pk)
    name = membership.mentee.staff.short_name
    if pairing.status != PairingStatus.ACTIVE:
        raise DomainError(
            f"Исключить наставляемого можно только из действующей пары; эта — "
            f"«{pairing.get_status_display()}»."
        )
    if membership.left_on is not None:
        raise DomainError(f"{name}: выход из пары уже отмечен {membership.left_on:%d.%m.%Y}.")
    reason = _clean_reason(reason)
    if on is None:
        raise DomainError("Укажите дату выхода из пары.")
    start = membership.joined_on or pairing.starts_on
    if start and on < start:
        raise DomainError(f"{name}: дата выхода раньше начала работы в паре ({start:%d.%m.%Y}).")
    if not pairing.members.filter(left_on__isnull=True).exclude(pk=membership.pk).exists():
        pairing_terminate(pairing=pairing, on=on, reason=reason)
        membership.refresh_from_db()
        return membership
    membership.left_on = on
    membership.left_reason = reason
    membership.save(update_fields=["left_on", "left_reason"])
    _mentees_back_to_base([membership])
    return membership


COMPLETED_REASON = "наставничество завершено"


@transaction.atomic
def pairing_complete(*, pairing: Pairing, on: dt.date) -> Pairing:
    """The final meeting held (6.6): the pairing is «завершена» on that day, its mentees have
    completed their mentoring. Ended before its term, it goes into the next amendment order;
    ended on or after it, no order is needed."""
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.status != PairingStatus.ACTIVE:
        raise DomainError(
            f"Завершить можно только действующую пару; эта — «{pairing.get_status_display()}»."
        )
    if pairing.starts_on and on < pairing.starts_on:
        raise DomainError(
            f"Дата завершения раньше начала наставничества ({pairing.starts_on:%d.%m.%Y})."
        )
    pairing.status = PairingStatus.COMPLETED
    pairing.ended_on = on
    pairing.save(update_fields=["status", "ended_on", "updated_at"])
    members = list(pairing.members.filter(left_on__isnull=True).select_related("mentee__staff"))
    Membership.objects.filter(pk__in=[m.pk for m in members]).update(
        left_on=on, left_reason=COMPLETED_REASON
    )
    for membership in members:
        mentee = membership.mentee
        if mentee.status == MenteeStatus.PAIRED:
            mentee_set_status(mentee, MenteeStatus.COMPLETED, on=on)
    return pairing
