"""Reads of mentors shared across kindergartens: the cards other kindergartens of the
territory see, the requests each side sees, and the borrowed mentors of a board. Every read
takes a fixed number of queries, whatever the number of mentors."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from programme.models import MentorProfile, Organisation, Programme
from programme.models.bases import MentorCompetency, MentorStatus, labour_basis_present
from programme.models.roadmap import MentoringForm
from surveys.models import Consent, ConsentKind

from ..models import (
    LIVE_STATUSES,
    OPEN_LOAN_STATUSES,
    LoanStatus,
    Membership,
    MentorLoan,
    Pairing,
)

SHAREABLE_STATUSES = (MentorStatus.READY, MentorStatus.MENTOR)


def _valid(kind: str, staff_path: str = "staff"):
    return Exists(
        Consent.objects.filter(staff=OuterRef(staff_path), kind=kind, withdrawn_at__isnull=True)
    )


def sharing_allowed():
    """Her sharing consent and her processing consent are both valid."""
    return _valid(ConsentKind.SHARING) & _valid(ConsentKind.PROCESSING)


def territory_organisations(organisation: Organisation) -> QuerySet[Organisation]:
    """The kindergartens a kindergarten shares mentors with: its municipality's (or, sitting
    directly in a region, the region's); none when it has no territory."""
    if organisation.territory_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(organisation.territory.organisations_q())


def _taken():
    """Mentees in her confirmed or active pairs, in every kindergarten (her one limit)."""
    return Coalesce(
        Subquery(
            Membership.objects.filter(
                pairing__mentor=OuterRef("pk"),
                pairing__status__in=LIVE_STATUSES,
                left_on__isnull=True,
            )
            .values("pairing__mentor")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def shared_mentors(
    *, organisations: QuerySet[Organisation], exclude_organisation_id: int | None = None
) -> QuerySet[MentorProfile]:
    """Mentors of these kindergartens who may be offered: sharing consent valid, in a running
    programme's base, ready (or mentoring), with the labour basis."""
    qs = (
        MentorProfile.objects.filter(
            programme__organisation__in=organisations,
            programme__closed_at__isnull=True,
            status__in=SHAREABLE_STATUSES,
            staff__is_active=True,
        )
        .filter(labour_basis_present())
        .filter(sharing_allowed())
    )
    if exclude_organisation_id is not None:
        qs = qs.exclude(programme__organisation_id=exclude_organisation_id)
    return qs


def shared_cards(
    *,
    organisations: QuerySet[Organisation],
    exclude_organisation_id: int | None = None,
    competency: str = "",
    query: str = "",
    mentor_id: int | None = None,
) -> list["Card"]:
    """The cards, filtered by a competency's name and a search over competencies and the
    kindergarten's name (two queries)."""
    qs = shared_mentors(
        organisations=organisations, exclude_organisation_id=exclude_organisation_id
    )
    if competency:
        qs = qs.filter(
            Exists(
                MentorCompetency.objects.filter(
                    mentor=OuterRef("pk"), competency__name__iexact=competency
                )
            )
        )
    if query:
        qs = qs.filter(
            Exists(
                MentorCompetency.objects.filter(
                    mentor=OuterRef("pk"), competency__name__icontains=query
                )
            )
            | Q(programme__organisation__short_name__icontains=query)
        )
    qs = (
        qs.annotate(taken=_taken())
        .select_related("staff", "programme__organisation")
        .prefetch_related(
            Prefetch(
                "competencies",
                queryset=MentorCompetency.objects.select_related("competency").order_by(
                    "competency__name"
                ),
            )
        )
        .order_by("programme__organisation__short_name", "staff__last_name", "pk")
    )
    return [Card(mentor=m) for m in qs]


@dataclass
class Card:
    """What another kindergarten sees of a shared mentor: no contacts, answers or scores."""

    mentor: MentorProfile

    @property
    def free(self) -> int:
        return max(self.mentor.effective_capacity - self.mentor.taken, 0)

    @property
    def organisation(self) -> Organisation:
        return self.mentor.programme.organisation

    @property
    def competencies(self) -> list:
        return list(self.mentor.competencies.all())

    @property
    def forms(self) -> list[str]:
        labels = dict(MentoringForm.choices)
        return [str(labels.get(f, f)) for f in self.mentor.preferred_forms or ()]


def competency_names(organisations: QuerySet[Organisation]) -> list[str]:
    """The competencies shared mentors offer, for the filter (one query)."""
    return sorted(
        set(
            MentorCompetency.objects.filter(
                mentor__programme__organisation__in=organisations
            ).values_list("competency__name", flat=True)
        )
    )


def _loans() -> QuerySet[MentorLoan]:
    return MentorLoan.objects.select_related(
        "mentor__staff",
        "mentor__programme__organisation",
        "programme__organisation",
        "mentee__staff",
    )


def loans_lent(organisation: Organisation) -> list[MentorLoan]:
    """Requests for this kindergarten's own mentors (the lending side)."""
    return list(_loans().filter(mentor__programme__organisation=organisation))


def loans_borrowed(organisation: Organisation) -> list[MentorLoan]:
    """This kindergarten's requests to borrow other kindergartens' mentors."""
    return list(_loans().filter(programme__organisation=organisation))


def loans_of_mentor(staff_id: int) -> list[MentorLoan]:
    return list(_loans().filter(mentor__staff_id=staff_id))


def accepted_loans(programme: Programme) -> QuerySet[MentorLoan]:
    return MentorLoan.objects.filter(programme=programme, status=LoanStatus.ACCEPTED)


def board_mentor_ids(programme: Programme):
    """Ids of the mentors a board counts: its own base, the mentors borrowed for it and any
    mentor of its pairs. A union of three index reads by the programme: an OR across the
    loans made PostgreSQL read every mentor and pair of the country (bench/scale.py)."""
    own = MentorProfile.objects.filter(programme=programme).order_by().values("pk")
    borrowed = accepted_loans(programme).order_by().values("mentor_id")
    paired = Pairing.objects.filter(programme=programme).order_by().values("mentor_id")
    return own.union(borrowed, paired)


def open_loan_exists(*, mentor_id: int, mentee_id: int) -> bool:
    return MentorLoan.objects.filter(
        mentor_id=mentor_id, mentee_id=mentee_id, status__in=OPEN_LOAN_STATUSES
    ).exists()
