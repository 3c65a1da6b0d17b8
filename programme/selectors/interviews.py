"""Reads of mentor interviews (4.2)."""

from django.db.models import Prefetch, QuerySet

from ..models import Interview, MentorProfile, Programme, StaffMember


def interviews_for_list(programme: Programme) -> QuerySet[Interview]:
    return (
        Interview.objects.filter(programme=programme)
        .select_related("mentor__staff")
        .prefetch_related(Prefetch("panel", queryset=StaffMember.objects.order_by("last_name")))
        .order_by("-date", "-pk")
    )


def mentors_without_interview(programme: Programme) -> QuerySet[MentorProfile]:
    return (
        MentorProfile.objects.filter(programme=programme, interviews__isnull=True)
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name")
    )
