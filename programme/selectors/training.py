"""Reads of mentor training (4.3, 4.4): sessions, who attended, experts, materials."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from ..models import Expert, Material, MentorProfile, Programme, TrainingCompletion, TrainingSession
from ..services.training import attended_counts, trainable_mentors, training_settings


def sessions_for_list(programme: Programme) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(programme=programme)
        .select_related("expert")
        .prefetch_related("materials")
        .annotate(attended_count=Count("attendance", filter=Q(attendance__attended=True)))
        .order_by("-date", "-pk")
    )


@dataclass
class MentorTraining:
    mentor: MentorProfile
    attended: int
    marked: bool
    meets_rule: bool


def mentors_training(programme: Programme) -> list[MentorTraining]:
    """Each trainable mentor with sessions attended and the curator's mark (fixed queries)."""
    settings = training_settings(programme)
    counts = attended_counts(programme)
    mentors = trainable_mentors(programme).annotate(
        marked=Exists(TrainingCompletion.objects.filter(mentor=OuterRef("pk")))
    )
    rows = []
    for mentor in mentors:
        attended = counts.get(mentor.pk, 0)
        meets = mentor.marked or (settings.rule == "sessions" and attended >= settings.min_sessions)
        rows.append(MentorTraining(mentor, attended, mentor.marked, meets))
    return rows


def session_attendance_ids(session: TrainingSession) -> set[int]:
    return set(session.attendance.filter(attended=True).values_list("mentor_id", flat=True))


def experts_for(programme: Programme) -> QuerySet[Expert]:
    return (
        Expert.objects.filter(organisation_id=programme.organisation_id)
        .annotate(session_count=Count("sessions", filter=Q(sessions__programme=programme)))
        .order_by("full_name")
    )


def materials_for(programme: Programme) -> QuerySet[Material]:
    return Material.objects.filter(programme=programme).order_by("title")
