"""Reads of the pairings themselves: a teacher's own pairs («Моя пара», current and ended) and
a pairing's page."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from programme.models import Programme, StaffMember

from ..models import LIVE_STATUSES, Membership, Pairing, PairingOutcome
from .outcomes import ENDED_STATUSES, outcome_or_none


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
    """One of a teacher's pairs as she sees it: her counterparts and whom to ask; for an
    ended pair, its end and outcome (kept on her page as history)."""

    pairing: Pairing
    is_mentor: bool
    mentor: StaffMember
    mentees: list[StaffMember]
    others: list[StaffMember]  # the other mentees of her group, for a mentee
    outcome: PairingOutcome | None = None

    @property
    def counterparts(self) -> list[StaffMember]:
        return self.mentees if self.is_mentor else [self.mentor]

    @property
    def order(self):
        return self.pairing.fixed_by

    @property
    def curator(self):
        return self.pairing.programme.curator

    @property
    def is_ended(self) -> bool:
        return self.pairing.status in ENDED_STATUSES


def _members_shown(pairing: Pairing) -> list[Membership]:
    """Who is in a live pair now; who was in an ended pair at its end."""
    members = list(pairing.members.all())
    if pairing.status in ENDED_STATUSES:
        return [
            m
            for m in members
            if m.left_on is None or (pairing.ended_on and m.left_on >= pairing.ended_on)
        ]
    return [m for m in members if m.left_on is None]


def my_pairings(staff: StaffMember | None) -> list[MyPairing]:
    """The pairings a teacher is in, as mentor or as mentee: the live ones (confirmed or
    active) first, then the ended ones she was in to their end (completed or ended early) as
    history, newest first. Two queries. Only hers: another teacher's pair never comes back,
    nor a group she left before it ended."""
    if staff is None:
        return []
    in_live = Membership.objects.filter(
        pairing=OuterRef("pk"), mentee__staff=staff, left_on__isnull=True
    )
    to_the_end = Membership.objects.filter(
        pairing=OuterRef("pk"), mentee__staff=staff, left_on__gte=OuterRef("ended_on")
    )
    live = Q(status__in=LIVE_STATUSES) & (Q(mentor__staff=staff) | Exists(in_live))
    ended = Q(status__in=ENDED_STATUSES) & (Q(mentor__staff=staff) | Exists(to_the_end))
    pairings: QuerySet[Pairing] = (
        Pairing.objects.filter(live | ended)
        .select_related(
            "mentor__staff",
            "fixed_by",
            "programme__curator",
            "programme__organisation",
            "outcome",
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.select_related("mentee__staff").order_by(
                    "mentee__staff__last_name", "mentee__staff__first_name", "pk"
                ),
            )
        )
        .order_by("-programme__year", "starts_on", "pk")
    )
    current, history = [], []
    for pairing in pairings:
        mentees = [m.mentee.staff for m in _members_shown(pairing)]
        is_mentor = pairing.mentor.staff_id == staff.pk
        row = MyPairing(
            pairing=pairing,
            is_mentor=is_mentor,
            mentor=pairing.mentor.staff,
            mentees=mentees,
            others=[] if is_mentor else [m for m in mentees if m.pk != staff.pk],
            outcome=outcome_or_none(pairing),
        )
        (history if row.is_ended else current).append(row)
    history.sort(key=lambda r: r.pairing.ended_on or dt.date.min, reverse=True)
    return current + history


def mentor_current_pairings(mentor) -> list[Pairing]:
    """A mentor profile's live pairings (confirmed or active) with the mentees in them now and
    the order that fixed them, oldest first — what her 351.8 papers name. Two queries."""
    return list(
        Pairing.objects.filter(mentor=mentor, status__in=LIVE_STATUSES)
        .select_related("fixed_by")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.filter(left_on__isnull=True)
                .select_related("mentee__staff")
                .order_by("mentee__staff__last_name", "mentee__staff__first_name", "pk"),
                to_attr="current",
            )
        )
        .order_by("starts_on", "pk")
    )
