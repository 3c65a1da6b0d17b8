"""Reads of closing the year: the roadmap's open activities, the archive jobs, and the rows of
the year's data workbook (bases, pairs, meetings, plans, outcomes) — a fixed number of queries
whatever the programme's size."""

from django.db.models import Prefetch, Q

from pairing.models import Meeting, Membership, Order, Pairing, Plan
from pairing.models.orders import OrderStatus
from programme.models import MenteeProfile, MentorProfile, OutcomeEntry, Programme
from programme.models.roadmap import ActivityStatus
from surveys.models import Consent

from ..models import ArchiveJob


def open_activities(programme: Programme) -> list:
    return list(
        programme.activities.exclude(
            status__in=[ActivityStatus.DONE, ActivityStatus.NOT_REQUIRED]
        ).order_by("order")
    )


def archive_jobs(programme: Programme, *, limit: int = 5) -> list[ArchiveJob]:
    return list(
        ArchiveJob.objects.filter(programme=programme)
        .select_related("requested_by")
        .order_by("-created_at")[:limit]
    )


def registered_orders(programme: Programme) -> list[Order]:
    return list(
        Order.objects.filter(programme=programme, status=OrderStatus.REGISTERED).order_by(
            "date", "pk"
        )
    )


def archive_plans(programme: Programme) -> list[Plan]:
    """The latest version of each mentee's plan, ready for plan_document."""
    plans = (
        Plan.objects.filter(membership__pairing__programme=programme)
        .select_related(
            "membership__mentee__staff",
            "membership__pairing__mentor__staff",
            "membership__pairing__programme__organisation",
            "membership__pairing__programme__curator",
        )
        .prefetch_related("activities")
        .order_by("membership_id", "-number")
    )
    latest = {}
    for plan in plans:
        latest.setdefault(plan.membership_id, plan)
    return list(latest.values())


def mentee_rows(programme: Programme):
    return (
        MenteeProfile.objects.filter(programme=programme)
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name")
    )


def mentor_rows(programme: Programme):
    return (
        MentorProfile.objects.filter(programme=programme)
        .select_related("staff")
        .prefetch_related("competencies__competency")
        .order_by("staff__last_name", "staff__first_name")
    )


def pairing_rows(programme: Programme):
    return (
        Pairing.objects.filter(programme=programme)
        .select_related("mentor__staff", "outcome")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.select_related("mentee__staff").order_by("pk"),
            )
        )
        .order_by("mentor__staff__last_name", "pk")
    )


def meeting_rows(programme: Programme):
    return (
        Meeting.objects.filter(pairing__programme=programme)
        .select_related("pairing__mentor__staff")
        .order_by("starts_at", "pk")
    )


def plan_rows(programme: Programme):
    return (
        Plan.objects.filter(membership__pairing__programme=programme)
        .select_related("membership__mentee__staff", "membership__pairing__mentor__staff")
        .prefetch_related("activities")
        .order_by("membership__mentee__staff__last_name", "number")
    )


def outcome_rows(programme: Programme):
    return (
        OutcomeEntry.objects.filter(programme=programme)
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name", "role")
    )


def participant_consents(programme: Programme) -> list[Consent]:
    """Every consent (given or withdrawn) of the programme's mentees and mentors."""
    mentees = MenteeProfile.objects.filter(programme=programme).values("staff_id")
    mentors = MentorProfile.objects.filter(programme=programme).values("staff_id")
    return list(
        Consent.objects.filter(Q(staff__in=mentees) | Q(staff__in=mentors))
        .select_related("staff", "text__organisation")
        .order_by("staff__last_name", "staff__first_name", "given_at")
    )
