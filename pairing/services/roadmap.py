"""Stage 6 of the roadmap closes from the records (see selectors/roadmap.py for when): called
after a meeting is recorded and a plan approved, and every day by `manage.py feedback_rounds`
for what changes without a service of pairing (an answer submitted, a link run out, a pair
ended)."""

from programme.models import Programme
from programme.models.roadmap import ActivityStatus
from programme.services.roadmap import activity_mark_done

from ..models import Pairing
from ..selectors.roadmap import pair_work_closures


def pair_work_roadmap_close(*, programme: Programme) -> list[str]:
    """Mark done, with the page that proves it, each of 6.1–6.6 and 6.8 the records show done
    and the curator has not closed yet; returns the codes closed now."""
    still_open = set(
        programme.activities.exclude(
            status__in=[ActivityStatus.DONE, ActivityStatus.NOT_REQUIRED]
        ).values_list("code", flat=True)
    )
    if not still_open & {"6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.8"}:
        return []
    closed = []
    for closure in pair_work_closures(programme):
        if closure.code in still_open:
            activity_mark_done(
                programme=programme,
                code=closure.code,
                evidence_url=closure.evidence_url,
                evidence_label=closure.evidence_label,
            )
            closed.append(closure.code)
    return closed


def pair_work_roadmap_close_all() -> dict[int, list[str]]:
    """The daily pass over every programme with pairs fixed by an order."""
    programmes = Programme.objects.filter(
        pk__in=Pairing.objects.filter(fixed_by__isnull=False).values("programme_id")
    )
    result = {}
    for programme in programmes:
        if closed := pair_work_roadmap_close(programme=programme):
            result[programme.pk] = closed
    return result
