"""Reads of the ceremony (7.1–7.2): the ceremony event, whom the programme proposes to invite,
the invitation list, the nominations with their awards, and the candidates for an award with
the figures of their records. A fixed number of queries each, whatever the programme's size."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from common.formatting import number_ru
from pairing.models import GoalResult, PairingStatus
from pairing.selectors.overview import overview_rows
from programme import progress
from programme.models import Event, EventGuest, EventInvitee, Programme, StaffMember
from programme.models.assessment import ParameterScope
from programme.models.bases import MenteeStatus, MentorStatus
from programme.models.events import EventKind
from programme.models.org import Position
from programme.progress import Progress
from programme.selectors.assessment import comparison

from ..models import Award, Nomination

# Pairings that are (or were) real pairs: the board's proposals are not.
PAIRED_STATUSES = (
    PairingStatus.CONFIRMED,
    PairingStatus.ACTIVE,
    PairingStatus.COMPLETED,
    PairingStatus.TERMINATED,
)
MENTOR_PARTICIPANT = (MentorStatus.MENTOR, MentorStatus.LONG_TERM)
MENTEE_PARTICIPANT = (MenteeStatus.PAIRED, MenteeStatus.COMPLETED)


def ceremony_event(programme: Programme) -> Event | None:
    """The programme's ceremony: its latest event of the ceremony kind."""
    return (
        Event.objects.filter(programme=programme, kind=EventKind.CEREMONY)
        .select_related("activity", "programme__organisation")
        .order_by("-starts_at", "-pk")
        .first()
    )


def head_staff(programme: Programme) -> StaffMember | None:
    """The head as a member of staff (position «заведующий»), if she is in the staff list."""
    return (
        StaffMember.objects.filter(
            organisation_id=programme.organisation_id, position=Position.HEAD, is_active=True
        )
        .order_by("pk")
        .first()
    )


@dataclass(frozen=True)
class Head:
    """Who signs: the organisation's card first, the staff list when the card is empty."""

    name: str
    position: str


def signing_head(programme: Programme) -> Head:
    organisation = programme.organisation
    name = " ".join(organisation.head_name.split())
    if not name and (staff := head_staff(programme)):
        name = staff.full_name
    return Head(name=name, position=organisation.head_position or "Заведующий")


@dataclass
class Proposed:
    staff: StaffMember
    roles: list[str] = field(default_factory=list)

    @property
    def role_text(self) -> str:
        return ", ".join(self.roles)


def proposed_people(programme: Programme) -> list[Proposed]:
    """Everyone the programme invites: its mentors and mentees (in pairs, or marked
    «наставник» / «в паре» / «программа завершена» in the bases), the curator and the head."""
    participants = (
        Q(mentor_profiles__programme=programme, mentor_profiles__status__in=MENTOR_PARTICIPANT)
        | Q(
            mentor_profiles__programme=programme,
            mentor_profiles__pairings__status__in=PAIRED_STATUSES,
        )
        | Q(mentee_profiles__programme=programme, mentee_profiles__status__in=MENTEE_PARTICIPANT)
        | Q(
            mentee_profiles__programme=programme,
            mentee_profiles__memberships__pairing__status__in=PAIRED_STATUSES,
        )
    )
    curator_id = programme.curator_id
    extra = Q(pk=curator_id) if curator_id else Q(pk__in=[])
    extra |= Q(position=Position.HEAD, is_active=True)
    people = (
        StaffMember.objects.filter(organisation_id=programme.organisation_id)
        .filter(participants | extra)
        .distinct()
        .order_by("last_name", "first_name", "patronymic", "pk")
    )
    people = list(people)
    ids = [p.pk for p in people]
    mentors = set(
        StaffMember.objects.filter(pk__in=ids, mentor_profiles__programme=programme).values_list(
            "pk", flat=True
        )
    )
    mentees = set(
        StaffMember.objects.filter(pk__in=ids, mentee_profiles__programme=programme).values_list(
            "pk", flat=True
        )
    )
    rows = []
    for person in people:
        roles = []
        if person.pk in mentors:
            roles.append("наставник")
        if person.pk in mentees:
            roles.append("наставляемый")
        if person.pk == curator_id:
            roles.append("куратор")
        if person.position == Position.HEAD:
            roles.append("руководитель")
        rows.append(Proposed(staff=person, roles=roles))
    return rows


def not_yet_invited(proposed: list[Proposed], event: Event | None) -> list[Proposed]:
    if event is None:
        return proposed
    invited = set(event.invitees.values_list("staff_id", flat=True))
    return [p for p in proposed if p.staff.pk not in invited]


def head_missing_from_list(programme: Programme, event: Event | None) -> str:
    """The head's name when she is not in the staff list and not among the guests yet (one
    click adds her as a guest), else an empty string."""
    name = " ".join(programme.organisation.head_name.split())
    if not name or event is None or head_staff(programme) is not None:
        return ""
    guests = {
        " ".join(n.split()).casefold() for n in event.guests.values_list("full_name", flat=True)
    }
    if name.casefold() in guests:
        return ""
    return name


def invitees(event: Event) -> QuerySet[EventInvitee]:
    return event.invitees.select_related("staff").order_by(
        "staff__last_name", "staff__first_name", "staff__patronymic", "pk"
    )


def guests(event: Event) -> QuerySet[EventGuest]:
    return event.guests.order_by("full_name", "pk")


@dataclass(frozen=True)
class MailCounts:
    to_send: int  # with an address, not sent yet
    sent: int
    without_address: int


