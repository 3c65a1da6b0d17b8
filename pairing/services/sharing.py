"""Mentors shared across kindergartens (issue 24, item 4): the request to borrow a mentor, the
two answers (the mentor's and her own kindergarten's), cancelling, and the check the board's
confirmation makes for a borrowed mentor.

Pairs with a borrowed mentor hang on her home mentor profile: `pairings_confirm` locks that
row and counts her pairs in every kindergarten, so her one limit holds whoever confirms."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common.mail import make_message
from mentoring.queue import enqueue_on_commit
from programme.exceptions import DomainError
from programme.models import MenteeProfile, MentorProfile, Programme, User
from programme.models.bases import MenteeStatus
from surveys.models import ConsentKind
from surveys.services.consents import has_valid_consent

from ..models import (
    LIVE_STATUSES,
    OPEN_LOAN_STATUSES,
    LoanAnswer,
    LoanStatus,
    Membership,
    MentorLoan,
    SignInChannel,
)
from ..selectors import sharing as selectors
from . import signin

LOAN_TASK = "pairing.tasks.send_loan_request"


class LoanRefused(DomainError):
    """The request cannot be made or answered as asked."""


def _check_offered(mentor: MentorProfile, programme: Programme) -> None:
    if mentor.programme.organisation_id == programme.organisation_id:
        raise LoanRefused("Это наставник вашей организации: её можно выбрать на доске.")
    offered = selectors.shared_cards(
        organisations=selectors.territory_organisations(programme.organisation),
        exclude_organisation_id=programme.organisation_id,
        mentor_id=mentor.pk,
    )
    if not offered:
        raise LoanRefused(
            "Этот наставник больше не предлагается другим организациям вашей территории."
        )
    if offered[0].free <= 0:
        raise LoanRefused(
            f"У наставника {mentor.staff.short_name} нет свободных мест: все места заняты в "
            "утверждённых парах."
        )


@transaction.atomic
def loan_request(
    *, programme: Programme, mentor: MentorProfile, mentee: MenteeProfile, message: str, by: User
) -> MentorLoan:
    """Ask to borrow a shared mentor for a mentee of this programme. The mentor and her
    curator are told by email; nothing is shared with them but the request itself."""
    _check_offered(mentor, programme)
    if mentee.programme_id != programme.pk or mentee.status != MenteeStatus.INCLUDED:
        raise LoanRefused("Наставляемый должен быть в базе наставляемых этой программы.")
    if Membership.objects.filter(
        mentee=mentee, left_on__isnull=True, pairing__status__in=LIVE_STATUSES
    ).exists():
        raise LoanRefused(f"{mentee.staff.short_name} уже в утверждённой паре.")
    try:
        with transaction.atomic():
            loan = MentorLoan.objects.create(
                mentor=mentor,
                programme=programme,
                mentee=mentee,
                message=(message or "").strip()[:2000],
                requested_by=by,
            )
    except IntegrityError:
        raise LoanRefused(
            "Запрос об этом наставнике для этого наставляемого уже отправлен."
        ) from None
    enqueue_on_commit(LOAN_TASK, loan.pk)
    return loan


def _locked(loan_id: int) -> MentorLoan:
    loan = (
        MentorLoan.objects.select_for_update(of=("self",))
        .select_related("mentor__staff", "mentor__programme", "programme")
        .filter(pk=loan_id)
        .first()
    )
    if loan is None:
        raise LoanRefused("Запроса нет.")
    if loan.status != LoanStatus.PENDING:
        raise LoanRefused(f"Запрос уже {loan.get_status_display().lower()}: ответ не нужен.")
    return loan


def _settle(loan: MentorLoan, now) -> None:
    if LoanAnswer.DECLINED in (loan.mentor_answer, loan.home_answer):
        loan.status, loan.closed_at = LoanStatus.DECLINED, now
        loan.close_reason = (
            "отказ наставника" if loan.mentor_answer == LoanAnswer.DECLINED else "отказ организации"
        )
    elif loan.mentor_answer == loan.home_answer == LoanAnswer.ACCEPTED:
        if not has_valid_consent(loan.mentor.staff, ConsentKind.SHARING):
            raise LoanRefused("Согласие наставника на предоставление данных отозвано.")
        loan.status = LoanStatus.ACCEPTED


@transaction.atomic
def loan_answer_by_mentor(*, loan_id: int, staff_id: int, accept: bool) -> MentorLoan:
    """The mentor's own answer, from her page."""
    loan = _locked(loan_id)
    if loan.mentor.staff_id != staff_id:
        raise LoanRefused("Этот запрос адресован другому наставнику.")
    now = timezone.now()
    loan.mentor_answer = LoanAnswer.ACCEPTED if accept else LoanAnswer.DECLINED
    loan.mentor_answered_at = now
    _settle(loan, now)
    loan.save()
    return loan


