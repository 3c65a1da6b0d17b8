"""Scheduled interim feedback (6.5) and the satisfaction questionnaire (6.8).

The curator sets the programme's collection dates (a list, or «каждые N недель» over a period).
On each date every participant of an active pairing gets the interim feedback questionnaire
through the ordinary invitations, exactly once: `feedback_send_due` is what the worker or a
timer calls (`manage.py feedback_rounds`); it sends each due round under a lock of the round's
row and marks it sent, so running it twice sends nothing more, and running it late still sends
the round it missed. When several rounds were missed, the latest is sent and the older ones are
marked missed (nobody gets three questionnaires at once)."""

import datetime as dt

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from programme.exceptions import DomainError
from programme.models import Programme, StaffMember, User
from programme.validators import check_sane_date
from surveys.models import (
    Consent,
    ConsentKind,
    Invitation,
    InvitationStatus,
    Questionnaire,
    QuestionnaireKind,
)
from surveys.services.invitations import invitation_revoke, invitations_create
from surveys.services.questionnaires import load_presets

from ..models import (
    FeedbackRequest,
    FeedbackRound,
    FeedbackSchedule,
    Membership,
    Pairing,
    PairingStatus,
)

MAX_ROUNDS = 60
SATISFACTION_DAYS = 30
# Pairs whose participants are asked about the programme at its end: those an order fixed.
SATISFACTION_STATUSES = (
    PairingStatus.ACTIVE,
    PairingStatus.COMPLETED,
    PairingStatus.TERMINATED,
)


# --- The schedule ----------------------------------------------------------------------------


def every_n_weeks(starts_on: dt.date, ends_on: dt.date, weeks: int) -> list[dt.date]:
    step = dt.timedelta(weeks=weeks)
    days, day = [], starts_on
    while day <= ends_on and len(days) <= MAX_ROUNDS:
        days.append(day)
        if ends_on - day < step:  # the next one would be past the end (or past 31.12.9999)
            break
        day += step
    return days


@transaction.atomic
def feedback_schedule_save(
    *,
    programme: Programme,
    dates: list[dt.date],
    every_weeks: int | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    answer_days: int = 14,
    low_score: int = 4,
    quiet_weeks: int = 4,
) -> tuple[FeedbackSchedule, int, int]:
    """Set the collection dates: the listed ones and, with «каждые N недель», every N weeks from
    the first date to the last. Rounds already sent stay; dates no longer wanted that have not
    been sent are removed. Returns the schedule, how many dates were added and removed."""
    # The years first: 01.01.0001–31.12.9999 is a typo, not «too many dates».
    for day in dates:
        check_sane_date(day, what="Даты сбора")
    check_sane_date(starts_on, what="Первая дата сбора")
    check_sane_date(ends_on, what="Последняя дата сбора")
    generated: list[dt.date] = []
    if every_weeks:
        if not 1 <= every_weeks <= 26:
            raise DomainError("«Каждые N недель»: от 1 до 26 недель.")
        if starts_on is None or ends_on is None:
            raise DomainError("Для сбора «каждые N недель» укажите первую и последнюю дату.")
        if ends_on < starts_on:
            raise DomainError("Последняя дата сбора раньше первой.")
        generated = every_n_weeks(starts_on, ends_on, every_weeks)
    wanted = set(dates) | set(generated)
    if not wanted:
        raise DomainError("Укажите даты сбора или период «каждые N недель».")
    if len(wanted) > MAX_ROUNDS:
        raise DomainError(f"Слишком много дат сбора: не больше {MAX_ROUNDS}.")
    if not 1 <= answer_days <= 90:
        raise DomainError("Срок ответа — от 1 до 90 дней.")
    if not 1 <= low_score <= 9:
        raise DomainError("Тревожная оценка — от 1 до 9.")
    if not 1 <= quiet_weeks <= 26:
        raise DomainError("«Нет встреч» — от 1 до 26 недель.")
    schedule, _created = FeedbackSchedule.objects.select_for_update().get_or_create(
        programme=programme
    )
    schedule.every_weeks = every_weeks or None
    schedule.starts_on = starts_on if every_weeks else None
    schedule.ends_on = ends_on if every_weeks else None
    schedule.answer_days = answer_days
    schedule.low_score = low_score
    schedule.quiet_weeks = quiet_weeks
    schedule.save()
    rounds = {
        r.on: r for r in FeedbackRound.objects.select_for_update().filter(programme=programme)
    }
    stale = [r.pk for day, r in rounds.items() if day not in wanted and r.sent_at is None]
    FeedbackRound.objects.filter(pk__in=stale).delete()
    new = [FeedbackRound(programme=programme, on=day) for day in sorted(wanted - set(rounds))]
    FeedbackRound.objects.bulk_create(new, ignore_conflicts=True)
    return schedule, len(new), len(stale)


