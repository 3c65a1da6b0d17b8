"""Every figure of the monitoring report (7.3 quality, 7.4 impact), read from the records of
stages 2–6 in a fixed number of queries whatever the size of the programme.

Each figure knows on how many people it rests. An anonymous figure — a mean or a share of
answers or scores of a group — resting on fewer than 3 people is not shown (the rule of the
questionnaires' summaries, surveys.selectors.ANONYMITY_THRESHOLD); counts of records (people
invited, pairs, meetings) are not answers and are always shown. Nothing here names a person:
the per-person deltas are on the named comparison page of the assessment."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Count, Q
from django.utils import timezone

from common.formatting import number_ru
from pairing.models import (
    FeedbackRequest,
    Meeting,
    Membership,
    Pairing,
    PairingStatus,
    Plan,
    PlanStatus,
)
from pairing.models.meetings import MEETING_SEQUENCE, MeetingKind, MeetingStatus
from pairing.selectors.feedback import SCORE_CODES, GroupSummary, satisfaction_summary
from programme import progress
from programme.models import MenteeProfile, MentorProfile, Programme, StaffMember
from programme.models.assessment import ParameterScope
from programme.models.bases import MenteeStatus, MentorStatus
from programme.models.org import Position
from programme.models.roadmap import MentoringForm
from programme.progress import Progress
from programme.selectors.assessment import comparison
from surveys.models import (
    Answer,
    Consent,
    ConsentKind,
    Invitation,
    InvitationStatus,
    QuestionnaireKind,
    Response,
    ResponseStatus,
)
from surveys.selectors import ANONYMITY_THRESHOLD

from ..models import MonitoringReport

TOO_FEW = "недостаточно ответов"
STILL_OPEN = "сбор ещё идёт"
INTAKES = (QuestionnaireKind.MENTEE_INTAKE, QuestionnaireKind.MENTOR_INTAKE)
# Pairs that were made: fixed (or about to be) and working, finished or ended early.
PAIRED_STATUSES = (
    PairingStatus.CONFIRMED,
    PairingStatus.ACTIVE,
    PairingStatus.COMPLETED,
    PairingStatus.TERMINATED,
)
INCLUDED_MENTEES = (MenteeStatus.INCLUDED, MenteeStatus.PAIRED, MenteeStatus.COMPLETED)
INCLUDED_MENTORS = (MentorStatus.READY, MentorStatus.MENTOR, MentorStatus.LONG_TERM)


# --- figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """An anonymous figure (a mean, a share) and the number of people it rests on."""

    value: float | None
    people: int
    reason: str = ""  # why it is hidden although enough people answered (a round still open)
    signed: bool = False  # a delta: «+0,5»
    suffix: str = ""  # «%»

    @property
    def hidden(self) -> bool:
        return bool(self.reason) or (self.value is not None and self.people < ANONYMITY_THRESHOLD)

    @property
    def shown(self) -> float | None:
        return None if self.hidden else self.value

    @property
    def text(self) -> str:
        if self.hidden:
            return self.reason or TOO_FEW
        if self.value is None:
            return "—"
        sign = "+" if self.signed and self.value > 0 else ""
        return f"{sign}{number_ru(round(self.value, 2))}{self.suffix}"


def _mean_figure(values: list[float], **kwargs) -> Figure:
    return Figure(round(mean(values), 2) if values else None, len(values), **kwargs)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# --- stage 1: quality --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    count: int
    staff: int

    @property
    def percent(self) -> int | None:
        return _percent(self.count, self.staff)


@dataclass(frozen=True)
class FormRow:
    label: str
    pairs: int
    mentees: int


@dataclass(frozen=True)
class MeetingRow:
    kind: str
    label: str
    planned: int  # every meeting put in the calendar but cancelled ones
    held: int
    not_held: int
    pairs: int  # pairs that held at least one

    @property
    def percent(self) -> int | None:
        return _percent(self.held, self.planned)


@dataclass(frozen=True)
class PlanFigures:
    mentees: int  # mentees in pairs
    plans: int  # of them with a plan (approved or being worked on)
    approved: int
    activities: int
    done: int

    @property
    def percent(self) -> int | None:
        return _percent(self.done, self.activities)


@dataclass(frozen=True)
class FeedbackRow:
    on: dt.date
    asked: int
    answered: int
    progress: Figure
    comfort: Figure


@dataclass
class Quality:
    funnel: list[Step]
    forms: list[FormRow]
    statuses: list[tuple[str, int]]
    meetings: list[MeetingRow]
    plans: PlanFigures
    feedback: list[FeedbackRow]
    satisfaction: list[GroupSummary]

    @property
    def staff(self) -> int:
        return self.funnel[0].count

    @property
    def paired(self) -> int:
        return next(s.count for s in self.funnel if s.key == "paired")

    @property
    def pairs(self) -> int:
        return sum(row.pairs for row in self.forms)

    @property
    def has_figures(self) -> bool:
        return self.pairs > 0


def _people_of_pairs(programme: Programme):
    """Pairs made and their people: (pairings, memberships)."""
    pairings = list(
        Pairing.objects.filter(programme=programme, status__in=PAIRED_STATUSES).values(
            "pk", "form", "status", "ended_on", "mentor__staff_id"
        )
    )
    members = list(
        Membership.objects.filter(pairing__in=[p["pk"] for p in pairings]).values(
            "pk", "pairing_id", "mentee__staff_id", "left_on"
        )
    )
    return pairings, members


def _funnel(programme: Programme, pairings, members) -> list[Step]:
    organisation = programme.organisation_id
    staff = StaffMember.objects.filter(organisation_id=organisation, is_active=True).exclude(
        position=Position.ASSISTANT
    )
    staff_count = staff.count()
    invited = set(
        Invitation.objects.filter(
            questionnaire__programme=programme, questionnaire__kind__in=INTAKES
        )
        .filter(Q(revoked_at__isnull=True) | Q(status=InvitationStatus.SUBMITTED))
        .values_list("staff_id", flat=True)
    )
    answered = set(
        Response.objects.filter(
            version__questionnaire__programme=programme,
            version__questionnaire__kind__in=INTAKES,
            status=ResponseStatus.SUBMITTED,
            respondent__isnull=False,
        ).values_list("respondent_id", flat=True)
    )
    invited |= answered  # an answer came through a link or the teacher's own page
    consented = set(
        Consent.objects.filter(
            organisation_id=organisation,
            kind=ConsentKind.PROCESSING,
            withdrawn_at__isnull=True,
            staff_id__in=list(invited),
        ).values_list("staff_id", flat=True)
    )
    by_pair = {p["pk"]: p for p in pairings}
    paired = {p["mentor__staff_id"] for p in pairings} | {m["mentee__staff_id"] for m in members}
    included = (
        set(
            MenteeProfile.objects.filter(
                programme=programme, status__in=INCLUDED_MENTEES
            ).values_list("staff_id", flat=True)
        )
        | set(
            MentorProfile.objects.filter(
                programme=programme, status__in=INCLUDED_MENTORS
            ).values_list("staff_id", flat=True)
        )
        | paired
    )
    completed, ended_early = set(), set()
    for pairing in pairings:
        if pairing["status"] == PairingStatus.COMPLETED:
            completed.add(pairing["mentor__staff_id"])
        elif pairing["status"] == PairingStatus.TERMINATED:
            ended_early.add(pairing["mentor__staff_id"])
    for member in members:
        pairing = by_pair[member["pairing_id"]]
        left, ended = member["left_on"], pairing["ended_on"]
        left_early = left is not None and (ended is None or left < ended)
        if pairing["status"] == PairingStatus.TERMINATED or left_early:
            ended_early.add(member["mentee__staff_id"])
        elif pairing["status"] == PairingStatus.COMPLETED:
            completed.add(member["mentee__staff_id"])
    steps = (
        ("staff", "Педагогов в организации", staff_count),
        ("invited", "Приглашены к анкетированию", len(invited)),
        ("consented", "Дали согласие на обработку ПДн", len(consented)),
        ("answered", "Заполнили анкету", len(answered)),
        ("included", "Включены в базу наставничества", len(included)),
        ("paired", "В парах (группах)", len(paired)),
        ("completed", "Завершили наставничество", len(completed)),
        ("ended_early", "Прекратили досрочно", len(ended_early)),
    )
    return [Step(key, label, count, staff_count) for key, label, count in steps]


def _forms(pairings, members) -> tuple[list[FormRow], list[tuple[str, int]]]:
    pairs: dict[str, int] = defaultdict(int)
    mentees: dict[str, int] = defaultdict(int)
    form_of = {}
    for pairing in pairings:
        pairs[pairing["form"]] += 1
        form_of[pairing["pk"]] = pairing["form"]
    for member in members:
        mentees[form_of[member["pairing_id"]]] += 1
    rows = [
        FormRow(str(label), pairs[code], mentees[code])
        for code, label in MentoringForm.choices
        if pairs[code]
    ]
    labels = dict(PairingStatus.choices)
    statuses: dict[str, int] = defaultdict(int)
    for pairing in pairings:
        statuses[pairing["status"]] += 1
    return rows, [(str(labels[s]), statuses[s]) for s in PAIRED_STATUSES if statuses[s]]


def _meetings(pairing_ids: list[int]) -> list[MeetingRow]:
    rows = {
        row["kind"]: row
        for row in Meeting.objects.filter(pairing_id__in=pairing_ids)
        .values("kind")
        .annotate(
            planned=Count("pk", filter=~Q(status=MeetingStatus.CANCELLED)),
            held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
            not_held=Count("pk", filter=Q(status=MeetingStatus.NOT_HELD)),
            pairs=Count("pairing", filter=Q(status=MeetingStatus.HELD), distinct=True),
        )
    }
    labels = dict(MeetingKind.choices)
    return [
        MeetingRow(
            kind=str(kind),
            label=str(labels[kind]),
            planned=rows.get(kind, {}).get("planned", 0),
            held=rows.get(kind, {}).get("held", 0),
            not_held=rows.get(kind, {}).get("not_held", 0),
            pairs=rows.get(kind, {}).get("pairs", 0),
        )
        for kind in MEETING_SEQUENCE
    ]


def _plans(members) -> PlanFigures:
    """Each mentee's plan in force: the approved version, else the one being worked on."""
    plans = (
        Plan.objects.filter(membership_id__in=[m["pk"] for m in members])
        .exclude(status=PlanStatus.SUPERSEDED)
        .annotate(
            rows=Count("activities"),
            done=Count("activities", filter=Q(activities__done_on__isnull=False)),
        )
        .values("membership_id", "status", "rows", "done")
    )
    current: dict[int, dict] = {}
    for plan in plans:
        kept = current.get(plan["membership_id"])
        if kept is None or plan["status"] == PlanStatus.APPROVED:
            current[plan["membership_id"]] = plan
    return PlanFigures(
        mentees=len(members),
        plans=len(current),
        approved=sum(1 for p in current.values() if p["status"] == PlanStatus.APPROVED),
        activities=sum(p["rows"] for p in current.values()),
        done=sum(p["done"] for p in current.values()),
    )


