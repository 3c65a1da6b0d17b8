"""Reads of the pairing board (5.3): who may be paired, how many places mentors have left, the
current proposal and the engine's runs. Every read here takes a fixed number of queries,
whatever the number of people."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from common.formatting import plural_ru, short_name_case
from programme.models import Competency, MenteeProfile, MentorProfile, Preference, Programme
from programme.models.bases import (
    MenteeStatus,
    MentorCompetency,
    MentorStatus,
    labour_basis_present,
)
from programme.progress import Progress
from surveys.models import Consent, ConsentKind

from ..engine import CRITERION_LABELS
from ..models import (
    LIVE_STATUSES,
    MENTOR_UNAVAILABLE_KINDS,
    BoardRun,
    LoanStatus,
    Membership,
    MentorLoan,
    Pairing,
    PairingStatus,
)
from .pairings import unavailable_mentors
from .sharing import board_mentor_ids

# A mentor the board may offer: ready, or already mentoring and with places left.
PAIRABLE_MENTOR_STATUSES = (MentorStatus.READY, MentorStatus.MENTOR)


def _valid_consent(staff_path: str):
    return Exists(
        Consent.objects.filter(
            staff=OuterRef(staff_path), kind=ConsentKind.PROCESSING, withdrawn_at__isnull=True
        )
    )


def candidate_mentees(programme: Programme) -> QuerySet[MenteeProfile]:
    """Included mentees with a valid personal-data consent who are in no pairing yet (a
    proposed one counts: the board shows it)."""
    return (
        MenteeProfile.objects.filter(programme=programme, status=MenteeStatus.INCLUDED)
        .filter(_valid_consent("staff"))
        .exclude(
            Exists(
                Membership.objects.filter(
                    mentee=OuterRef("pk"), left_on__isnull=True, pairing__status__in=LIVE_STATUSES
                )
            )
        )
        .select_related("staff")
        .prefetch_related(
            "requests",
            Prefetch(
                "preferences",
                queryset=Preference.objects.filter(side="mentee").order_by("rank"),
                to_attr="own_preferences",
            ),
        )
        .order_by("staff__last_name", "staff__first_name", "pk")
    )


def _unavailable_end():
    """An early end that took the mentor away (another position, dismissal, long leave) and
    that the curator has not set aside."""
    return Exists(
        Pairing.objects.filter(
            mentor=OuterRef("pk"),
            status__in=(PairingStatus.ACTIVE, PairingStatus.TERMINATED),
            ended_on__isnull=False,
            end_kind__in=MENTOR_UNAVAILABLE_KINDS,
            mentor_back_at__isnull=True,
        )
    )


def candidate_mentors(programme: Programme) -> QuerySet[MentorProfile]:
    """Ready mentors (or mentors with places left) with both consents: the art. 351.8 written
    consent (or mentoring in their duties, the Роструд letter) and the personal-data consent;
    not one whose pair ended early because she became unavailable, until the curator puts her
    back."""
    return (
        MentorProfile.objects.filter(
            programme=programme,
            status__in=PAIRABLE_MENTOR_STATUSES,
        )
        .filter(labour_basis_present())
        .filter(_valid_consent("staff"))
        .exclude(_unavailable_end())
        .select_related("staff", "programme")
        .prefetch_related(
            "competencies",
            Prefetch(
                "preferences",
                queryset=Preference.objects.filter(side="mentor").order_by("rank"),
                to_attr="own_preferences",
            ),
        )
        .order_by("staff__last_name", "staff__first_name", "pk")
    )


@dataclass
class BoardPeople:
    """Who the board may pair right now, and the places each mentor has left."""

    mentees: list[MenteeProfile]
    mentors: list[MentorProfile]
    free: dict[int, int]  # mentor id → places left after confirmed and active pairings
    names: dict[int, str]  # competency id → name


def borrowed_mentors(programme: Programme) -> list[MentorProfile]:
    """Mentors of other kindergartens lent to this programme (an accepted request, her sharing
    consent still valid), each with `lent_from` (her kindergarten) and `lent_for` (the mentees
    she was asked for). Two queries and a prefetch."""
    loans = list(
        MentorLoan.objects.filter(programme=programme, status=LoanStatus.ACCEPTED).values_list(
            "mentor_id", "mentee_id"
        )
    )
    if not loans:
        return []
    lent_for: dict[int, set[int]] = {}
    for mentor_id, mentee_id in loans:
        lent_for.setdefault(mentor_id, set()).add(mentee_id)
    mentors = list(
        MentorProfile.objects.filter(pk__in=lent_for, status__in=PAIRABLE_MENTOR_STATUSES)
        .exclude(programme=programme)
        .filter(labour_basis_present())
        .filter(_valid_consent("staff"))
        .filter(
            Exists(
                Consent.objects.filter(
                    staff=OuterRef("staff"), kind=ConsentKind.SHARING, withdrawn_at__isnull=True
                )
            )
        )
        .exclude(_unavailable_end())
        .select_related("staff", "programme__organisation")
        .prefetch_related(
            Prefetch("competencies", queryset=MentorCompetency.objects.select_related("competency"))
        )
        .order_by("staff__last_name", "staff__first_name", "pk")
    )
    for mentor in mentors:
        mentor.lent_from = mentor.programme.organisation
        mentor.lent_for = lent_for[mentor.pk]
        mentor.own_preferences = []
    return mentors


def board_people(programme: Programme) -> BoardPeople:
    mentors = list(candidate_mentors(programme)) + borrowed_mentors(programme)
    load = live_load(programme)
    names = dict(
        Competency.objects.filter(organisation_id=programme.organisation_id).values_list(
            "pk", "name"
        )
    )
    return BoardPeople(
        mentees=list(candidate_mentees(programme)),
        mentors=mentors,
        free={m.pk: m.effective_capacity - load[m.pk] for m in mentors},
        names=names,
    )


def live_load(programme: Programme) -> Counter:
    """Mentor id → mentees in confirmed or active pairings (the places already taken), in
    every kindergarten: a mentor lent to another one has one limit across both."""
    rows = (
        Membership.objects.filter(
            pairing__mentor_id__in=board_mentor_ids(programme),
            pairing__status__in=LIVE_STATUSES,
            left_on__isnull=True,
        )
        .order_by()
        .values_list("pairing__mentor_id", flat=True)
    )
    return Counter(rows)


def proposed_pairings(programme: Programme) -> list[Pairing]:
    return list(
        Pairing.objects.filter(programme=programme, status=PairingStatus.PROPOSED)
        .select_related("mentor__staff", "mentor__programme__organisation")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.select_related("mentee__staff").order_by(
                    "mentee__staff__last_name", "pk"
                ),
            )
        )
        .order_by("mentor__staff__last_name", "mentor_id", "pk")
    )


def confirmed_pairings(programme: Programme) -> list[Pairing]:
    """Pairings past the board: confirmed, active, ended — with their current mentees."""
    return list(
        Pairing.objects.filter(programme=programme)
        .exclude(status=PairingStatus.PROPOSED)
        .select_related("mentor__staff", "fixed_by")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.filter(left_on__isnull=True)
                .select_related("mentee__staff")
                .order_by("mentee__staff__last_name"),
            )
        )
        .order_by("status", "mentor__staff__last_name", "pk")
    )


def last_runs(programme: Programme, count: int = 2) -> list[BoardRun]:
    return list(BoardRun.objects.filter(programme=programme).order_by("-created_at", "-pk")[:count])


@dataclass
class RunChanges:
    """What the newest run changed against the one before, by mentee id."""

    added: list[tuple[int, int]] = field(default_factory=list)  # (mentee, mentor) new pairs
    removed: list[tuple[int, int]] = field(default_factory=list)  # pairs no longer proposed
    moved: list[tuple[int, int, int]] = field(default_factory=list)  # (mentee, old, new mentor)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.moved)


def run_changes(newest: BoardRun | None, previous: BoardRun | None) -> RunChanges | None:
    if newest is None or previous is None:
        return None
    before = {mentee: mentor for mentee, mentor in previous.pairs}
    after = {mentee: mentor for mentee, mentor in newest.pairs}
    changes = RunChanges()
    for mentee, mentor in after.items():
        if mentee not in before:
            changes.added.append((mentee, mentor))
        elif before[mentee] != mentor:
            changes.moved.append((mentee, before[mentee], mentor))
    changes.removed = [(m, mentor) for m, mentor in before.items() if m not in after]
    return changes


def pairing_counts(programme: Programme) -> dict[str, int]:
    """Pairs and groups by stage, for the dashboard and the 5.3 progress."""
    rows = Pairing.objects.filter(programme=programme).values_list("status", flat=True)
    counts = Counter(rows)
    return {status: counts.get(status, 0) for status in PairingStatus.values}


def mentees_in_pairs(programme: Programme) -> int:
    return (
        Membership.objects.filter(
            pairing__programme=programme,
            pairing__status__in=LIVE_STATUSES,
            left_on__isnull=True,
        )
        .values("mentee")
        .distinct()
        .count()
    )


def included_mentees_count(programme: Programme) -> int:
    return MenteeProfile.objects.filter(
        programme=programme, status__in=[MenteeStatus.INCLUDED, MenteeStatus.PAIRED]
    ).count()


def people_named(programme: Programme, mentee_ids, mentor_ids) -> tuple[dict, dict]:
    """Full names of the mentees and mentors a run mentions (two queries)."""
    mentees = {
        p.pk: p.staff.full_name
        for p in MenteeProfile.objects.filter(
            programme=programme, pk__in=set(mentee_ids)
        ).select_related("staff")
    }
    mentors = {
        p.pk: p.staff.full_name
        for p in MentorProfile.objects.filter(
            programme=programme, pk__in=set(mentor_ids)
        ).select_related("staff")
    }
    return mentees, mentors


def excluded_mentors(programme: Programme) -> QuerySet[MentorProfile]:
    """Mentors of the base the board cannot offer yet, and why (shown under the board)."""
    return (
        MentorProfile.objects.filter(programme=programme)
        .exclude(status=MentorStatus.REJECTED)
        .filter(
            ~Q(status__in=PAIRABLE_MENTOR_STATUSES)
            | ~labour_basis_present()
            | ~_valid_consent("staff")
        )
        .annotate(has_consent=_valid_consent("staff"))
        .select_related("staff")
        .order_by("staff__last_name")
    )


# --- the board page -------------------------------------------------------------------------


@dataclass
class MentorCard:
    mentor: MentorProfile
    capacity: int
    taken: int  # mentees in confirmed or active pairings
    pairings: list[Pairing]  # proposed
    lent_from: object = None  # her kindergarten, for a mentor borrowed from another one

    @property
    def proposed(self) -> int:
        return sum(len(p.members.all()) for p in self.pairings)

    @property
    def free(self) -> int:
        return self.capacity - self.taken - self.proposed

    @property
    def can_group(self) -> bool:
        return len(self.pairings) >= 2


@dataclass
class Waiting:
    mentee: MenteeProfile
    reason: str


@dataclass
class Change:
    text: str


@dataclass
class NotOffered:
    """A mentor the board does not offer since her pair ended early, and why."""

    mentor: MentorProfile
    pairing: Pairing

    @property
    def reason(self) -> str:
        p = self.pairing
        when = "прекращается" if p.status == PairingStatus.ACTIVE else "прекращена"
        return f"{p.get_end_kind_display()}: пара {when} досрочно {p.ended_on:%d.%m.%Y}"


@dataclass
class BoardState:
    cards: list[MentorCard]
    waiting: list[Waiting]
    newest: BoardRun | None
    changes: list[Change] | None  # None: no earlier run to compare with
    mentee_count: int
    proposed_count: int
    mentors: list[MentorProfile]  # whom a mentee may be given to by hand
    not_offered: list[NotOffered] = field(default_factory=list)


def _describe(members) -> None:
    for member in members:
        member.parts_display = [
            (CRITERION_LABELS.get(name, name), value)
            for name, value in (member.score_parts or {}).items()
            if value
        ]


def board_state(programme: Programme) -> BoardState:
    """Everything the board shows, in a fixed number of queries."""
    people = board_people(programme)
    load = live_load(programme)
    proposal = proposed_pairings(programme)
    by_mentor: dict[int, list[Pairing]] = {}
    for pairing in proposal:
        by_mentor.setdefault(pairing.mentor_id, []).append(pairing)
        _describe(pairing.members.all())
    mentors = {m.pk: m for m in people.mentors}
    for pairing in proposal:  # someone proposed earlier who is no longer pairable stays visible
        mentors.setdefault(pairing.mentor_id, pairing.mentor)
    cards = [
        MentorCard(
            mentor=mentor,
            capacity=mentor.effective_capacity,
            taken=load[mentor.pk],
            pairings=by_mentor.get(mentor.pk, []),
            lent_from=(
                mentor.programme.organisation
                if mentor.programme.organisation_id != programme.organisation_id
                else None
            ),
        )
        for mentor in sorted(mentors.values(), key=lambda m: (m.staff.last_name, m.pk))
    ]
    proposed_ids = {m.mentee_id for p in proposal for m in p.members.all()}
    runs = last_runs(programme)
    newest = runs[0] if runs else None
    reasons = {row["mentee"]: row["reason"] for row in (newest.unmatched if newest else [])}
    waiting = [
        Waiting(m, reasons.get(m.pk, "ещё не было подбора после включения в базу"))
        for m in people.mentees
        if m.pk not in proposed_ids
    ]
    changes = None
    diff = run_changes(newest, runs[1] if len(runs) > 1 else None)
    if diff is not None:
        # Those whose proposal was confirmed meanwhile did not lose their pair.
        on_board = {m.pk for m in people.mentees}
        diff.removed = [(a, b) for a, b in diff.removed if a in on_board]
        mentee_ids = [c[0] for c in diff.added + diff.removed + diff.moved]
        mentor_ids = [c[1] for c in diff.added + diff.removed] + [
            x for c in diff.moved for x in c[1:]
        ]
        mentee_names, mentor_names = people_named(programme, mentee_ids, mentor_ids)

        def who(ids, pk, case="nomn"):
            if pk not in ids:
                return "выбывший участник" if case == "nomn" else "выбывшим участником"
            return short_name_case(ids[pk], case)

        changes = (
            [
                Change(f"{who(mentee_names, a)} — новая пара с {who(mentor_names, b, 'ablt')}")
                for a, b in diff.added
            ]
            + [
                Change(f"{who(mentee_names, a)}: {who(mentor_names, b)} → {who(mentor_names, c)}")
                for a, b, c in diff.moved
            ]
            + [
                Change(
                    f"{who(mentee_names, a)} — больше без пары "
                    f"(прежде в паре с {who(mentor_names, b, 'ablt')})"
                )
                for a, b in diff.removed
            ]
        )
    return BoardState(
        cards=cards,
        waiting=waiting,
        newest=newest,
        changes=changes,
        mentee_count=len(people.mentees),
        proposed_count=len(proposed_ids),
        mentors=[m for m in people.mentors],
        not_offered=[
            NotOffered(p.mentor, p)
            for p in sorted(
                unavailable_mentors(programme).values(),
                key=lambda p: (p.mentor.staff.last_name, p.pk),
            )
        ],
    )


# --- the roadmap and the dashboard ----------------------------------------------------------


def board_progress(programme: Programme) -> dict:
    """5.3 from the data: mentees in confirmed or active pairs of those in the base (three
    queries)."""
    counts = pairing_counts(programme)
    if not any(counts.values()):
        return {}
    paired = mentees_in_pairs(programme)
    total = included_mentees_count(programme)
    live = counts[PairingStatus.CONFIRMED] + counts[PairingStatus.ACTIVE]
    text = (
        f"пар и групп утверждено {live}; в парах {paired} из {total} "
        f"{plural_ru(total, 'наставляемого', 'наставляемых', 'наставляемых')}"
        if live
        else f"предложено пар: {counts[PairingStatus.PROPOSED]}, ещё не утверждены"
    )
    return {"5.3": Progress(text, done=paired, total=max(total, paired))}


def board_counts(programme: Programme) -> dict[str, int]:
    counts = pairing_counts(programme)
    return {"pairs": counts[PairingStatus.CONFIRMED] + counts[PairingStatus.ACTIVE]}
