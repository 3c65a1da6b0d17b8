"""Reads of the pairings themselves: a teacher's own pairs («Моя пара») and a pairing's page."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from programme.models import Programme, StaffMember

from ..models import LIVE_STATUSES, Membership, Pairing


def _people() -> Prefetch:
    return Prefetch(
        "members",
        queryset=Membership.objects.select_related(
            "mentee__staff", "fixed_by", "released_by"
        ).order_by("left_on", "mentee__staff__last_name", "mentee__staff__first_name", "pk"),
    )


def programme_pairing(programme: Programme, pairing_pk: int) -> Pairing:
    """A pairing of the programme with its people (raises Pairing.DoesNotExist otherwise)."""
    return (
        Pairing.objects.filter(programme=programme)
        .select_related("mentor__staff", "fixed_by", "ended_by", "confirmed_by")
        .prefetch_related(_people())
        .get(pk=pairing_pk)
    )


@dataclass
class MyPairing:
    """One of a teacher's pairs as she sees it: her counterparts and whom to ask."""

    pairing: Pairing
    is_mentor: bool
    mentor: StaffMember
    mentees: list[StaffMember]
    others: list[StaffMember]  # the other mentees of her group, for a mentee

    @property
    def counterparts(self) -> list[StaffMember]:
        return self.mentees if self.is_mentor else [self.mentor]

    @property
    def order(self):
        return self.pairing.fixed_by

    @property
    def curator(self):
        return self.pairing.programme.curator


def my_pairings(staff: StaffMember | None) -> list[MyPairing]:
    """The live (confirmed or active) pairings a teacher is in, as mentor or as mentee, in
    two queries. Only hers: another teacher's pair never comes back."""
    if staff is None:
        return []
    in_pairing = Membership.objects.filter(
        pairing=OuterRef("pk"), mentee__staff=staff, left_on__isnull=True
    )
    pairings: QuerySet[Pairing] = (
        Pairing.objects.filter(status__in=LIVE_STATUSES)
        .filter(Q(mentor__staff=staff) | Exists(in_pairing))
        .select_related(
            "mentor__staff", "fixed_by", "programme__curator", "programme__organisation"
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.filter(left_on__isnull=True)
                .select_related("mentee__staff")
                .order_by("mentee__staff__last_name", "mentee__staff__first_name", "pk"),
                to_attr="current",
            )
        )
        .order_by("-programme__year", "starts_on", "pk")
    )
    result = []
    for pairing in pairings:
        mentees = [m.mentee.staff for m in pairing.current]
        is_mentor = pairing.mentor.staff_id == staff.pk
        result.append(
            MyPairing(
                pairing=pairing,
                is_mentor=is_mentor,
                mentor=pairing.mentor.staff,
                mentees=mentees,
                others=[] if is_mentor else [m for m in mentees if m.pk != staff.pk],
            )
        )
    return result
