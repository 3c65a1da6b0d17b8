"""Reads of the cases (7.5): the programme's list with search and status filter, the pairs that
have no case yet, the records a case is prefilled from (requests, plans, meetings, outcome,
assessment deltas, feedback), and the pair's evidence files a material may be chosen from.
A fixed number of queries each."""

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import fmean

from django.db.models import Count, Prefetch, Q, QuerySet

from pairing.models import (
    Meeting,
    MeetingAttachment,
    MeetingStatus,
    Membership,
    Pairing,
    PairingOutcome,
    Plan,
    PlanActivity,
    PlanStatus,
)
from pairing.selectors.feedback import SCORE_LABELS, pairs_feedback
from programme.models import MenteeRequest, Programme
from programme.models.assessment import AssessmentRound, RoundKind, Score

from ..models import Case, CaseMaterial
from .public import WORKED, case_people, case_publication_problems, publication_permissions


def _with_people(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related(
        "pairing__mentor__staff", "programme__organisation"
    ).prefetch_related(
        Prefetch(
            "pairing__members",
            queryset=Membership.objects.select_related("mentee__staff").order_by("pk"),
        )
    )


def programme_cases(programme: Programme, *, q: str = "", status: str = "") -> list[Case]:
    """The programme's cases, newest change first; `q` finds a title or a participant's
    surname, `status` one status."""
    cases = Case.objects.filter(programme=programme)
    if status:
        cases = cases.filter(status=status)
    if q:
        match = (
            Q(title__icontains=q)
            | Q(pairing__mentor__staff__last_name__icontains=q)
            | Q(pairing__members__mentee__staff__last_name__icontains=q)
        )
        cases = cases.filter(pk__in=Case.objects.filter(match).values("pk"))
    return list(
        _with_people(cases)
        .annotate(material_count=Count("materials"))
        .order_by("-updated_at", "-pk")
    )


def case_of(programme: Programme, case_pk: int) -> Case | None:
    return _with_people(Case.objects.filter(programme=programme, pk=case_pk)).first()


def pairings_without_case(programme: Programme) -> list[Pairing]:
    """Pairs that worked (fixed by an order) and have no case yet."""
    return list(
        Pairing.objects.filter(programme=programme, status__in=WORKED, cases__isnull=True)
        .select_related("mentor__staff", "outcome")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.select_related("mentee__staff").order_by("pk"),
            )
        )
        .order_by("mentor__staff__last_name", "pk")
    )


def publish_problems(case: Case) -> list[str]:
    """Why the case may not be published now; empty when it may."""
    people = case_people(case)
    permissions = publication_permissions(
        [staff.pk for staff, _role in people], organisation_id=case.programme.organisation_id
    )
    return case_publication_problems(case, permissions)


# --- What a case is prefilled from ---------------------------------------------------------


@dataclass
class Delta:
    parameter: str
    before: float
    after: float
    people: int

    @property
    def change(self) -> float:
        return round(self.after - self.before, 1)


@dataclass
class CaseSources:
    pairing: Pairing
    members: list[Membership]
    requests: list[MenteeRequest]
    plans: list[Plan]
    activities: list[PlanActivity]
    meetings: list[Meeting]
    outcome: PairingOutcome | None
    deltas: list[Delta] = field(default_factory=list)
    feedback: dict[str, float] = field(default_factory=dict)


def _current_plans(pairing: Pairing) -> list[Plan]:
    """Per mentee: the approved plan, else her newest version."""
    plans = Plan.objects.filter(membership__pairing=pairing).order_by("membership_id", "-number")
    chosen: dict[int, Plan] = {}
    for plan in plans:
        current = chosen.get(plan.membership_id)
        if current is None or (
            plan.status == PlanStatus.APPROVED and current.status != PlanStatus.APPROVED
        ):
            chosen[plan.membership_id] = plan
    return list(chosen.values())


