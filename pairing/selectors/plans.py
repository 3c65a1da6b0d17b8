"""Reads of the individual development plans: a version with its rows and comments, the plans
of a pair (the one in force, the one being worked on, overdue or not), and what the PDF
prints. A fixed number of queries each."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from common.formatting import date_ru, period_ru

from ..models import (
    Membership,
    Pairing,
    Plan,
    PlanActivity,
    PlanResponsible,
    PlanStatus,
)
from ..models.plans import OPEN_PLAN_STATUSES


def plan_with_rows(plan_pk: int) -> Plan:
    """A plan version with its pair, people, rows and comments (raises Plan.DoesNotExist)."""
    return (
        Plan.objects.select_related(
            "membership__mentee__staff",
            "membership__fixed_by",
            "membership__pairing__mentor__staff",
            "membership__pairing__fixed_by",
            "membership__pairing__programme__organisation",
            "membership__pairing__programme__curator",
            "approved_by",
        )
        .prefetch_related(
            Prefetch("activities", queryset=PlanActivity.objects.order_by("position", "pk")),
            "comments",
        )
        .get(pk=plan_pk)
    )


def plans_due_on(membership: Membership, pairing: Pairing) -> dt.date | None:
    """The order's deadline for the plan: the order that put her in the pair, else the pair's."""
    order = membership.fixed_by or pairing.fixed_by
    return order.plans_due_on if order else None


@dataclass
class MemberPlans:
    """One mentee's plan in a pair: the version in force, the one being worked on, all."""

    membership: Membership
    versions: list[Plan] = field(default_factory=list)
    due_on: dt.date | None = None
    today: dt.date | None = None

    @property
    def approved(self) -> Plan | None:
        return next((p for p in self.versions if p.status == PlanStatus.APPROVED), None)

    @property
    def open(self) -> Plan | None:
        return next((p for p in self.versions if p.status in OPEN_PLAN_STATUSES), None)

    @property
    def current(self) -> Plan | None:
        """What the pair works by: the approved version, else the draft."""
        return self.approved or self.open

    @property
    def overdue(self) -> bool:
        return (
            self.approved is None
            and self.due_on is not None
            and self.today is not None
            and self.due_on < self.today
        )

    @property
    def done(self) -> int:
        plan = self.current
        return getattr(plan, "done_count", 0) if plan else 0

    @property
    def total(self) -> int:
        plan = self.current
        return getattr(plan, "activity_count", 0) if plan else 0


def _versions(memberships: list[Membership]) -> dict[int, list[Plan]]:
    plans = (
        Plan.objects.filter(membership__in=[m.pk for m in memberships])
        .annotate(
            activity_count=Count("activities", distinct=True),
            done_count=Count(
                "activities", filter=Q(activities__done_on__isnull=False), distinct=True
            ),
        )
        .order_by("membership", "-number")
    )
    result: dict[int, list[Plan]] = {}
    for plan in plans:
        result.setdefault(plan.membership_id, []).append(plan)
    return result


def plans_of(pairings: list[Pairing], today: dt.date) -> dict[int, list[MemberPlans]]:
    """The plans of the current members of each pairing (members prefetched as `current`, or
    all members of an ended pair), in one query."""
    members = {p.pk: _plan_members(p) for p in pairings}
    versions = _versions([m for ms in members.values() for m in ms])
    return {
        pairing.pk: [
            MemberPlans(
                membership=m,
                versions=versions.get(m.pk, []),
                due_on=plans_due_on(m, pairing),
                today=today,
            )
            for m in members[pairing.pk]
        ]
        for pairing in pairings
    }


def _plan_members(pairing: Pairing) -> list[Membership]:
    """Whose plans a pair shows: its current mentees; for an ended pair, those in it at the end."""
    members = list(pairing.members.all())
    current = [m for m in members if m.left_on is None]
    if current or pairing.ended_on is None:
        return current
    return [m for m in members if m.left_on and m.left_on >= pairing.ended_on]


# --- The paper form ------------------------------------------------------------------------


@dataclass
class PrintedRow:
    number: int
    activity: PlanActivity
    period: str
    responsible: str
    done: str
    evidence: str


def responsible_names(activity: PlanActivity, mentor_name: str, mentee_name: str) -> str:
    return {
        PlanResponsible.MENTOR: mentor_name,
        PlanResponsible.MENTEE: mentee_name,
        PlanResponsible.BOTH: f"{mentor_name}, {mentee_name}",
    }.get(activity.responsible, "")


def printed_rows(plan: Plan) -> list[PrintedRow]:
    """The table of the plan as printed: period in words, responsible by name, done mark with
    its date, evidence by file name or address."""
    mentor = plan.membership.pairing.mentor.staff.short_name
    mentee = plan.membership.mentee.staff.short_name
    rows = []
    for number, activity in enumerate(plan.activities.all(), start=1):
        evidence = activity.evidence_name or activity.evidence_url
        if activity.evidence_name and activity.evidence_url:
            evidence = f"{activity.evidence_name}; {activity.evidence_url}"
        rows.append(
            PrintedRow(
                number=number,
                activity=activity,
                period=period_ru(activity.starts_on, activity.due_on),
                responsible=responsible_names(activity, mentor, mentee),
                done=f"выполнено {date_ru(activity.done_on)}" if activity.done_on else "",
                evidence=evidence,
            )
        )
    return rows
