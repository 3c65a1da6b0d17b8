"""Reads of the mentee and mentor bases (2.3, 3.1, 3.4) and of who takes part in the group
meeting and the preferences (5.1, 5.2).

Every list here is a fixed number of queries whatever the number of people: related rows come
with select_related / prefetch_related, counts with one aggregate.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from common.formatting import count_ru, years_ru

from .. import progress
from ..models import (
    Competency,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Organisation,
    OutcomeEntry,
    Programme,
    StaffMember,
)
from ..models.bases import (
    MenteeStatus,
    MentorStatus,
    OutcomeResult,
    OutcomeRole,
    Priority,
    labour_basis_present,
)

# Mentees whose requests count: the base without those who left or finished.
ACTIVE_MENTEE_STATUSES = (MenteeStatus.CANDIDATE, MenteeStatus.INCLUDED, MenteeStatus.PAIRED)
# Mentees that make the demand for mentors: in the base or already in a pair.
IN_BASE_MENTEE_STATUSES = (MenteeStatus.INCLUDED, MenteeStatus.PAIRED)
# Mentors who may be given mentees: passed selection and training.
READY_MENTOR_STATUSES = (MentorStatus.READY, MentorStatus.MENTOR)


def _name_filter(query: str, prefix: str = "staff__") -> Q:
    """Every word in the surname, name or patronymic.

    SQLite folds the case of Latin letters only, so «захар» is also tried as «Захар».
    """
    condition = Q()
    for word in query.split():
        any_part = Q()
        for variant in {word, word.lower(), word.capitalize()}:
            for part in ("last_name", "first_name", "patronymic"):
                any_part |= Q(**{f"{prefix}{part}__icontains": variant})
        condition &= any_part
    return condition


def competencies_of(organisation: Organisation) -> QuerySet[Competency]:
    return Competency.objects.filter(organisation=organisation).order_by("order", "name")


def competency_choices(organisation: Organisation, *, keep_ids=()) -> QuerySet[Competency]:
    """Active competencies for a pick-list, plus switched-off ones a record already uses."""
    return competencies_of(organisation).filter(Q(is_active=True) | Q(pk__in=list(keep_ids)))


def mentee_search(
    programme: Programme, *, query: str = "", status: str = "", category: str = ""
) -> QuerySet[MenteeProfile]:
    """The mentee base as the list page's filters say, with requests, in two queries."""
    qs = (
        MenteeProfile.objects.filter(programme=programme)
        .filter(_name_filter(query))
        .select_related("staff", "preferred_mentor")
        .prefetch_related(
            Prefetch(
                "requests",
                queryset=MenteeRequest.objects.select_related("competency").order_by(
                    "priority", "competency__name"
                ),
            )
        )
    )
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("staff__last_name", "staff__first_name", "staff__patronymic")


