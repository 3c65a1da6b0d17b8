"""The curator's overview of all pairs (6.1–6.8): per pair the people, form and term, meetings
held and planned, the last meeting, plan progress, the latest feedback and the alerts of a
pair in trouble; with filters. Nine queries, whatever the number of pairs."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from programme.models import Programme, StaffMember

from ..models import (
    Meeting,
    MeetingStatus,
    Membership,
    Pairing,
    PairingOutcome,
    PairingStatus,
)
from . import feedback as feedback_selectors
from .feedback import PairFeedback, RoundScores
from .outcomes import outcome_or_none
from .plans import MemberPlans, plans_of

# The board's proposals are not pairs yet.
SHOWN = (
    PairingStatus.CONFIRMED,
    PairingStatus.ACTIVE,
    PairingStatus.COMPLETED,
    PairingStatus.TERMINATED,
)


@dataclass
class OverviewRow:
    pairing: Pairing
    mentor: StaffMember
    mentees: list[StaffMember]
    held: int = 0
    planned: int = 0
    last_held: dt.date | None = None
    next_planned: dt.datetime | None = None
    plans: list[MemberPlans] = field(default_factory=list)
    feedback: PairFeedback | None = None
    alerts: list[str] = field(default_factory=list)
    outcome: PairingOutcome | None = None

    @property
    def outcome_text(self) -> str:
        """«достигнута полностью (подтверждён)», «… (ждёт подтверждения)», or empty."""
        if self.outcome is None:
            return ""
        state = "подтверждён" if self.outcome.is_confirmed else "ждёт подтверждения"
        return f"{self.outcome.get_result_display()} ({state})"

    @property
    def plan_done(self) -> int:
        return sum(p.done for p in self.plans)

    @property
    def plan_total(self) -> int:
        return sum(p.total for p in self.plans)

    @property
    def plan_percent(self) -> int:
        return round(100 * self.plan_done / self.plan_total) if self.plan_total else 0

    @property
    def plan_state(self) -> str:
        """«утверждён», «на согласовании», «черновик», «нет» — the least advanced of the pair's
        plans, with «просрочен» when the order's deadline has passed."""
        if not self.plans:
            return "—"
        states = []
        for plan in self.plans:
            current = plan.approved or plan.open
            states.append(current.get_status_display() if current else "нет")
        order = ["нет", "черновик", "на согласовании", "утверждён"]
        state = min(states, key=lambda s: order.index(s) if s in order else 0)
        if any(p.overdue for p in self.plans):
            state += ", просрочен"
        return state

    @property
    def latest(self) -> RoundScores | None:
        return self.feedback.latest if self.feedback else None


def _pairings(programme: Programme, ids: list[int] | None):
    pairings = Pairing.objects.filter(programme=programme, status__in=SHOWN)
    if ids is not None:
        pairings = pairings.filter(pk__in=ids)
    return (
        pairings.select_related("mentor__staff", "fixed_by", "outcome")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.select_related("mentee__staff", "fixed_by").order_by(
                    "mentee__staff__last_name", "mentee__staff__first_name", "pk"
                ),
            )
        )
        .order_by("mentor__staff__last_name", "mentor__staff__first_name", "pk")
    )


def _meeting_figures(pairing_ids: list[int]) -> dict[int, dict]:
    return {
        row["pairing"]: row
        for row in Meeting.objects.filter(pairing_id__in=pairing_ids)
        .values("pairing")
        .annotate(
            held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
            planned=Count("pk", filter=Q(status=MeetingStatus.PLANNED)),
            last_held=Max("starts_at", filter=Q(status=MeetingStatus.HELD)),
            next_planned=Max("starts_at", filter=Q(status=MeetingStatus.PLANNED)),
        )
    }


def overview_rows(
    programme: Programme, *, today: dt.date, ids: list[int] | None = None
) -> list[OverviewRow]:
    """Every pair of the programme (or those of `ids`) with its figures and alerts."""
    pairings = list(_pairings(programme, ids))
    pks = [p.pk for p in pairings]
    figures = _meeting_figures(pks)
    plans = plans_of(pairings, today)
    feedback = feedback_selectors.pairs_feedback(pks)
    schedule = feedback_selectors.schedule_of(programme)
    rows = []
    for pairing in pairings:
        members = list(pairing.members.all())
        shown = [m for m in members if m.left_on is None] or [
            m for m in members if pairing.ended_on and m.left_on and m.left_on >= pairing.ended_on
        ]
        numbers = figures.get(pairing.pk, {})
        last = numbers.get("last_held")
        row = OverviewRow(
            pairing=pairing,
            mentor=pairing.mentor.staff,
            mentees=[m.mentee.staff for m in shown],
            held=numbers.get("held", 0),
            planned=numbers.get("planned", 0),
            last_held=timezone.localdate(last) if last else None,
            next_planned=numbers.get("next_planned"),
            plans=plans.get(pairing.pk, []),
            feedback=feedback.get(pairing.pk),
            outcome=outcome_or_none(pairing),
        )
        row.alerts = feedback_selectors.pair_alerts(
            pairing=pairing,
            feedback=row.feedback,
            last_held=row.last_held,
            overdue_plans=[
                (p.membership.mentee.staff.short_name, p.due_on) for p in row.plans if p.overdue
            ],
            schedule=schedule,
            today=today,
        )
        rows.append(row)
    return rows


def _matches(row: OverviewRow, words: list[str]) -> bool:
    names = (
        " ".join([row.mentor.full_name] + [m.full_name for m in row.mentees])
        .casefold()
        .replace("ё", "е")
    )
    return all(word in names for word in words)


def pairs_overview(
    programme: Programme,
    *,
    today: dt.date,
    status: str = "",
    form: str = "",
    alerts_only: bool = False,
    query: str = "",
) -> list[OverviewRow]:
    """The overview with the curator's filters: status, form, «только с тревогами», a name."""
    rows = overview_rows(programme, today=today)
    if status:
        rows = [r for r in rows if r.pairing.status == status]
    if form:
        rows = [r for r in rows if r.pairing.form == form]
    if alerts_only:
        rows = [r for r in rows if r.alerts]
    words = query.casefold().replace("ё", "е").split()
    if words:
        rows = [r for r in rows if _matches(r, words)]
    return rows