def _feedback(programme: Programme) -> list[FeedbackRow]:
    """Each round: asked, answered and the programme's means of progress and comfort (of 10),
    shown from 3 answers and once the round is closed (so that a late answer cannot be read
    off the change of the figure)."""
    requests = FeedbackRequest.objects.filter(
        round__programme=programme, invitation__isnull=False
    ).values(
        "round_id",
        "round__on",
        "invitation_id",
        "invitation__status",
        "invitation__revoked_at",
        "invitation__expires_at",
    )
    rounds: dict[int, dict] = {}
    now = timezone.now()
    for request in requests:
        row = rounds.setdefault(
            request["round_id"],
            {"on": request["round__on"], "asked": set(), "answered": set(), "open": False},
        )
        row["asked"].add(request["invitation_id"])
        if request["invitation__status"] == InvitationStatus.SUBMITTED:
            row["answered"].add(request["invitation_id"])
        elif request["invitation__revoked_at"] is None and request["invitation__expires_at"] > now:
            row["open"] = True
    submitted = {i for row in rounds.values() for i in row["answered"]}
    scores: dict[int, dict[str, int]] = defaultdict(dict)
    for invitation_id, code, value in Answer.objects.filter(
        response__invitation_id__in=list(submitted),
        response__status=ResponseStatus.SUBMITTED,
        question__code__in=SCORE_CODES,
    ).values_list("response__invitation_id", "question__code", "value"):
        if isinstance(value, int | float) and not isinstance(value, bool):
            scores[invitation_id][code] = value
    result = []
    for row in sorted(rounds.values(), key=lambda r: r["on"]):
        reason = STILL_OPEN if row["open"] else ""
        figures = {
            code: _mean_figure(
                [scores[i][code] for i in row["answered"] if code in scores[i]], reason=reason
            )
            for code in SCORE_CODES
        }
        result.append(
            FeedbackRow(
                on=row["on"],
                asked=len(row["asked"]),
                answered=len(row["answered"]),
                progress=figures["progress"],
                comfort=figures["comfort"],
            )
        )
    return result


