"""Reads of the pairings themselves: a teacher's own pairs («Моя пара», current and ended) and
a pairing's page."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from programme.models import Programme, StaffMember

from ..models import (
    LIVE_STATUSES,
    MENTOR_UNAVAILABLE_KINDS,
    Membership,
    Pairing,
    PairingOutcome,
    PairingStatus,
)
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


# --- One person, one pair at a time -----------------------------------------------------------


def live_term(pairing: Pairing) -> tuple[dt.date, dt.date]:
    """The days a live pairing holds its people: from its start to its scheduled early end or
    the end of its term (an open side reaches as far as it can)."""
    return (pairing.starts_on or dt.date.min, pairing.ended_on or pairing.ends_on or dt.date.max)


def _period(start: dt.date, end: dt.date) -> str:
    since = f"с {start:%d.%m.%Y}" if start != dt.date.min else ""
    until = f"по {end:%d.%m.%Y}" if end != dt.date.max else ""
    return " ".join(part for part in (since, until) if part) or "без срока"


def _with_current_members(pairings: QuerySet[Pairing]) -> QuerySet[Pairing]:
    return pairings.select_related(
        "mentor__staff", "mentor__programme", "programme"
    ).prefetch_related(
        Prefetch(
            "members",
            queryset=Membership.objects.filter(left_on__isnull=True)
            .select_related("mentee__staff")
            .order_by("mentee__staff__last_name", "pk"),
            to_attr="current",
        )
    )


def term_clashes(pairing_ids: list[int]) -> list[str]:
    """Why these pairings may not hold their people, in Russian (empty: they may): a mentee
    already in another current pairing over some of the same days, or a mentor whose
    overlapping current pairings (in any programme) and these would exceed her limit.
    Confirming pairs on the board and registering the order both ask this; three queries."""
    ids = set(pairing_ids)
    new = list(_with_current_members(Pairing.objects.filter(pk__in=ids)).order_by("pk"))
    mentee_staff = {m.mentee.staff_id for p in new for m in p.current}
    mentor_staff = {p.mentor.staff_id for p in new}
    holding_mentee = Membership.objects.filter(
        pairing=OuterRef("pk"), left_on__isnull=True, mentee__staff_id__in=mentee_staff
    )
    others = list(
        _with_current_members(
            Pairing.objects.filter(status__in=LIVE_STATUSES)
            .exclude(pk__in=ids)
            .filter(Q(mentor__staff_id__in=mentor_staff) | Exists(holding_mentee))
        ).order_by("starts_on", "pk")
    )
    problems: list[str] = []
    for pairing in new:
        start, end = live_term(pairing)
        overlapping = [o for o in others if live_term(o)[0] <= end and start <= live_term(o)[1]]
        for member in pairing.current:
            for other in overlapping:
                if any(m.mentee.staff_id == member.mentee.staff_id for m in other.current):
                    problems.append(
                        f"{member.mentee.staff.short_name} уже в паре (наставник — "
                        f"{other.mentor.staff.short_name}) {_period(*live_term(other))}, "
                        f"«{other.programme.title}»: срок новой пары ({_period(start, end)}) "
                        "пересекается с ним."
                    )
        own = [o for o in overlapping if o.mentor.staff_id == pairing.mentor.staff_id]
        taken = sum(len(o.current) for o in own)
        limit = pairing.mentor.effective_capacity
        if own and taken + len(pairing.current) > limit:
            first = own[0]
            names = ", ".join(m.mentee.staff.short_name for m in first.current) or "—"
            problems.append(
                f"{pairing.mentor.staff.short_name} уже наставник в паре (наставляемые — "
                f"{names}) {_period(*live_term(first))}, «{first.programme.title}»: в те же дни у "
                f"наставника было бы {taken + len(pairing.current)} наставляемых при лимите "
                f"{limit}."
            )
    return problems


# --- Mentors the board does not offer after an early end --------------------------------------


def mentor_unavailable_ends(mentor) -> QuerySet[Pairing]:
    """The mentor's early ends (scheduled or done) for a reason that makes her unavailable,
    not set aside by the curator."""
    return Pairing.objects.filter(
        mentor=mentor,
        status__in=(PairingStatus.ACTIVE, PairingStatus.TERMINATED),
        ended_on__isnull=False,
        end_kind__in=MENTOR_UNAVAILABLE_KINDS,
        mentor_back_at__isnull=True,
    )


def unavailable_mentors(programme: Programme) -> dict[int, Pairing]:
    """Mentor id → the early end that keeps her off the board (the latest), in one query."""
    rows = (
        Pairing.objects.filter(
            programme=programme,
            status__in=(PairingStatus.ACTIVE, PairingStatus.TERMINATED),
            ended_on__isnull=False,
            end_kind__in=MENTOR_UNAVAILABLE_KINDS,
            mentor_back_at__isnull=True,
        )
        .select_related("mentor__staff")
        .order_by("ended_on", "pk")
    )
    return {p.mentor_id: p for p in rows}


# --- Early ends shown on the pages ----------------------------------------------------------

RECENT_DAYS = 30


def early_ends_of(staff: StaffMember | None, *, today: dt.date | None = None) -> list[Pairing]:
    """A teacher's pairs ended early in the last 30 days, that she was in to their end (as
    mentor or mentee): «Моя страница» says so. One query."""
    if staff is None:
        return []
    today = today or timezone.localdate()
    was_in = Membership.objects.filter(
        pairing=OuterRef("pk"), mentee__staff=staff, left_on__gte=OuterRef("ended_on")
    )
    return list(
        Pairing.objects.filter(
            status=PairingStatus.TERMINATED,
            ended_on__gte=today - dt.timedelta(days=RECENT_DAYS),
        )
        .filter(Q(mentor__staff=staff) | Exists(was_in))
        .select_related("mentor__staff")
        .order_by("-ended_on", "pk")
    )


def programme_early_ends_of(programme: Programme, *, today: dt.date | None = None):
    """The programme's early ends scheduled (the pair still works) or done in the last 30
    days, for the curator's dashboard. One query."""
    today = today or timezone.localdate()
    return list(
        Pairing.objects.filter(programme=programme, ended_on__isnull=False)
        .filter(
            Q(status=PairingStatus.ACTIVE)
            | Q(
                status=PairingStatus.TERMINATED,
                ended_on__gte=today - dt.timedelta(days=RECENT_DAYS),
            )
        )
        .select_related("mentor__staff", "ended_by")
        .order_by("ended_on", "pk")
    )