def mail_counts(event: Event) -> MailCounts:
    people = list(event.invitees.values_list("staff__email", "invited_at"))
    people += list(event.guests.values_list("email", "invited_at"))
    return MailCounts(
        to_send=sum(1 for email, at in people if email and at is None),
        sent=sum(1 for _email, at in people if at is not None),
        without_address=sum(1 for email, _at in people if not email),
    )


# --- nominations and awards ----------------------------------------------------------------


def awards_of(programme: Programme) -> QuerySet[Award]:
    """Every award of the programme, in the order of the nominations, with what prints."""
    return (
        Award.objects.filter(nomination__programme=programme)
        .select_related(
            "nomination__programme__organisation",
            "staff",
            "pairing__mentor__staff",
        )
        .order_by("nomination__pk", "staff__last_name", "staff__first_name", "pk")
    )


def nominations_with_awards(programme: Programme) -> list[Nomination]:
    return list(
        Nomination.objects.filter(programme=programme)
        .prefetch_related(
            Prefetch(
                "awards",
                queryset=Award.objects.select_related("staff", "pairing").order_by(
                    "staff__last_name", "staff__first_name", "pk"
                ),
            )
        )
        .order_by("pk")
    )


def programme_award(programme: Programme, award_pk: int) -> Award:
    """One award of the programme (raises Award.DoesNotExist for another's)."""
    return awards_of(programme).get(pk=award_pk)


# --- candidates ----------------------------------------------------------------------------


@dataclass
class Candidate:
    """A pair completed with its goal achieved fully (the outcome confirmed), with the figures
    the curator weighs: plan completion, meetings held, the mentees' growth."""

    pairing_id: int
    mentor: StaffMember
    mentees: list[StaffMember]
    conclusion: str
    held: int
    plan_done: int
    plan_total: int
    delta: float | None  # the mean change of the mentees' scores, final against baseline
    deltas_measured: int  # how many score pairs (person × parameter) it rests on
    awarded: list[str] = field(default_factory=list)  # nominations already given to the pair

    @property
    def plan_percent(self) -> int:
        return round(100 * self.plan_done / self.plan_total) if self.plan_total else 0

    @property
    def delta_text(self) -> str:
        """«+1,5», «0», «-0,5»: as a Russian reader writes it."""
        if self.delta is None:
            return ""
        return f"{'+' if self.delta > 0 else ''}{number_ru(self.delta)}"

    @property
    def sort_key(self) -> tuple:
        return (
            -self.plan_percent,
            -self.held,
            -(self.delta if self.delta is not None else -1000),
            self.mentor.last_name,
            self.pairing_id,
        )


def _mentee_deltas(programme: Programme) -> dict[int, list[int]]:
    """staff id → the mentee's deltas (final minus baseline) on every parameter measured
    both times."""
    result = comparison(programme, ParameterScope.MENTEES)
    return {
        row.person.pk: [c.delta for c in row.cells if c.delta is not None] for row in result.rows
    }


def award_candidates(programme: Programme, *, today: dt.date) -> list[Candidate]:
    """The pairs that completed with the goal achieved fully and the outcome confirmed, best
    figures first. A fixed number of queries, whatever the number of pairs."""
    rows = [
        row
        for row in overview_rows(programme, today=today)
        if row.pairing.status == PairingStatus.COMPLETED
        and row.outcome is not None
        and row.outcome.is_confirmed
        and row.outcome.result == GoalResult.FULL
    ]
    deltas = _mentee_deltas(programme) if rows else {}
    given: dict[int, set[str]] = {}
    for pairing_id, title in Award.objects.filter(
        pairing_id__in=[r.pairing.pk for r in rows]
    ).values_list("pairing_id", "nomination__title"):
        given.setdefault(pairing_id, set()).add(title)
    candidates = []
    for row in rows:
        values = [d for mentee in row.mentees for d in deltas.get(mentee.pk, [])]
        candidates.append(
            Candidate(
                pairing_id=row.pairing.pk,
                mentor=row.mentor,
                mentees=row.mentees,
                conclusion=row.outcome.conclusion,
                held=row.held,
                plan_done=row.plan_done,
                plan_total=row.plan_total,
                delta=round(sum(values) / len(values), 2) if values else None,
                deltas_measured=len(values),
                awarded=sorted(given.get(row.pairing.pk, ())),
            )
        )
    return sorted(candidates, key=lambda c: c.sort_key)


def award_people(programme: Programme) -> QuerySet[StaffMember]:
    """Whom the curator may award by hand: the organisation's working staff."""
    return StaffMember.objects.filter(
        organisation_id=programme.organisation_id, is_active=True
    ).order_by("last_name", "first_name", "patronymic", "pk")


# --- the roadmap: 7.1 and 7.2 on the dashboard ----------------------------------------------


def ceremony_progress(programme: Programme) -> dict[str, Progress]:
    """7.1 and 7.2 from the data, in three queries whatever the size."""
    ceremonies = {"event__programme": programme, "event__kind": EventKind.CEREMONY}
    invited = EventInvitee.objects.filter(**ceremonies).count()
    invited += EventGuest.objects.filter(**ceremonies).count()
    awards = Award.objects.filter(nomination__programme=programme).count()
    result = {}
    if invited:
        result["7.1"] = Progress(f"приглашено: {invited}")
    if awards:
        result["7.2"] = Progress(f"награждений: {awards}")
    return result


def register() -> None:
    """The ceremony's progress and links on the dashboard (called by apps.py)."""
    progress.register_activity_progress(ceremony_progress)
    progress.register_activity_link("7.1", "Приглашения на церемонию", "reports:ceremony")
    progress.register_activity_link("7.2", "Номинации и грамоты", "reports:ceremony")
