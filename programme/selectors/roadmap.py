"""Reads of the programme reused by pages and documents."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .. import progress
from ..models import Activity, MenteeProfile, MentorProfile, Programme, StaffMember, Stage
from ..models.roadmap import ActivityStatus


@dataclass
class ActivityRow:
    activity: Activity
    overdue: bool
    progress: progress.Progress | None
    links: list[progress.ActivityLink]

    @property
    def weight(self) -> float:
        """How far the activity has gone, 0..1: closed is 1, data-driven progress otherwise."""
        if self.activity.is_closed:
            return 1.0
        if self.progress is not None:
            return self.progress.fraction
        if self.activity.status == ActivityStatus.IN_PROGRESS:
            return 0.5
        return 0.0


@dataclass
class StageRow:
    stage: Stage
    activities: list[ActivityRow] = field(default_factory=list)

    @property
    def percent(self) -> int:
        if not self.activities:
            return 0
        return round(100 * sum(a.weight for a in self.activities) / len(self.activities))

    @property
    def done_count(self) -> int:
        return sum(1 for a in self.activities if a.activity.is_closed)


@dataclass
class Dashboard:
    programme: Programme
    stages: list[StageRow]
    counts: list[tuple[str, str, int]]
    next_steps: list[ActivityRow]
    overdue_count: int

    @property
    def percent(self) -> int:
        rows = [a for s in self.stages for a in s.activities]
        if not rows:
            return 0
        return round(100 * sum(a.weight for a in rows) / len(rows))


def roadmap_stages(programme: Programme) -> list[Stage]:
    """Stages with their activities and responsible people, in two queries."""
    return list(
        programme.stages.order_by("number").prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.order_by("order").prefetch_related("responsible_people"),
            )
        )
    )


def programme_dashboard(programme: Programme, *, today=None) -> Dashboard:
    today = today or timezone.localdate()
    data_progress = progress.activity_progress(programme)
    stages = []
    for stage in roadmap_stages(programme):
        row = StageRow(stage)
        for activity in stage.activities.all():
            row.activities.append(
                ActivityRow(
                    activity=activity,
                    overdue=activity.is_overdue(today),
                    progress=data_progress.get(activity.code),
                    links=progress.activity_links(activity.code),
                )
            )
        stages.append(row)
    open_rows = [a for s in stages for a in s.activities if not a.activity.is_closed]
    next_steps = sorted(
        open_rows,
        key=lambda r: (
            not r.overdue,
            r.activity.due_on or today.replace(year=today.year + 50),
            r.activity.order,
        ),
    )[:5]
    return Dashboard(
        programme=programme,
        stages=stages,
        counts=progress.key_counts(programme),
        next_steps=next_steps,
        overdue_count=sum(1 for r in open_rows if r.overdue),
    )


def programme_base_counts(programme: Programme) -> dict[str, int]:
    """Staff, mentees and mentors of a programme in one query each."""
    staff = StaffMember.objects.filter(organisation_id=programme.organisation_id, is_active=True)
    return {
        "staff": staff.count(),
        "mentees": MenteeProfile.objects.filter(programme=programme)
        .exclude(status="dropped")
        .count(),
        "mentors": MentorProfile.objects.filter(programme=programme)
        .exclude(status="rejected")
        .count(),
    }


def programmes_with_progress(queryset):
    return queryset.select_related("organisation", "curator").annotate(
        activities_total=Count("activities"),
        activities_done=Count(
            "activities",
            filter=Q(activities__status__in=[ActivityStatus.DONE, ActivityStatus.NOT_REQUIRED]),
        ),
    )
