"""Interviews of mentor candidates (4.2): the conclusion moves the mentor along the base."""

import datetime as dt

from django.db import transaction

from ..exceptions import DomainError
from ..models import Interview, MentorProfile, Programme, StaffMember
from ..models.assessment import Conclusion
from ..models.bases import MentorStatus
from ..validators import check_sane_date
from .bases import mentor_set_status
from .roadmap import activity_mark_started

# An interview decides only for those not yet trained; a ready or working mentor keeps status.
DECIDED_BY_INTERVIEW = {
    MentorStatus.CANDIDATE,
    MentorStatus.INTERVIEW,
    MentorStatus.TRAINING,
    MentorStatus.REJECTED,
}

CONCLUSION_STATUS = {
    "": MentorStatus.INTERVIEW,
    Conclusion.RECOMMENDED: MentorStatus.TRAINING,
    Conclusion.CONDITIONAL: MentorStatus.TRAINING,
    Conclusion.REJECTED: MentorStatus.REJECTED,
}


@transaction.atomic
def interview_record(
    *,
    programme: Programme,
    mentor: MentorProfile,
    date: dt.date,
    panel=(),
    notes: str = "",
    conclusion: str = "",
    conditions: str = "",
    interview: Interview | None = None,
) -> Interview:
    """Create or change an interview. Its conclusion moves the candidate: «рекомендован» and
    «рекомендован с условиями» → обучение, «не рекомендован» → не рекомендован; without a
    conclusion yet, a candidate is «на собеседовании»."""
    if mentor.programme_id != programme.pk:
        raise DomainError("Кандидат не из этой программы.")
    check_sane_date(date, what="Дата собеседования")
    panel = list(panel)
    if any(p.organisation_id != programme.organisation_id for p in panel):
        raise DomainError("В комиссию можно включить только сотрудников этой организации.")
    if conclusion not in CONCLUSION_STATUS:
        raise DomainError("Неизвестное заключение.")
    conditions = conditions.strip()
    if conclusion == Conclusion.CONDITIONAL and not conditions:
        raise DomainError("Укажите условия, с которыми кандидат рекомендован.")
    if conclusion != Conclusion.CONDITIONAL:
        conditions = ""
    # Locked: the candidate's interviews change one at a time, and a new interview on a day
    # that already has one (a double click of «Сохранить») is that interview, not a second.
    locked = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
    mentor.status = locked.status
    if interview is None:
        interview = Interview.objects.filter(mentor=mentor, date=date).order_by(
            "pk"
        ).first() or Interview(programme=programme)
    interview.mentor = mentor
    interview.date = date
    interview.notes = notes.strip()
    interview.conclusion = conclusion
    interview.conditions = conditions
    interview.save()
    interview.panel.set(panel)
    activity_mark_started(programme=programme, code="4.2")
    if mentor.status in DECIDED_BY_INTERVIEW and _is_latest(interview):
        mentor_set_status(mentor, CONCLUSION_STATUS[conclusion])
        if mentor.status == MentorStatus.TRAINING:
            # Sessions attended before the interview count too.
            from .training import training_check_completion

            training_check_completion(programme=programme, mentors=[mentor])
    return interview


def _is_latest(interview: Interview) -> bool:
    """Only the newest interview of a mentor decides (an old one edited does not)."""
    newest = (
        Interview.objects.filter(mentor_id=interview.mentor_id).order_by("-date", "-pk").first()
    )
    return newest is None or newest.pk == interview.pk


def panel_candidates(programme: Programme):
    return StaffMember.objects.filter(
        organisation_id=programme.organisation_id, is_active=True
    ).order_by("last_name", "first_name")