def mentor_search(
    programme: Programme, *, query: str = "", status: str = ""
) -> QuerySet[MentorProfile]:
    """The mentor base as the list page's filters say, with competencies, in two queries."""
    qs = (
        MentorProfile.objects.filter(programme=programme)
        .filter(_name_filter(query))
        .select_related("staff")
        .prefetch_related(
            Prefetch(
                "competencies",
                queryset=MentorCompetency.objects.select_related("competency").order_by(
                    "-level", "competency__name"
                ),
            )
        )
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("staff__last_name", "staff__first_name", "staff__patronymic")


def staff_to_add(programme: Programme, *, base: str) -> QuerySet[StaffMember]:
    """Working staff of the organisation not yet in the given base ("mentee" or "mentor")."""
    taken = MenteeProfile if base == "mentee" else MentorProfile
    return (
        StaffMember.objects.filter(organisation_id=programme.organisation_id, is_active=True)
        .exclude(pk__in=taken.objects.filter(programme=programme).values("staff_id"))
        .order_by("last_name", "first_name", "patronymic")
    )


# --- The group meeting and the preferences (5.1, 5.2) ----------------------------------------

# Mentees who take part in pairing: in the base, not yet in a pair.
PAIRABLE_MENTEE_STATUSES = (MenteeStatus.INCLUDED,)


def group_meeting_candidates(programme: Programme) -> QuerySet[StaffMember]:
    """Whom the group meeting (5.1) invites: ready mentors (or mentors) with the written
    consent of art. 351.8 ТК РФ (or mentoring in their duties), and mentees included in the
    base. Working staff only."""
    mentors = (
        MentorProfile.objects.filter(programme=programme, status__in=READY_MENTOR_STATUSES)
        .filter(labour_basis_present())
        .values("staff_id")
    )
    mentees = MenteeProfile.objects.filter(
        programme=programme, status__in=PAIRABLE_MENTEE_STATUSES
    ).values("staff_id")
    return (
        StaffMember.objects.filter(organisation_id=programme.organisation_id, is_active=True)
        .filter(Q(pk__in=mentors) | Q(pk__in=mentees))
        .order_by("last_name", "first_name", "patronymic")
    )


def preference_side(programme: Programme, staff_id: int) -> str | None:
    """ "mentor" or "mentee": which base of the programme the person is in (a rejected mentor
    or a dropped mentee is not), or None. Nobody is in both: the services refuse it."""
    if (
        MentorProfile.objects.filter(programme=programme, staff_id=staff_id)
        .exclude(status=MentorStatus.REJECTED)
        .exists()
    ):
        return "mentor"
    if (
        MenteeProfile.objects.filter(programme=programme, staff_id=staff_id)
        .exclude(status=MenteeStatus.DROPPED)
        .exists()
    ):
        return "mentee"
    return None


def counterparts(programme: Programme, staff_id: int) -> QuerySet[StaffMember]:
    """Whom a participant ranks after the group meeting (5.2): a mentor ranks the mentees
    included in the base, anybody else the ready mentors (and mentors). Never oneself."""
    if preference_side(programme, staff_id) == "mentor":
        people = StaffMember.objects.filter(
            mentee_profiles__programme=programme,
            mentee_profiles__status__in=PAIRABLE_MENTEE_STATUSES,
        )
    else:
        people = StaffMember.objects.filter(
            mentor_profiles__programme=programme,
            mentor_profiles__status__in=READY_MENTOR_STATUSES,
        )
    return people.exclude(pk=staff_id).distinct().order_by("last_name", "first_name")


# --- Analysis of the mentee base (2.3) -----------------------------------------------------


@dataclass
class RequestFrequency:
    competency_id: int
    name: str
    total: int
    high: int
    medium: int
    low: int


def request_frequency(programme: Programme) -> list[RequestFrequency]:
    """How often each competency is asked for by the active mentees, most asked first."""
    rows = (
        MenteeRequest.objects.filter(
            mentee__programme=programme, mentee__status__in=ACTIVE_MENTEE_STATUSES
        )
        .values("competency_id", "competency__name")
        .annotate(
            total=Count("pk"),
            high=Count("pk", filter=Q(priority=Priority.HIGH)),
            medium=Count("pk", filter=Q(priority=Priority.MEDIUM)),
            low=Count("pk", filter=Q(priority=Priority.LOW)),
        )
        .order_by("-total", "-high", "competency__name")
    )
    return [
        RequestFrequency(
            r["competency_id"], r["competency__name"], r["total"], r["high"], r["medium"], r["low"]
        )
        for r in rows
    ]


def mentees_with_survey_state(programme: Programme) -> QuerySet[MenteeProfile]:
    """Active mentees with has_consent (valid processing consent) and has_intake (a submitted
    mentee questionnaire of this programme), in one query."""
    # Imported here: surveys builds on the programme app, not the other way round.
    from surveys.models import (
        Consent,
        ConsentKind,
        QuestionnaireKind,
        Response,
        ResponseStatus,
    )

    consent = Consent.objects.filter(
        staff=OuterRef("staff_id"), kind=ConsentKind.PROCESSING, withdrawn_at__isnull=True
    )
    intake = Response.objects.filter(
        respondent=OuterRef("staff_id"),
        status=ResponseStatus.SUBMITTED,
        version__questionnaire__programme=programme,
        version__questionnaire__kind=QuestionnaireKind.MENTEE_INTAKE,
    )
    return (
        MenteeProfile.objects.filter(programme=programme, status__in=ACTIVE_MENTEE_STATUSES)
        .select_related("staff")
        .annotate(
            has_consent=Exists(consent),
            has_intake=Exists(intake),
            request_count=Count("requests"),
        )
        .order_by("staff__last_name", "staff__first_name", "staff__patronymic")
    )


# --- Comparison of mentee requests and mentor competencies (3.4) -----------------------------


@dataclass
class CoverageRow:
    competency: Competency
    demand: int = 0
    high: int = 0
    medium: int = 0
    low: int = 0
    ready_mentors: list[MentorCompetency] = field(default_factory=list)
    other_mentors: list[MentorCompetency] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.ready_mentors)