def feedback_round_delete(*, round: FeedbackRound) -> None:
    if round.sent_at is not None:
        raise DomainError("Этот сбор уже разослан: он остаётся в истории.")
    round.delete()


# --- Sending -----------------------------------------------------------------------------------


def _questionnaire(programme: Programme, kind: str) -> Questionnaire:
    """The programme's questionnaire of that kind (the active one first); the preset is added
    if the programme has none."""
    found = (
        Questionnaire.objects.filter(programme=programme, kind=kind)
        .order_by("-is_active", "pk")
        .first()
    )
    if found is None:
        load_presets(programme)
        found = Questionnaire.objects.filter(programme=programme, kind=kind).first()
    return found


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


def _participants(pairings) -> list[tuple[Pairing, StaffMember]]:
    rows = []
    for pairing in pairings:
        rows.append((pairing, pairing.mentor.staff))
        rows += [(pairing, m.mentee.staff) for m in pairing.current]
    return [(p, s) for p, s in rows if s.is_active]


def _active_pairings(programme: Programme):
    return (
        Pairing.objects.filter(programme=programme, status=PairingStatus.ACTIVE)
        .select_related("mentor__staff")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.filter(left_on__isnull=True).select_related(
                    "mentee__staff"
                ),
                to_attr="current",
            )
        )
        .order_by("pk")
    )


def _open_invitations(questionnaire: Questionnaire, staff_ids) -> dict[int, Invitation]:
    found: dict[int, Invitation] = {}
    for invitation in Invitation.objects.filter(
        questionnaire=questionnaire,
        staff_id__in=list(staff_ids),
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        subject__isnull=True,
    ).order_by("staff_id", "-created_at", "-pk"):
        found.setdefault(invitation.staff_id, invitation)
    return found


def _close_earlier(questionnaire: Questionnaire, staff_ids: list[int]) -> None:
    """Links of earlier rounds still open: an unanswered one is revoked (the new round replaces
    it), an answered one is closed (it has done its work) — else the invitations would take
    either for the person's open link and not ask her again."""
    earlier = Invitation.objects.filter(
        questionnaire=questionnaire,
        staff_id__in=staff_ids,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        subject__isnull=True,
    )
    for invitation in earlier.exclude(status=InvitationStatus.SUBMITTED):
        invitation_revoke(invitation=invitation)
    earlier.filter(status=InvitationStatus.SUBMITTED).update(expires_at=timezone.now())


@transaction.atomic
def feedback_round_send(
    *, round: FeedbackRound, today: dt.date | None = None, by: User | None = None
) -> int:
    """Send one round: every participant of every active pairing gets the interim feedback
    questionnaire once (a mentor of two pairs gets one questionnaire, counted for both pairs).
    An unanswered questionnaire of an earlier round is closed. Returns how many people were
    asked; a round already sent returns 0."""
    round = (
        FeedbackRound.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=round.pk)
    )
    if round.sent_at is not None:
        return 0
    today = today or timezone.localdate()
    programme = round.programme
    schedule = FeedbackSchedule.objects.filter(programme=programme).first()
    answer_days = schedule.answer_days if schedule else 14
    rows = _participants(_active_pairings(programme))
    round.sent_at = timezone.now()
    round.save(update_fields=["sent_at"])
    if not rows:
        return 0
    FeedbackRequest.objects.bulk_create(
        [FeedbackRequest(round=round, pairing=p, staff=s) for p, s in rows],
        ignore_conflicts=True,
    )
    people = list({s.pk: s for _p, s in rows}.values())
    questionnaire = _questionnaire(programme, QuestionnaireKind.INTERIM_FEEDBACK)
    _close_earlier(questionnaire, [s.pk for s in people])
    invitations_create(
        questionnaire=questionnaire,
        staff=people,
        by=by,
        # From the later of the round's date and the real today: a round sent late (or the
        # demo's rounds of a past year) still gets its full time to answer.
        expires_at=_end_of(
            max(round.on, today, timezone.localdate()) + dt.timedelta(days=answer_days)
        ),
        send_email=True,
    )
    mine = _open_invitations(questionnaire, [s.pk for s in people])
    requests = list(FeedbackRequest.objects.filter(round=round, invitation__isnull=True))
    for request in requests:
        request.invitation = mine.get(request.staff_id)
    FeedbackRequest.objects.bulk_update(requests, ["invitation"])
    return len(people)


