"""Demo data of assessment, interviews and training: takes the DemoContext, idempotent.

Works with or without the bases: what needs mentees or mentors is made only when there are
some, so the demo runs the same before and after the bases demo fills them.
"""

import datetime as dt

from ..models import (
    AssessmentRound,
    Score,
)
from ..models.assessment import ParameterScope, RoundKind
from ..services import assessment


def build(ctx) -> None:
    programme = ctx.programme
    assessment.ensure_default_parameters(programme=programme)
    build_baseline(ctx)


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