@transaction.atomic
def loan_answer_by_home(
    *, loan_id: int, programme: Programme, accept: bool, by: User
) -> MentorLoan:
    """Her own kindergarten's answer (curator or head of the mentor's programme)."""
    loan = _locked(loan_id)
    if loan.mentor.programme_id != programme.pk:
        raise LoanRefused("Этот запрос — о наставнике другой организации.")
    now = timezone.now()
    loan.home_answer = LoanAnswer.ACCEPTED if accept else LoanAnswer.DECLINED
    loan.home_answered_at, loan.home_answered_by = now, by
    _settle(loan, now)
    loan.save()
    return loan


@transaction.atomic
def loan_cancel(*, loan_id: int, programme: Programme) -> MentorLoan:
    """The borrowing kindergarten takes its request back (its board's proposals with her go;
    confirmed pairs stay and are ended the usual way)."""
    loan = (
        MentorLoan.objects.select_for_update()
        .filter(pk=loan_id, programme=programme, status__in=OPEN_LOAN_STATUSES)
        .first()
    )
    if loan is None:
        raise LoanRefused("Запроса нет или он уже закрыт.")
    if loan.mentor.pairings.filter(programme=programme, status__in=LIVE_STATUSES).exists():
        raise LoanRefused("С наставником уже утверждена пара: завершите её обычным порядком.")
    for pairing in loan.mentor.pairings.filter(programme=programme, status="proposed"):
        pairing.members.filter(mentee_id=loan.mentee_id).delete()
        if not pairing.members.exists():
            pairing.delete()
    loan.status, loan.closed_at = LoanStatus.CANCELLED, timezone.now()
    loan.close_reason = "запрос отозван"
    loan.save(update_fields=["status", "closed_at", "close_reason"])
    return loan


def check_borrowed(*, mentor: MentorProfile, programme_id: int, members) -> None:
    """A borrowed mentor may be confirmed only for the mentees she was lent for, while her
    sharing consent holds."""
    name = mentor.staff.short_name
    if not has_valid_consent(mentor.staff, ConsentKind.SHARING):
        raise DomainError(
            f"{name}: согласие на предоставление данных другим организациям отозвано."
        )
    lent_for = set(
        MentorLoan.objects.filter(
            mentor=mentor, programme_id=programme_id, status=LoanStatus.ACCEPTED
        ).values_list("mentee_id", flat=True)
    )
    for member in members:
        if member.mentee_id not in lent_for:
            raise DomainError(
                f"{name} — наставник другой организации: для {member.mentee.staff.short_name} "
                "нет принятого запроса о привлечении."
            )


def loan_request_deliver(*, loan_id: int) -> None:
    """Letters about a new request: to the mentor (with a one-time sign-in link when she may
    use one) and to her curator."""
    loan = (
        MentorLoan.objects.select_related(
            "mentor__staff__organisation",
            "mentor__programme__curator",
            "programme__organisation",
        )
        .filter(pk=loan_id, status=LoanStatus.PENDING)
        .first()
    )
    if loan is None:
        return
    staff = loan.mentor.staff
    context = {
        "loan": loan,
        "staff": staff,
        "borrower": loan.programme.organisation,
        "home": staff.organisation,
    }
    if staff.email:
        link = settings.SITE_URL + reverse("pairing:my_loans")
        if signin.may_use_links(staff):
            link = signin.link_url(
                signin.signin_link_create(staff=staff, channel=SignInChannel.EMAIL)
            )
        make_message("pairing/emails/loan_mentor", {**context, "link": link}, [staff.email]).send()
    curator = loan.mentor.programme.curator
    if curator is not None and curator.email:
        link = settings.SITE_URL + reverse("pairing:loan_list", args=[loan.mentor.programme_id])
        make_message("pairing/emails/loan_home", {**context, "link": link}, [curator.email]).send()