def feedback_send_due(
    *, today: dt.date | None = None, programme: Programme | None = None, by: User | None = None
) -> list[tuple[FeedbackRound, int]]:
    """Send every round whose date has come and that has not been sent (what the daily command
    runs). Per programme the latest due round is sent and older unsent ones are marked missed.
    Returns the rounds sent with how many people each asked."""
    today = today or timezone.localdate()
    due = FeedbackRound.objects.filter(sent_at__isnull=True, on__lte=today)
    if programme is not None:
        due = due.filter(programme=programme)
    latest: dict[int, FeedbackRound] = {}
    for round in due.order_by("programme_id", "on"):
        latest[round.programme_id] = round
    sent = []
    for round in latest.values():
        with transaction.atomic():
            asked = feedback_round_send(round=round, today=today, by=by)
            FeedbackRound.objects.filter(
                programme_id=round.programme_id, sent_at__isnull=True, on__lt=round.on
            ).update(sent_at=timezone.now(), missed=True)
        sent.append((round, asked))
    return sent


# --- Satisfaction (6.8) ------------------------------------------------------------------------


def _withdrew_consent(people: list[StaffMember]) -> set[int]:
    """Of these people, who withdrew the personal-data consent and has given none since: no
    questionnaire goes to them (processing stops on withdrawal)."""
    ids = [p.pk for p in people]
    withdrawn = set(
        Consent.objects.filter(
            staff_id__in=ids, kind=ConsentKind.PROCESSING, withdrawn_at__isnull=False
        ).values_list("staff_id", flat=True)
    )
    valid = set(
        Consent.objects.filter(
            staff_id__in=ids, kind=ConsentKind.PROCESSING, withdrawn_at__isnull=True
        ).values_list("staff_id", flat=True)
    )
    return withdrawn - valid


def _invite_satisfaction(programme: Programme, people: list[StaffMember], by) -> int:
    questionnaire = _questionnaire(programme, QuestionnaireKind.SATISFACTION)
    people = [p for p in people if p.pk not in _withdrew_consent(people)]
    asked = set(
        Invitation.objects.filter(
            questionnaire=questionnaire, staff__in=people, revoked_at__isnull=True
        ).values_list("staff_id", flat=True)
    )
    fresh = [p for p in {p.pk: p for p in people}.values() if p.pk not in asked and p.is_active]
    if not fresh:
        return 0
    created, _skipped = invitations_create(
        questionnaire=questionnaire,
        staff=fresh,
        by=by,
        expires_at=_end_of(timezone.localdate() + dt.timedelta(days=SATISFACTION_DAYS)),
        send_email=True,
    )
    return len(created)


def _pair_people(pairing: Pairing) -> list[StaffMember]:
    """The mentor and the mentees in the pair now, or at its end (members prefetched)."""
    members = list(pairing.members.all())
    at_end = [
        m
        for m in members
        if m.left_on is None or (pairing.ended_on and m.left_on >= pairing.ended_on)
    ]
    return [pairing.mentor.staff] + [m.mentee.staff for m in at_end]


def satisfaction_send_pair(*, pairing: Pairing, by: User | None = None) -> int:
    """At a pair's end: its mentor and mentees are asked about the programme (once each) —
    those still working who have not withdrawn the personal-data consent. Nothing is sent
    when the curator has switched the programme's satisfaction questionnaire off. Returns how
    many were invited now; what each person got is read back by selectors.satisfaction_sent."""
    pairing = (
        Pairing.objects.select_related("mentor__staff", "programme")
        .prefetch_related("members__mentee__staff")
        .get(pk=pairing.pk)
    )
    if not _questionnaire(pairing.programme, QuestionnaireKind.SATISFACTION).is_active:
        return 0
    return _invite_satisfaction(pairing.programme, _pair_people(pairing), by)


@transaction.atomic
def satisfaction_send(*, programme: Programme, by: User | None = None) -> int:
    """At the programme's end: every participant of every pair fixed by an order who has not
    been asked yet. Returns how many were invited now."""
    pairings = (
        Pairing.objects.filter(
            programme=programme, status__in=SATISFACTION_STATUSES, fixed_by__isnull=False
        )
        .select_related("mentor__staff")
        .prefetch_related("members__mentee__staff")
    )
    people = []
    for pairing in pairings:
        people += _pair_people(pairing)
    if not people:
        raise DomainError("Нет пар, закреплённых приказом: спрашивать пока некого.")
    return _invite_satisfaction(programme, people, by)
