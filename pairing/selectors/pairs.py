"""The pair's page: who may open it and in which role, and everything it shows — both people,
form, term, the order, the plans, the meetings, the feedback due and what to do next.

A mentor and her mentees see only their own pairs; the organisation's curator and head see
every pair of it; anyone else gets 404 (the pair's existence is not revealed). A fixed number
of queries, whatever the number of pairs, meetings or plan rows."""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from programme import access
from programme.models import StaffMember, User
from surveys.models import InvitationStatus

from ..models import (
    FeedbackRequest,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Membership,
    Pairing,
    PairingOutcome,
    PairingStatus,
    PlanStatus,
)
from . import meetings as meeting_selectors
from .feedback import SatisfactionSent, satisfaction_sent
from .outcomes import ENDED_STATUSES, outcome_or_none
from .overview import OverviewRow, overview_rows

MENTOR, MENTEE, MANAGER = "mentor", "mentee", "manager"


@dataclass
class PairAccess:
    """Who is looking at a pair: its mentor, one of its mentees, or a manager of the
    organisation. Views decide what each may do from this."""

    pairing: Pairing
    role: str
    staff: StaffMember | None = None
    membership: Membership | None = None

    @property
    def is_mentor(self) -> bool:
        return self.role == MENTOR

    @property
    def is_mentee(self) -> bool:
        return self.role == MENTEE

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER

    @property
    def may_plan_meetings(self) -> bool:
        return self.role in (MENTOR, MANAGER)

    @property
    def may_draft_plans(self) -> bool:
        return self.role in (MENTOR, MANAGER)

    @property
    def may_approve_plans(self) -> bool:
        return self.role == MANAGER


def _member_sees(membership: Membership, pairing: Pairing) -> bool:
    """A mentee sees her pair while she is in it, and an ended pair she was in to its end."""
    if membership.left_on is None:
        return True
    return pairing.ended_on is not None and membership.left_on >= pairing.ended_on


def pair_access(user: User, pairing_pk: int) -> PairAccess | None:
    """The user's access to a pair, or None (the view answers 404)."""
    if not user.is_authenticated:
        return None
    pairing = (
        Pairing.objects.exclude(status=PairingStatus.PROPOSED)
        .select_related(
            "programme__organisation",
            "programme__curator",
            "mentor__staff",
            "fixed_by",
            "outcome",
        )
        .filter(pk=pairing_pk)
        .first()
    )
    if pairing is None:
        return None
    staff = getattr(user, "staff_member", None)
    if staff is not None and staff.organisation_id == pairing.programme.organisation_id:
        if pairing.mentor.staff_id == staff.pk:
            return PairAccess(pairing, MENTOR, staff)
        memberships = list(Membership.objects.filter(pairing=pairing, mentee__staff=staff))
        seen = [m for m in memberships if _member_sees(m, pairing)]
        if seen:
            return PairAccess(pairing, MENTEE, staff, seen[0])
    if user.is_superuser or (
        access.can_manage(user) and user.organisation_id == pairing.programme.organisation_id
    ):
        return PairAccess(pairing, MANAGER, staff)
    return None


@dataclass
class Step:
    text: str
    url: str = ""
    urgent: bool = False


@dataclass
class PairPage:
    access: PairAccess
    row: OverviewRow
    meetings: list[Meeting]
    feedback_due: list = field(default_factory=list)  # the viewer's open invitations
    steps: list[Step] = field(default_factory=list)
    suggested_kind: str = ""
    today: dt.date | None = None
    outcome: PairingOutcome | None = None
    satisfaction: SatisfactionSent | None = None

    @property
    def may_record_outcome(self) -> bool:
        """The mentor of an ended pair, while the curator has not confirmed its outcome."""
        return (
            self.access.is_mentor
            and self.pairing.status in ENDED_STATUSES
            and not (self.outcome and self.outcome.is_confirmed)
        )

    @property
    def may_confirm_outcome(self) -> bool:
        return self.access.is_manager and bool(self.outcome) and not self.outcome.is_confirmed

    @property
    def may_return_outcome(self) -> bool:
        return self.access.is_manager and self.outcome is not None

    @property
    def pairing(self) -> Pairing:
        return self.access.pairing

    @property
    def upcoming(self) -> list[Meeting]:
        return [m for m in self.meetings if m.is_planned]

    @property
    def past(self) -> list[Meeting]:
        return [m for m in self.meetings if not m.is_planned]


def _feedback_due(pairing: Pairing, staff: StaffMember | None) -> list:
    if staff is None:
        return []
    now = timezone.now()
    requests = (
        FeedbackRequest.objects.filter(
            pairing=pairing,
            staff=staff,
            invitation__revoked_at__isnull=True,
            invitation__expires_at__gt=now,
        )
        .exclude(invitation__status=InvitationStatus.SUBMITTED)
        .select_related("invitation__questionnaire", "round")
    )
    return [r.invitation for r in requests]