def _deltas(programme: Programme, staff_ids: list[int]) -> list[Delta]:
    """Per parameter: the pair's people's mean before (the newest baseline round) and after
    (the newest final round), over those measured both times."""
    rounds = {}
    for kind in (RoundKind.BASELINE, RoundKind.FINAL):
        rounds[kind] = (
            AssessmentRound.objects.filter(programme=programme, kind=kind)
            .order_by("-date", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
    if not all(rounds.values()):
        return []
    values: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    names: dict[int, tuple[int, str]] = {}
    for round_id, parameter_id, order, name, staff_id, value in Score.objects.filter(
        round_id__in=list(rounds.values()), staff_id__in=staff_ids
    ).values_list(
        "round_id", "parameter_id", "parameter__order", "parameter__name", "staff_id", "value"
    ):
        kind = RoundKind.BASELINE if round_id == rounds[RoundKind.BASELINE] else RoundKind.FINAL
        values[(parameter_id, staff_id)][kind] = value
        names[parameter_id] = (order, name)
    by_parameter: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (parameter_id, _staff_id), pair in values.items():
        if len(pair) == 2:
            by_parameter[parameter_id].append((pair[RoundKind.BASELINE], pair[RoundKind.FINAL]))
    return [
        Delta(
            parameter=names[pid][1],
            before=round(fmean(b for b, _a in rows), 1),
            after=round(fmean(a for _b, a in rows), 1),
            people=len(rows),
        )
        for pid, rows in sorted(by_parameter.items(), key=lambda item: names[item[0]])
    ]


def case_sources(pairing: Pairing) -> CaseSources:
    members = list(
        Membership.objects.filter(pairing=pairing).select_related("mentee__staff").order_by("pk")
    )
    requests = list(
        MenteeRequest.objects.filter(mentee__memberships__pairing=pairing)
        .select_related("competency")
        .order_by("priority", "competency__order", "competency__name")
    )
    plans = _current_plans(pairing)
    activities = list(
        PlanActivity.objects.filter(plan__in=plans).order_by(
            "plan__membership_id", "position", "pk"
        )
    )
    meetings = list(
        Meeting.objects.filter(pairing=pairing, status=MeetingStatus.HELD).order_by("starts_at")
    )
    outcome = PairingOutcome.objects.filter(pairing=pairing).first()
    staff_ids = [pairing.mentor.staff_id, *(m.mentee.staff_id for m in members)]
    feedback = {}
    pair_feedback = pairs_feedback([pairing.pk]).get(pairing.pk)
    if pair_feedback is not None:
        scores: dict[str, list[int]] = defaultdict(list)
        for row in pair_feedback.rounds:
            for code, given in row.scores.items():
                scores[code] += given
        feedback = {
            SCORE_LABELS.get(code, code): round(fmean(given), 1)
            for code, given in scores.items()
            if given
        }
    return CaseSources(
        pairing=pairing,
        members=members,
        requests=requests,
        plans=plans,
        activities=activities,
        meetings=meetings,
        outcome=outcome,
        deltas=_deltas(pairing.programme, staff_ids),
        feedback=feedback,
    )


# --- Materials ------------------------------------------------------------------------------


def case_materials(case: Case) -> list[CaseMaterial]:
    return list(
        case.materials.select_related("plan_activity", "meeting_attachment__meeting").order_by(
            "order", "pk"
        )
    )


def evidence_choices(case: Case) -> tuple[list[PlanActivity], list[MeetingAttachment]]:
    """The pair's evidence files not chosen yet: plan rows' files and meetings' attachments."""
    chosen = case.materials.all()
    activities = list(
        PlanActivity.objects.filter(plan__membership__pairing_id=case.pairing_id)
        .exclude(evidence_file="")
        .exclude(pk__in=chosen.filter(plan_activity__isnull=False).values("plan_activity_id"))
        .order_by("plan__membership_id", "position", "pk")
    )
    attachments = list(
        MeetingAttachment.objects.filter(meeting__pairing_id=case.pairing_id)
        .exclude(
            pk__in=chosen.filter(meeting_attachment__isnull=False).values("meeting_attachment_id")
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    return activities, attachments


def programme_case_count(programme: Programme, statuses) -> int:
    return Case.objects.filter(programme=programme, status__in=statuses).count()