def quality(programme: Programme) -> Quality:
    pairings, members = _people_of_pairs(programme)
    forms, statuses = _forms(pairings, members)
    return Quality(
        funnel=_funnel(programme, pairings, members),
        forms=forms,
        statuses=statuses,
        meetings=_meetings([p["pk"] for p in pairings]),
        plans=_plans(members),
        feedback=_feedback(programme),
        satisfaction=satisfaction_summary(programme),
    )


# --- stage 2: impact ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ImpactRow:
    parameter: str
    scale: str
    before: Figure
    after: Figure
    delta: Figure
    improved: Figure  # the share (per cent) of those measured twice whose score went up
    improved_people: int


@dataclass
class ImpactGroup:
    scope: str
    label: str
    rows: list[ImpactRow] = field(default_factory=list)
    people: int = 0  # measured before and after on at least one parameter
    improved: Figure = field(default_factory=lambda: Figure(None, 0, suffix="%"))
    improved_people: int = 0
    scale_max: int = 5

    @property
    def has_scores(self) -> bool:
        return any(r.before.people or r.after.people for r in self.rows)


@dataclass
class Impact:
    groups: list[ImpactGroup]
    baseline_on: dt.date | None
    final_on: dt.date | None
    final_scored: bool


def _impact_group(programme: Programme, scope: str) -> tuple[ImpactGroup, object]:
    data = comparison(programme, scope)
    group = ImpactGroup(
        scope=scope, label=str(ParameterScope(scope).label).capitalize(), scale_max=data.scale_max
    )
    for index, parameter in enumerate(data.parameters):
        cells = [row.cells[index] for row in data.rows]
        deltas = [c.delta for c in cells if c.delta is not None]
        up = sum(1 for d in deltas if d > 0)
        group.rows.append(
            ImpactRow(
                parameter=parameter.name,
                scale=f"{parameter.scale_min}–{parameter.scale_max}",
                before=_mean_figure([c.before for c in cells if c.before is not None]),
                after=_mean_figure([c.after for c in cells if c.after is not None]),
                delta=_mean_figure(deltas, signed=True),
                improved=Figure(_percent(up, len(deltas)), len(deltas), suffix="%"),
                improved_people=up,
            )
        )
    personal = [
        mean(deltas)
        for row in data.rows
        if (deltas := [c.delta for c in row.cells if c.delta is not None])
    ]
    group.people = len(personal)
    group.improved_people = sum(1 for d in personal if d > 0)
    group.improved = Figure(_percent(group.improved_people, group.people), group.people, suffix="%")
    return group, data