def _steps(page: PairPage) -> list[Step]:
    """What to do next, for whoever is looking."""
    access, pairing, today = page.access, page.pairing, page.today
    steps: list[Step] = []
    if pairing.status in ENDED_STATUSES:
        return _outcome_steps(page)
    if pairing.status not in (PairingStatus.CONFIRMED, PairingStatus.ACTIVE):
        return steps
    for invitation in page.feedback_due:
        steps.append(
            Step(
                f"Ответьте на анкету «{invitation.questionnaire.title}» до "
                f"{timezone.localtime(invitation.expires_at):%d.%m.%Y}",
                reverse("surveys:fill_mine", args=[invitation.pk]),
                urgent=True,
            )
        )
    unmarked = [m for m in page.upcoming if timezone.localdate(m.starts_at) < today]
    if access.may_plan_meetings:
        for meeting in unmarked:
            day = timezone.localtime(meeting.starts_at)
            steps.append(
                Step(
                    f"Отметьте, состоялась ли встреча {day:%d.%m.%Y}",
                    reverse("pairing:meeting_outcome", args=[meeting.pk]),
                    urgent=True,
                )
            )
    for plans in page.row.plans:
        name = plans.membership.mentee.staff.short_name
        open_plan, approved = plans.open, plans.approved
        if access.may_draft_plans and open_plan is None and approved is None:
            due = f" до {plans.due_on:%d.%m.%Y}" if plans.due_on else ""
            steps.append(
                Step(
                    f"Составьте индивидуальный план развития ({name}){due}",
                    reverse("pairing:plan_for", args=[pairing.pk, plans.membership.pk]),
                    urgent=plans.overdue,
                )
            )
        elif open_plan is not None and open_plan.status == PlanStatus.DRAFT and access.is_mentor:
            steps.append(
                Step(
                    f"Отправьте план ({name}) на согласование куратору",
                    reverse("pairing:plan", args=[open_plan.pk]),
                    urgent=plans.overdue,
                )
            )
        elif open_plan is not None and open_plan.status == PlanStatus.SUBMITTED:
            if access.may_approve_plans:
                steps.append(
                    Step(
                        f"Утвердите план ({name}) или верните на доработку",
                        reverse("pairing:plan", args=[open_plan.pk]),
                        urgent=True,
                    )
                )
            elif access.is_mentee and access.membership.pk == plans.membership.pk:
                steps.append(
                    Step(
                        "Посмотрите план, который составил наставник, и оставьте комментарий",
                        reverse("pairing:plan", args=[open_plan.pk]),
                    )
                )
    if pairing.status == PairingStatus.ACTIVE and access.may_plan_meetings:
        next_one = next(
            (m for m in page.upcoming if timezone.localdate(m.starts_at) >= today), None
        )
        final_set = any(
            m.kind == MeetingKind.FINAL and m.status != MeetingStatus.NOT_HELD
            for m in page.meetings
        )
        if next_one is None and not final_set:
            kind = MeetingKind(page.suggested_kind).label
            steps.append(
                Step(
                    f"Запланируйте следующую встречу: {kind}",
                    reverse("pairing:meeting_create", args=[pairing.pk])
                    + f"?kind={page.suggested_kind}",
                )
            )
    for alert in page.row.alerts if access.is_manager else []:
        steps.append(Step(f"Пара в зоне риска: {alert}", urgent=True))
    return steps


def _outcome_steps(page: PairPage) -> list[Step]:
    outcome = page.outcome
    if page.may_record_outcome and (outcome is None or outcome.returned_at):
        text = "Запишите итог наставничества: достигнута ли цель, краткое заключение"
        if outcome is not None:
            text = "Куратор вернул итог на доработку: исправьте его"
        return [Step(text, "#outcome-title", urgent=True)]
    if page.may_confirm_outcome:
        text = "Подтвердите итог наставничества или верните его наставнику"
        return [Step(text, "#outcome-title", urgent=True)]
    return []


def pair_page(access_: PairAccess, *, today: dt.date | None = None) -> PairPage:
    today = today or timezone.localdate()
    pairing = access_.pairing
    row = overview_rows(pairing.programme, today=today, ids=[pairing.pk])[0]
    meetings = meeting_selectors.pair_meetings(pairing)
    page = PairPage(
        access=access_,
        row=row,
        meetings=meetings,
        feedback_due=_feedback_due(pairing, access_.staff),
        suggested_kind=meeting_selectors.suggested_kind(meetings),
        today=today,
        outcome=outcome_or_none(pairing),
    )
    if pairing.status == PairingStatus.COMPLETED and not access_.is_mentee:
        page.satisfaction = satisfaction_sent(pairing)
    page.steps = _steps(page)
    return page
