"""Reads of assessment (3.2, 4.1, 7.4): the score grid, the before/after comparison; and the
roadmap progress of the evaluation and preparation of mentors (3.2, 4.1–4.4, 7.4), read
together in six queries."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from common.formatting import plural_ru

from .. import progress
from ..models import (
    AssessmentParameter,
    AssessmentRound,
    Expert,
    Interview,
    Material,
    MenteeProfile,
    MentorProfile,
    Programme,
    Score,
    StaffMember,
    TrainingSession,
)
from ..models.assessment import ParameterScope, RoundKind
from ..models.bases import MentorStatus
from ..progress import Progress
from ..services.assessment import (
    Cell,
    DeltaCell,
    ParameterAverage,
    compare,
    scope_parameters,
    scope_people,
)

READY_STATUSES = (MentorStatus.READY, MentorStatus.MENTOR, MentorStatus.LONG_TERM)


# --- the score grid ---


@dataclass
class GridRow:
    person: StaffMember
    cells: list[tuple[AssessmentParameter, str, str]]  # parameter, value as typed, error


def score_grid(
    round: AssessmentRound,
    scope: str,
    *,
    typed: dict[Cell, str] | None = None,
    errors: dict[Cell, str] | None = None,
) -> tuple[list[AssessmentParameter], list[GridRow]]:
    """Rows of people × columns of parameters with the saved values, or those just typed."""
    parameters = scope_parameters(round.programme, scope)
    people = scope_people(round.programme, scope)
    if typed is None:
        typed = {
            (s.staff_id, s.parameter_id): str(s.value)
            for s in Score.objects.filter(round=round, parameter__in=parameters)
        }
    errors = errors or {}
    rows = [
        GridRow(
            person=person,
            cells=[
                (p, typed.get((person.pk, p.pk), ""), errors.get((person.pk, p.pk), ""))
                for p in parameters
            ],
        )
        for person in people
    ]
    return parameters, rows


def rounds_with_counts(programme: Programme) -> list[AssessmentRound]:
    return list(
        AssessmentRound.objects.filter(programme=programme)
        .annotate(
            mentee_scores=Count(
                "scores", filter=Q(scores__parameter__applies_to=ParameterScope.MENTEES)
            ),
            mentor_scores=Count(
                "scores", filter=Q(scores__parameter__applies_to=ParameterScope.MENTORS)
            ),
        )
        .order_by("date", "kind")
    )


# --- before / after ---


@dataclass
class ComparisonRow:
    person: StaffMember
    cells: list[DeltaCell]


@dataclass
class Comparison:
    parameters: list[AssessmentParameter]
    rows: list[ComparisonRow]
    averages: list[ParameterAverage]
    baseline: AssessmentRound | None
    final: AssessmentRound | None

    @property
    def scale_max(self) -> int:
        return max((p.scale_max for p in self.parameters), default=5)


def comparison(programme: Programme, scope: str) -> Comparison:
    """Before (входная), after (итоговая) and the delta per person and parameter."""
    rounds = {r.kind: r for r in AssessmentRound.objects.filter(programme=programme)}
    parameters = scope_parameters(programme, scope)
    people = scope_people(programme, scope)
    by_round: dict[int, dict[Cell, int]] = {r.pk: {} for r in rounds.values()}
    for score in Score.objects.filter(round__programme=programme, parameter__in=parameters).only(
        "round_id", "staff_id", "parameter_id", "value"
    ):
        by_round[score.round_id][(score.staff_id, score.parameter_id)] = score.value
    baseline, final = rounds.get(RoundKind.BASELINE), rounds.get(RoundKind.FINAL)
    rows, averages = compare(
        [p.pk for p in people],
        [p.pk for p in parameters],
        by_round.get(baseline.pk, {}) if baseline else {},
        by_round.get(final.pk, {}) if final else {},
    )
    return Comparison(
        parameters=parameters,
        rows=[ComparisonRow(person=p, cells=rows[p.pk]) for p in people],
        averages=averages,
        baseline=baseline,
        final=final,
    )


# --- roadmap progress ---


def _scored(programme: Programme) -> dict[tuple[str, str], int]:
    """(round kind, group) → how many people have at least one score."""
    rows = (
        Score.objects.filter(round__programme=programme)
        .values("round__kind", "parameter__applies_to")
        .annotate(people=Count("staff", distinct=True))
    )
    return {(r["round__kind"], r["parameter__applies_to"]): r["people"] for r in rows}


def assessment_progress(programme: Programme) -> dict[str, Progress]:
    """3.2, 4.1, 4.2, 4.3, 4.4 and 7.4 from the data, in six queries whatever the size."""
    scored = _scored(programme)
    mentees = MenteeProfile.objects.filter(programme=programme).count()
    mentors = MentorProfile.objects.filter(programme=programme).aggregate(
        total=Count("pk"),
        not_rejected=Count("pk", filter=~Q(status=MentorStatus.REJECTED)),
        ready=Count("pk", filter=Q(status__in=READY_STATUSES)),
        interviewed=Count(
            "pk",
            filter=Q(
                Exists(Interview.objects.filter(mentor=OuterRef("pk")).exclude(conclusion=""))
            ),
        ),
    )
    sessions = TrainingSession.objects.filter(programme=programme).aggregate(
        total=Count("pk"), held=Count("pk", filter=Q(date__lte=timezone.localdate()))
    )
    experts = Expert.objects.filter(organisation_id=programme.organisation_id).count()
    materials = Material.objects.filter(programme=programme).count()

    result: dict[str, Progress] = {}

    def scored_progress(kind, scope, total, what):
        done = scored.get((kind, scope), 0)
        if done or total:
            return Progress(f"{what}: оценено {done} из {total}", done=done, total=total)
        return None

    for code, kind, scope, total, what in (
        ("3.2", RoundKind.BASELINE, ParameterScope.MENTEES, mentees, "наставляемые"),
        ("4.1", RoundKind.BASELINE, ParameterScope.MENTORS, mentors["total"], "наставники"),
    ):
        item = scored_progress(kind, scope, total, what)
        if item:
            result[code] = item
    final_done = scored.get((RoundKind.FINAL, ParameterScope.MENTEES), 0) + scored.get(
        (RoundKind.FINAL, ParameterScope.MENTORS), 0
    )
    final_total = mentees + mentors["not_rejected"]
    if final_done:
        result["7.4"] = Progress(
            f"итоговая оценка: оценено {final_done} из {final_total}",
            done=final_done,
            total=final_total,
        )
    if mentors["total"]:
        result["4.2"] = Progress(
            f"собеседований {mentors['interviewed']} из {mentors['total']} "
            f"{plural_ru(mentors['total'], 'кандидата', 'кандидатов', 'кандидатов')}",
            done=mentors["interviewed"],
            total=mentors["total"],
        )
    if experts or materials or sessions["total"]:
        result["4.3"] = Progress(
            f"экспертов {experts}, материалов {materials}, занятий проведено {sessions['held']}",
            done=1 if experts or materials else 0,
            total=1,
        )
    if sessions["total"] or mentors["ready"]:
        result["4.4"] = Progress(
            f"занятий проведено {sessions['held']}; готовы {mentors['ready']} "
            f"из {mentors['not_rejected']}",
            done=mentors["ready"],
            total=mentors["not_rejected"],
        )
    return result


def register() -> None:
    """Register this part's roadmap progress providers and activity links (called by apps.py)."""
    progress.register_activity_progress(assessment_progress)
    go = "programme:assessment_go"
    progress.register_activity_link(
        "3.2", "Входная оценка наставляемых", go, "?kind=baseline&scope=mentees"
    )
    progress.register_activity_link(
        "4.1", "Входная оценка наставников", go, "?kind=baseline&scope=mentors"
    )
    progress.register_activity_link("4.2", "Собеседования", "programme:interview_list")
    progress.register_activity_link("4.3", "Эксперты", "programme:expert_list")
    progress.register_activity_link("4.3", "Материалы", "programme:material_list")
    progress.register_activity_link("4.4", "Обучение наставников", "programme:training_home")
    progress.register_activity_link(
        "7.4", "Итоговая оценка наставляемых", go, "?kind=final&scope=mentees"
    )
    progress.register_activity_link(
        "7.4", "Сравнение «до» и «после»", "programme:assessment_comparison"
    )
