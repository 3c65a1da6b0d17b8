"""The demo's interviews of two mentor candidates: one recommended, one with conditions."""

import datetime as dt

from ..models import Interview, MentorProfile
from ..models.assessment import Conclusion
from ..models.bases import MentorStatus
from ..services import interviews


def build(ctx) -> None:
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
