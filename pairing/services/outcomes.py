"""The pair's outcome at its end: the mentor records whether the goal was achieved (fully,
partly, not) with a short conclusion, the curator confirms it or returns it. Who may do which
is the view's check (the pair's page roles); the rules of the record itself are here."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from programme.exceptions import DomainError
from programme.models import OutcomeEntry, Programme, User
from programme.models.bases import OutcomeRole
from programme.services.bases import PairOutcome, bases_outcome_withdraw, bases_outcome_write
from programme.services.roadmap import activity_mark_done, check_programme_open

from ..models import GoalResult, Membership, Pairing, PairingOutcome, PairingStatus
from ..models.outcomes import CONCLUSION_MAX_LENGTH
from .pairings import COMPLETED_REASON
from .roadmap import pair_work_roadmap_close

ENDED_STATUSES = (PairingStatus.COMPLETED, PairingStatus.TERMINATED)
NOT_ENDED = "Итог записывают, когда пара завершена или прекращена; эта пара — «{status}»."
LOCKED = (
    "Итог уже подтверждён куратором и не меняется. Если его нужно исправить, куратор "
    "возвращает итог на доработку."
)
NOTHING_TO_CONFIRM = "Наставник ещё не записал итог: подтверждать нечего."


def _locked_pairing(pairing: Pairing) -> Pairing:
    # The pairing's row lock serialises every write of its outcome: two clicks or the mentor
    # and the curator at once see each other's change, never a half of it.
    return Pairing.objects.select_for_update().get(pk=pairing.pk)


def _outcome(pairing: Pairing) -> PairingOutcome | None:
    return PairingOutcome.objects.filter(pairing=pairing).first()


def _clean_conclusion(conclusion: str) -> str:
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise DomainError("Напишите краткое заключение: чего удалось достичь и что осталось.")
    if len(conclusion) > CONCLUSION_MAX_LENGTH:
        raise DomainError(
            f"Заключение длиннее {CONCLUSION_MAX_LENGTH} знаков (сейчас {len(conclusion)}). "
            "Сократите его."
        )
    return conclusion


@transaction.atomic
def outcome_record(*, pairing: Pairing, by: User | None, result: str, conclusion: str):
    """The mentor's record of the outcome of an ended pair. Made once (one per pairing, a
    database rule); recorded again freely until the curator confirms it, then locked."""
    check_programme_open(programme_id=pairing.programme_id)
    pairing = _locked_pairing(pairing)
    if pairing.status not in ENDED_STATUSES:
        raise DomainError(NOT_ENDED.format(status=pairing.get_status_display()))
    if result not in GoalResult.values:
        raise DomainError("Выберите, достигнута ли цель наставничества.")
    conclusion = _clean_conclusion(conclusion)
    outcome = _outcome(pairing)
    if outcome is not None and outcome.is_confirmed:
        raise DomainError(LOCKED)
    now = timezone.now()
    if outcome is None:
        outcome = PairingOutcome(pairing=pairing)
    outcome.result = result
    outcome.conclusion = conclusion
    outcome.recorded_at = now
    outcome.recorded_by = by
    try:
        with transaction.atomic():
            outcome.save()
    except IntegrityError:  # made meanwhile by a request that did not wait for the lock
        raise DomainError("Итог только что записан. Обновите страницу.") from None
    return outcome


@transaction.atomic
def outcome_confirm(*, pairing: Pairing, by: User | None) -> PairingOutcome:
    """The curator confirms the mentor's record: from now on it is the pair's outcome that
    monitoring, nominations and cases read. Twice is refused."""
    pairing = _locked_pairing(pairing)
    outcome = _outcome(pairing)
    if outcome is None:
        raise DomainError(NOTHING_TO_CONFIRM)
    if outcome.is_confirmed:
        raise DomainError(
            f"Итог уже подтверждён {timezone.localtime(outcome.confirmed_at):%d.%m.%Y}."
        )
    outcome.confirmed_at = timezone.now()
    outcome.confirmed_by = by
    outcome.returned_at = None
    outcome.return_note = ""
    outcome.save(update_fields=["confirmed_at", "confirmed_by", "returned_at", "return_note"])
    outcome_into_bases(pairing=pairing, outcome=outcome)
    pair_work_roadmap_close(programme=pairing.programme)  # 6.6 reads the confirmed outcomes
    bases_roadmap_close(programme=pairing.programme)
    return outcome


def outcome_into_bases(*, pairing: Pairing, outcome: PairingOutcome) -> None:
    """7.7: the confirmed outcome goes into the mentor's and every mentee's base."""
    members = list(
        Membership.objects.filter(pairing=pairing).select_related("mentee__staff").order_by("pk")
    )
    mentees = list({m.mentee.staff_id: m.mentee.staff for m in members}.values())
    completed = pairing.status == PairingStatus.COMPLETED
    bases_outcome_write(
        programme=pairing.programme,
        outcome=PairOutcome(
            pairing_ref=pairing.pk,
            form=pairing.form,
            ended_early=not completed,
            ended_on=pairing.ended_on,
            result=outcome.result,
            conclusion=outcome.conclusion,
            mentor=pairing.mentor.staff,
            mentees=mentees,
            completed_mentees=[
                m.mentee.staff for m in members if completed and m.left_reason == COMPLETED_REASON
            ],
        ),
    )


def bases_roadmap_close(*, programme: Programme) -> bool:
    """7.7 closes from the data once every ended pair's outcome is written into the bases."""
    ended = set(
        Pairing.objects.filter(programme=programme, status__in=ENDED_STATUSES).values_list(
            "pk", flat=True
        )
    )
    if not ended:
        return False
    written = set(
        OutcomeEntry.objects.filter(
            programme=programme, role=OutcomeRole.MENTOR, pairing_ref__in=ended
        ).values_list("pairing_ref", flat=True)
    )
    if ended - written:
        return False
    activity_mark_done(
        programme=programme,
        code="7.7",
        evidence_url=reverse("programme:mentee_list", args=[programme.pk]),
        evidence_label="Итоги всех завершённых пар внесены в базы наставников и наставляемых",
    )
    return True


@transaction.atomic
def outcome_return(*, pairing: Pairing, by: User | None, note: str = "") -> PairingOutcome:
    """The curator returns the outcome to the mentor (confirmed or not): it is unlocked, and
    the note says what to change."""
    pairing = _locked_pairing(pairing)
    outcome = _outcome(pairing)
    if outcome is None:
        raise DomainError(NOTHING_TO_CONFIRM)
    note = " ".join((note or "").split())[:500]
    outcome.confirmed_at = None
    outcome.confirmed_by = None
    outcome.returned_at = timezone.now()
    outcome.return_note = note
    outcome.save(update_fields=["confirmed_at", "confirmed_by", "returned_at", "return_note"])
    bases_outcome_withdraw(pairing_ref=pairing.pk)
    return outcome