@dataclass
class Comparison:
    rows: list[CoverageRow]
    uncovered: list[MenteeRequest]
    mentees_in_base: int
    mentee_candidates: int
    ready_mentors: int
    capacity: int

    @property
    def shortage(self) -> int:
        return max(0, self.mentees_in_base - self.capacity)


def comparison(programme: Programme) -> Comparison:
    """Mentee requests against what ready mentors offer, in a fixed number of queries.

    A request is covered only by a mentor who is ready (or already a mentor): candidates and
    those still in training are shown beside the row, but do not cover it.
    """
    requests = list(
        MenteeRequest.objects.filter(
            mentee__programme=programme, mentee__status__in=ACTIVE_MENTEE_STATUSES
        )
        .select_related("competency", "mentee__staff")
        .order_by("competency__order", "competency__name", "priority", "mentee__staff__last_name")
    )
    offers = list(
        MentorCompetency.objects.filter(mentor__programme=programme)
        .exclude(mentor__status=MentorStatus.REJECTED)
        .select_related("competency", "mentor__staff")
        .order_by("-level", "mentor__staff__last_name")
    )
    rows: dict[int, CoverageRow] = {}

    def row_for(competency: Competency) -> CoverageRow:
        return rows.setdefault(competency.pk, CoverageRow(competency))

    priority_field = {Priority.HIGH: "high", Priority.MEDIUM: "medium", Priority.LOW: "low"}
    for request in requests:
        row = row_for(request.competency)
        row.demand += 1
        name = priority_field.get(request.priority)
        if name:
            setattr(row, name, getattr(row, name) + 1)
    for offer in offers:
        row = row_for(offer.competency)
        if offer.mentor.status in READY_MENTOR_STATUSES:
            row.ready_mentors.append(offer)
        else:
            row.other_mentors.append(offer)
    ready_competencies = {pk for pk, row in rows.items() if row.covered}
    counts = MenteeProfile.objects.filter(programme=programme).aggregate(
        in_base=Count("pk", filter=Q(status__in=IN_BASE_MENTEE_STATUSES)),
        candidates=Count("pk", filter=Q(status=MenteeStatus.CANDIDATE)),
    )
    ready = list(
        MentorProfile.objects.filter(
            programme=programme, status__in=READY_MENTOR_STATUSES
        ).values_list("capacity", flat=True)
    )
    return Comparison(
        rows=sorted(
            rows.values(),
            key=lambda r: (-r.demand, r.covered, r.competency.order, r.competency.name),
        ),
        uncovered=[r for r in requests if r.competency_id not in ready_competencies],
        mentees_in_base=counts["in_base"],
        mentee_candidates=counts["candidates"],
        ready_mentors=len(ready),
        capacity=sum(c or programme.default_capacity for c in ready),
    )


# --- Roadmap progress ----------------------------------------------------------------------


