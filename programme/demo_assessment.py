"""Demo data of assessment, interviews and training: takes the DemoContext, idempotent.

Works with or without the bases: what needs mentees or mentors is made only when there are
some, so the demo runs the same before and after the bases demo fills them.
"""

import datetime as dt

from .models import (
    AssessmentRound,
    Expert,
    Interview,
    Material,
    MentorProfile,
    Score,
    TrainingSession,
)
from .models.assessment import Conclusion, ParameterScope, RoundKind
from .models.bases import MentorStatus
from .services import assessment, interviews, training


def build(ctx) -> None:
    programme = ctx.programme
    assessment.ensure_default_parameters(programme=programme)
    build_baseline(ctx)
    build_interviews(ctx)
    build_training(ctx)


def build_baseline(ctx) -> None:
    programme = ctx.programme
    baseline = AssessmentRound.objects.filter(programme=programme, kind=RoundKind.BASELINE).first()
    if baseline is None:
        baseline = assessment.round_create(
            programme=programme,
            kind=RoundKind.BASELINE,
            date=dt.date(2024, 3, 5),
            title="Входная оценка",
        )
    # Mentees start low (1–3), mentors high (3–5); the same numbers every time.
    for scope, low in ((ParameterScope.MENTEES, 1), (ParameterScope.MENTORS, 3)):
        parameters = assessment.scope_parameters(programme, scope)
        people = assessment.scope_people(programme, scope)
        if not people or Score.objects.filter(round=baseline, parameter__in=parameters).exists():
            continue
        grid = {
            (person.pk, parameter.pk): str(low + (i + 2 * j) % 3)
            for i, person in enumerate(people)
            for j, parameter in enumerate(parameters)
        }
        assessment.save_scores(round=baseline, scope=scope, grid=grid)


def build_interviews(ctx) -> None:
    programme = ctx.programme
    if Interview.objects.filter(programme=programme).exists():
        return
    candidates = list(
        MentorProfile.objects.filter(
            programme=programme, status__in=[MentorStatus.CANDIDATE, MentorStatus.INTERVIEW]
        )
        .select_related("staff")
        .order_by("staff__last_name")[:2]
    )
    panel = [ctx.staff[s] for s in ("Синицына", "Королёва", "Лебедева") if s in ctx.staff]
    outcomes = [
        (Conclusion.RECOMMENDED, "", "Большой опыт, готова делиться методическими находками."),
        (
            Conclusion.CONDITIONAL,
            "Пройти обучение по методам наставничества до начала работы в паре.",
            "Сильный практик; опыта сопровождения коллег пока мало.",
        ),
    ]
    for mentor, (conclusion, conditions, notes) in zip(candidates, outcomes, strict=False):
        interviews.interview_record(
            programme=programme,
            mentor=mentor,
            date=dt.date(2024, 3, 20),
            panel=panel,
            notes=notes,
            conclusion=conclusion,
            conditions=conditions,
        )


def build_training(ctx) -> None:
    programme = ctx.programme
    expert = Expert.objects.filter(
        organisation=programme.organisation, full_name="Кравцова Марина Олеговна"
    ).first() or training.expert_save(
        organisation=programme.organisation,
        programme=programme,
        full_name="Кравцова Марина Олеговна",
        organisation_name="БОУ ДПО «Институт развития образования Омской области»",
        position="методист",
        contacts="kravtsova@example.ru",
    )
    title = "Методические рекомендации по внедрению целевой модели наставничества"
    material = Material.objects.filter(programme=programme, title=title).first()
    if material is None:
        material = training.material_add(
            programme=programme, title=title, url="https://example.ru/nastavnichestvo.pdf"
        )
    if TrainingSession.objects.filter(programme=programme).exists():
        return
    session = training.session_save(
        programme=programme,
        date=dt.date(2024, 4, 3),
        topic="Роль наставника: цели, формы и этапы работы в паре",
        expert=expert,
        materials=[material],
        place="Методический кабинет",
    )
    trainees = MentorProfile.objects.filter(
        programme=programme, status=MentorStatus.TRAINING
    ).values_list("pk", flat=True)
    if trainees:
        training.attendance_save(session=session, attended_mentor_ids=list(trainees))
