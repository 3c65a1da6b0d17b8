"""Reads of the sign-in links: whom the curator may print a sign-in sheet for."""

from django.db.models import Exists, OuterRef

from programme.models import Programme, StaffMember

from ..models import LIVE_STATUSES, Membership, Pairing
from ..services.signin import may_use_links


def sheet_people(programme: Programme) -> list[StaffMember]:
    """The organisation's working teachers who sign in by links (not managers), the
    participants of the programme's pairs first, each marked `in_pair`."""
    in_pair_as_mentee = Membership.objects.filter(
        mentee__staff=OuterRef("pk"),
        left_on__isnull=True,
        pairing__programme=programme,
        pairing__status__in=LIVE_STATUSES,
    )
    in_pair_as_mentor = Pairing.objects.filter(
        mentor__staff=OuterRef("pk"), programme=programme, status__in=LIVE_STATUSES
    )
    people = [
        p
        for p in StaffMember.objects.filter(organisation=programme.organisation, is_active=True)
        .select_related("user")
        .annotate(as_mentee=Exists(in_pair_as_mentee), as_mentor=Exists(in_pair_as_mentor))
        .order_by("last_name", "first_name", "patronymic")
        if may_use_links(p)
    ]
    for person in people:
        person.in_pair = person.as_mentee or person.as_mentor
    return sorted(people, key=lambda p: not p.in_pair)


def default_sheet_people(people: list[StaffMember]) -> list[int]:
    """Preselected: participants of the pairs without an email address."""
    return [p.pk for p in people if p.in_pair and not p.email]