def bases_progress(programme: Programme) -> dict[str, progress.Progress]:
    """2.3, 3.1 and 3.4 from the data, in two queries."""
    result: dict[str, progress.Progress] = {}
    mentees = MenteeProfile.objects.filter(programme=programme).aggregate(
        total=Count("pk", filter=~Q(status=MenteeStatus.DROPPED), distinct=True),
        included=Count("pk", filter=Q(status__in=IN_BASE_MENTEE_STATUSES), distinct=True),
        requests=Count("requests", filter=Q(status__in=ACTIVE_MENTEE_STATUSES), distinct=True),
    )
    if mentees["total"]:
        result["2.3"] = progress.Progress(
            f"в базе {count_ru(mentees['total'], 'наставляемый', 'наставляемых', 'наставляемых')} "
            f"(включены {mentees['included']}), "
            f"запросов {mentees['requests']}",
            done=mentees["included"],
            total=mentees["total"],
        )
    forms = programme.get_forms_display()
    if forms:
        result["3.1"] = progress.Progress(
            f"выбраны формы: {', '.join(forms)}", done=len(forms), total=len(forms)
        )
    mentors = MentorProfile.objects.filter(programme=programme).aggregate(
        total=Count("pk", filter=~Q(status=MentorStatus.REJECTED)),
        ready=Count("pk", filter=Q(status__in=READY_MENTOR_STATUSES)),
    )
    if mentors["total"]:
        result["3.4"] = progress.Progress(
            f"в базе {count_ru(mentors['total'], 'наставник', 'наставника', 'наставников')}, "
            f"готовы {mentors['ready']}",
            done=mentors["ready"],
            total=mentors["total"],
        )
    return result


def register() -> None:
    """Register this part's roadmap progress providers and activity links (called by apps.py)."""
    progress.register_activity_progress(bases_progress)
    progress.register_activity_link("2.3", "База наставляемых", "programme:mentee_list")
    progress.register_activity_link("2.3", "Анализ запросов", "programme:mentee_analysis")
    progress.register_activity_link(
        "3.1", "Выбрать формы наставничества", "programme:programme_edit"
    )
    progress.register_activity_link("3.4", "База наставников", "programme:mentor_list")
    progress.register_activity_link("3.4", "Сопоставление с запросами", "programme:comparison")


# --- Former mentees proposed as mentor candidates (7.8) -----------------------------------

# The local rule for a mentee who finished to be proposed as a mentor candidate next year
# (DESIGN §3: mentors have ≥ 5 years of pedagogical experience), and the outcomes that count.
MENTOR_CANDIDATE_MIN_EXPERIENCE = 5
MENTOR_CANDIDATE_RESULTS = (OutcomeResult.FULL, OutcomeResult.PARTIAL)


@dataclass(frozen=True)
class MentorCandidate:
    staff: StaffMember
    result: str
    reason: str
    already: bool  # already in this programme's mentor base


def mentor_candidates_from_mentees(*, programme: Programme) -> list[MentorCandidate]:
    """The previous year's mentees who finished (pair completed, goal achieved fully or
    partly) and have the experience the local rule asks for: proposed as mentor candidates
    of `programme`, with the reason. Two queries whatever their number."""
    previous = programme.previous
    if previous is None:
        return []
    entries = (
        OutcomeEntry.objects.filter(
            programme=previous,
            role=OutcomeRole.MENTEE,
            ended_early=False,
            result__in=MENTOR_CANDIDATE_RESULTS,
            staff__is_active=True,
            staff__experience_total__gte=MENTOR_CANDIDATE_MIN_EXPERIENCE,
        )
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name", "-ended_on")
    )
    in_base = set(
        MentorProfile.objects.filter(programme=programme).values_list("staff_id", flat=True)
    )
    seen, candidates = set(), []
    for entry in entries:
        if entry.staff_id in seen:
            continue
        seen.add(entry.staff_id)
        candidates.append(
            MentorCandidate(
                staff=entry.staff,
                result=entry.result,
                reason=(
                    f"в {previous.year} году пара завершена, {entry.get_result_display()}; "
                    f"педагогический стаж {years_ru(entry.staff.experience_total)} (правило: "
                    f"не меньше {years_ru(MENTOR_CANDIDATE_MIN_EXPERIENCE)})"
                ),
                already=entry.staff_id in in_base,
            )
        )
    return candidates