def impact(programme: Programme) -> Impact:
    groups, baseline, final = [], None, None
    for scope in (ParameterScope.MENTEES, ParameterScope.MENTORS):
        group, data = _impact_group(programme, scope)
        groups.append(group)
        baseline, final = data.baseline, data.final
    final_scored = any(r.after.people for g in groups for r in g.rows)
    return Impact(
        groups=groups,
        baseline_on=baseline.date if baseline else None,
        final_on=final.date if final else None,
        final_scored=final_scored,
    )


# --- the whole report --------------------------------------------------------------------------


@dataclass
class Monitoring:
    programme: Programme
    quality: Quality
    impact: Impact
    report: MonitoringReport | None
    today: dt.date


def report_of(programme: Programme) -> MonitoringReport | None:
    return MonitoringReport.objects.filter(programme=programme).first()


def monitoring(programme: Programme, *, today: dt.date | None = None) -> Monitoring:
    """Both stages and the curator's analysis, in about thirty queries whatever the size."""
    return Monitoring(
        programme=programme,
        quality=quality(programme),
        impact=impact(programme),
        report=report_of(programme),
        today=today or timezone.localdate(),
    )


# --- roadmap -----------------------------------------------------------------------------------


def monitoring_progress(programme: Programme) -> dict[str, Progress]:
    """7.3: whether the curator has written the analysis beside the figures. One query."""
    report = report_of(programme)
    if report is None:
        return {}
    if report.has_analysis:
        return {"7.3": Progress("отчёт о мониторинге: анализ и выводы записаны", 1, 1)}
    return {"7.3": Progress("отчёт о мониторинге: выводы ещё не записаны", 0, 1)}


def register() -> None:
    """The roadmap's links to the monitoring page and its progress (called by apps.py)."""
    progress.register_activity_progress(monitoring_progress)
    progress.register_activity_link("7.3", "Мониторинг: качество программы", "reports:monitoring")
    progress.register_activity_link(
        "7.4", "Мониторинг: результаты «до» и «после»", "reports:monitoring", "#impact"
    )
