"""What the pages of the pair's work share: loading a pair, a plan or a meeting for the person
asking, or 404 — a pair that is not hers is not revealed to exist."""

from django.http import Http404

from ..models import Meeting, Plan
from ..selectors.meetings import meeting_with_pair
from ..selectors.pairs import PairAccess, pair_access
from ..selectors.plans import plan_with_rows


def pair_or_404(request, pairing_pk: int) -> PairAccess:
    found = pair_access(request.user, pairing_pk)
    if found is None:
        raise Http404
    return found


def plan_or_404(request, plan_pk: int) -> tuple[PairAccess, Plan]:
    """A plan version of a pair the user may open. A mentee sees only her own plan (in a group
    the other mentees' plans are theirs)."""
    try:
        plan = plan_with_rows(plan_pk)
    except Plan.DoesNotExist:
        raise Http404 from None
    found = pair_or_404(request, plan.membership.pairing_id)
    if found.is_mentee and found.membership.pk != plan.membership_id:
        raise Http404
    return found, plan


def meeting_or_404(request, meeting_pk: int) -> tuple[PairAccess, Meeting]:
    try:
        meeting = meeting_with_pair(meeting_pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    return pair_or_404(request, meeting.pairing_id), meeting
