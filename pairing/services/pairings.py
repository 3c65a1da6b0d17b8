"""Later changes of an active pairing: completed by its final meeting, ended early (art. 351.8
of the Labour Code) or a mentee leaving a group. Each leaves a change that no order has fixed
yet; the next draft picks it up as an amendment, and the orders already issued stay as they
were."""

import datetime as dt
from functools import lru_cache

import holidays
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common.mail import make_message
from mentoring.queue import enqueue_on_commit
from programme.exceptions import DomainError
from programme.models import MentorProfile, Programme, User
from programme.models.bases import MenteeStatus
from programme.models.org import Role
from programme.services.bases import mentee_set_status, mentees_unpair
from programme.validators import check_sane_date

from ..models import EndKind, Meeting, MeetingStatus, Membership, Pairing, PairingStatus
from ..selectors.pairings import mentor_unavailable_ends, term_clashes

NOTICE_WORKING_DAYS = 3
EARLY_END_TASK = "pairing.tasks.send_early_end_notice"


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
    on its last working day: a notice on Monday 03.03.2025 → Thursday 06.03.2025. A notice
    outside the sane years is refused before counting (31.12.9999 has no next day)."""
    check_sane_date(notice_on, what="Дата уведомления")
    day, counted = notice_on, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the next working day."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def programme_year_end(programme: Programme) -> dt.date:
    """The last day of the programme's year: its end date, else a year from its start, else
    31 December of its year."""
    if programme.ends_on:
        return programme.ends_on
    if programme.starts_on:
        start = programme.starts_on
        try:
            return start.replace(year=start.year + 1) - dt.timedelta(days=1)
        except ValueError:  # 29 February
            return start.replace(year=start.year + 1, day=28)
    return dt.date(programme.year, 12, 31)


def check_term(
    *,
    programme: Programme,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    beyond_year: bool,
    who: str = "",
) -> None:
    """A pair's term: ordered, and ending within the programme's year unless the curator
    has said the term goes beyond it."""
    prefix = f"{who}: " if who else ""
    problem = ""
    if starts_on and ends_on and ends_on < starts_on:
        problem = "окончание срока раньше его начала."
    elif ends_on and not beyond_year and ends_on > programme_year_end(programme):
        problem = (
            f"срок пары ({ends_on:%d.%m.%Y}) выходит за год программы (по "
            f"{programme_year_end(programme):%d.%m.%Y}). Сократите срок или отметьте «срок за "
            "пределами года программы»."
        )
    if problem:
        message = prefix + problem
        raise DomainError(message[0].upper() + message[1:])


def _mentees_back_to_base(memberships: list[Membership]) -> None:
    mentees_unpair(mentee_ids=[m.mentee_id for m in memberships])


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("Укажите причину прекращения.")
    return reason[:500]


def _check_early_end(
    pairing: Pairing, *, on: dt.date, by_mentor: bool, notice_on: dt.date | None, today: dt.date
) -> None:
    if pairing.starts_on and on < pairing.starts_on:
        raise DomainError(
            f"Дата прекращения раньше начала наставничества ({pairing.starts_on:%d.%m.%Y})."
        )
    if pairing.ends_on and on > pairing.ends_on:
        raise DomainError(
            f"Дата прекращения позже окончания срока пары ({pairing.ends_on:%d.%m.%Y}): "
            "досрочно прекращают до окончания срока."
        )
    if by_mentor and notice_on is None:
        raise DomainError(
            "Укажите дату уведомления: наставник предупреждает о досрочном прекращении "
            "наставничества не менее чем за 3 рабочих дня (ст. 351.8 ТК РФ)."
        )
    if notice_on is None:
        return
    if notice_on > today:
        raise DomainError(
            f"Дата уведомления ({notice_on:%d.%m.%Y}) ещё не наступила: укажите день, когда "
            "уведомление уже вручено (сегодня или раньше)."
        )
    if pairing.starts_on and notice_on < pairing.starts_on:
        raise DomainError(
            f"Дата уведомления ({notice_on:%d.%m.%Y}) раньше начала наставничества "
            f"({pairing.starts_on:%d.%m.%Y})."
        )
    if notice_on > on:
        raise DomainError("Дата уведомления не может быть позже даты прекращения.")
    earliest = earliest_end(notice_on)
    if on < earliest:
        raise DomainError(
            "О досрочном прекращении наставничества предупреждают не менее чем за 3 рабочих "
            f"дня (ст. 351.8 ТК РФ): при уведомлении {notice_on:%d.%m.%Y} наставничество "
            f"можно прекратить не ранее {earliest:%d.%m.%Y}."
        )


def _clean_kind(kind: str) -> str:
    if kind and kind not in EndKind.values:
        raise DomainError("Выберите основание прекращения из списка.")
    return kind or ""


@transaction.atomic
def pairing_terminate(
    *,
    pairing: Pairing,
    on: dt.date,
    reason: str = "",
    kind: str = "",
    by_mentor: bool = False,
    notice_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Pairing:
    """End an active pairing before its term.

    Either side may end mentoring early by warning the other at least 3 working days before
    (art. 351.8 of the Labour Code): when the mentor ends it the notice date is required; a
    notice is never in the future nor before the pair's start, and the end comes no sooner
    than 3 working days after it and no later than the term's end. Until that day the pair
    stays «действует» (its people keep working, meetings may be planned); on it the pair
    becomes «прекращена досрочно» — at once when the day has come, else by the daily command
    `pairings_end_due`. The curator, the head and the other side are told at once (email
    after commit, and the pages show it)."""
    today = today or timezone.localdate()
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
    if pairing.ended_on is not None:
        raise DomainError(
            f"Прекращение этой пары уже назначено на {pairing.ended_on:%d.%m.%Y}. Чтобы "
            "изменить дату, сначала отмените его («Восстановить пару»)."
        )
    kind = _clean_kind(kind)
    reason = _clean_reason(reason or (EndKind(kind).label if kind else ""))
    if on is None:
        raise DomainError("Укажите дату прекращения.")
    check_sane_date(on, what="Дата прекращения")
    check_sane_date(notice_on, what="Дата уведомления")
    _check_early_end(pairing, on=on, by_mentor=by_mentor, notice_on=notice_on, today=today)
    pairing.ended_on = on
    pairing.end_reason = reason
    pairing.end_kind = kind
    pairing.ended_by_mentor = bool(by_mentor)
    pairing.notice_on = notice_on
    pairing.end_notified_at = None
    pairing.mentor_back_at = None
    pairing.save(update_fields=[*_END_FIELDS, "updated_at"])
    enqueue_on_commit(EARLY_END_TASK, pairing.pk)
    if on <= today:
        _finish_early_end(pairing)
    return pairing


def _finish_early_end(pairing: Pairing) -> None:
    """The scheduled day has come: the pair is «прекращена досрочно», its mentees leave it and
    go back to the base, and the meetings planned after the end are cancelled."""
    on = pairing.ended_on
    pairing.status = PairingStatus.TERMINATED
    pairing.save(update_fields=["status", "updated_at"])
    members = list(pairing.members.filter(left_on__isnull=True))
    Membership.objects.filter(pk__in=[m.pk for m in members]).update(
        left_on=on, left_reason=pairing.end_reason
    )
    _mentees_back_to_base(members)
    meetings_cancel_after(pairing=pairing, day=on)


def meetings_cancel_after(*, pairing: Pairing, day: dt.date) -> int:
    """Cancel the pair's meetings still planned after `day` (they drop out of the lists, the
    calendars and the reminders). Returns how many."""
    after = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return Meeting.objects.filter(
        pairing=pairing, status=MeetingStatus.PLANNED, starts_at__gte=after
    ).update(status=MeetingStatus.CANCELLED, updated_at=timezone.now())


def pairings_end_due(*, today: dt.date | None = None) -> list[Pairing]:
    """Make «прекращена досрочно» every active pairing whose scheduled early end has come
    (today or earlier). Safe to run twice or late: an ended pairing is no longer active."""
    today = today or timezone.localdate()
    ended = []
    due = Pairing.objects.filter(status=PairingStatus.ACTIVE, ended_on__lte=today).order_by("pk")
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            pairing = (
                Pairing.objects.select_for_update(of=("self",))
                .select_related("programme", "mentor__staff")
                .get(pk=pk)
            )
            if pairing.status != PairingStatus.ACTIVE or pairing.ended_on is None:
                continue
            if pairing.ended_on > today:
                continue
            _finish_early_end(pairing)
            ended.append(pairing)
    return ended


_END_FIELDS = (
    "ended_on",
    "end_reason",
    "end_kind",
    "ended_by_mentor",
    "notice_on",
    "end_notified_at",
    "mentor_back_at",
)


def _clear_end(pairing: Pairing) -> None:
    pairing.ended_on = None
    pairing.notice_on = None
    pairing.end_notified_at = None
    pairing.mentor_back_at = None
    pairing.end_reason = ""
    pairing.end_kind = ""
    pairing.ended_by_mentor = False


@transaction.atomic
def pairing_restore(*, pairing: Pairing) -> Pairing:
    """Undo an early end made by mistake: a scheduled end is cancelled; a pair already
    «прекращена досрочно» is active again with the mentees who left it on that day — as long
    as no amendment order has recorded the end (then only a new order can pair them again).
    Meetings cancelled by the end stay cancelled."""
    pairing = (
        Pairing.objects.select_for_update(of=("self",))
        .select_related("ended_by", "mentor__staff")
        .get(pk=pairing.pk)
    )
    if pairing.status == PairingStatus.ACTIVE and pairing.ended_on is not None:
        _clear_end(pairing)
        pairing.save(update_fields=[*_END_FIELDS, "updated_at"])
        return pairing
    if pairing.status != PairingStatus.TERMINATED:
        raise DomainError(
            "Восстановить можно только пару, прекращённую досрочно; эта — "
            f"«{pairing.get_status_display()}»."
        )
    if pairing.ended_by_id is not None:
        order = pairing.ended_by
        raise DomainError(
            f"Прекращение пары уже внесено в {order.get_kind_display()} № {order.number} от "
            f"{order.date:%d.%m.%Y}: восстановить её нельзя. Если пара продолжает работу, "
            "закрепите её заново новым приказом."
        )
    members = list(
        pairing.members.filter(left_on=pairing.ended_on, released_by__isnull=True).select_related(
            "mentee__staff"
        )
    )
    for membership in members:
        try:
            with transaction.atomic():
                Membership.objects.filter(pk=membership.pk).update(left_on=None, left_reason="")
        except IntegrityError:
            raise DomainError(
                f"{membership.mentee.staff.short_name} уже в другой паре: восстановить эту "
                "пару нельзя."
            ) from None
    pairing.status = PairingStatus.ACTIVE
    _clear_end(pairing)
    pairing.save(update_fields=["status", *_END_FIELDS, "updated_at"])
    clashes = term_clashes([pairing.pk])
    if clashes:
        raise DomainError(" ".join(clashes) + " Пара не восстановлена.")
    for membership in members:
        if membership.mentee.status == MenteeStatus.INCLUDED:
            mentee_set_status(membership.mentee, MenteeStatus.PAIRED)
    return pairing


def mentor_put_back(*, mentor: MentorProfile) -> int:
    """The curator puts back on the board a mentor whose pair ended early for a reason that
    made her unavailable (another position, dismissal, long leave). Returns how many ends
    are thereby set aside; none is a refusal."""
    count = mentor_unavailable_ends(mentor).update(mentor_back_at=timezone.now())
    if not count:
        raise DomainError(f"{mentor.staff.short_name} и так предлагается при подборе пар.")
    return count


# --- Telling the curator, the head and the other side ---------------------------------------


def early_end_recipients(pairing: Pairing) -> list[tuple[str, str]]:
    """(name, email) of whom an early end is told: the curator, the organisation's head(s) and
    the other side (the mentees when the mentor gave notice, else the mentor and the
    mentees); each address once."""
    people = []
    curator = pairing.programme.curator
    if curator is not None:
        people.append((curator.full_name, curator.email))
    for head in User.objects.filter(
        organisation_id=pairing.programme.organisation_id, role=Role.HEAD, is_active=True
    ).order_by("pk"):
        people.append((head.get_full_name(), head.email))
    if not pairing.ended_by_mentor:
        people.append((pairing.mentor.staff.full_name, pairing.mentor.staff.email))
    for membership in pairing.members.select_related("mentee__staff").order_by("pk"):
        if membership.left_on is None or membership.left_on >= pairing.ended_on:
            people.append((membership.mentee.staff.full_name, membership.mentee.staff.email))
    seen, result = set(), []
    for name, email in people:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            result.append((name, email))
    return result


def early_end_notice_deliver(*, pairing_id: int) -> int:
    """Email the early end to its recipients, once: the notice is claimed first (a
    conditional update), so a task run twice, or the daily command, sends nothing more."""
    claimed = Pairing.objects.filter(
        pk=pairing_id, ended_on__isnull=False, end_notified_at__isnull=True
    ).update(end_notified_at=timezone.now())
    if not claimed:
        return 0
    try:
        pairing = Pairing.objects.select_related(
            "programme__organisation", "programme__curator", "mentor__staff"
        ).get(pk=pairing_id)
        mentees = [
            m.mentee.staff
            for m in pairing.members.select_related("mentee__staff").order_by("pk")
            if m.left_on is None or m.left_on >= pairing.ended_on
        ]
        sent = 0
        for name, email in early_end_recipients(pairing):
            make_message(
                "pairing/emails/early_end",
                {
                    "pairing": pairing,
                    "name": name,
                    "mentees": mentees,
                    "organisation": pairing.programme.organisation,
                    "link": settings.SITE_URL + reverse("pairing:pair", args=[pairing.pk]),
                },
                [email],
            ).send()
            sent += 1
        return sent
    except Exception:
        Pairing.objects.filter(pk=pairing_id).update(end_notified_at=None)
        raise


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
    check_sane_date(on, what="Дата выхода из пары")
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
    completed their mentoring. Completed before its term, it goes into the next amendment as
    «считать завершённым … в связи с проведением заключительной встречи» (never as an early
    end: no reason, no notice); completed on or after it, no order is needed."""
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.status != PairingStatus.ACTIVE:
        raise DomainError(
            f"Завершить можно только действующую пару; эта — «{pairing.get_status_display()}»."
        )
    check_sane_date(on, what="Дата завершения")
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
