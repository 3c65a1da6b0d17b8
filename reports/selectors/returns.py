"""The annual return (DESIGN §3): the figures a kindergarten's records give as of a date, the
collections a coordinator or a head may open, and the collection's status and summary.

Every figure is a count, a share or a mean — never a name. The figures of the programme's
pairs, plans and satisfaction come from the monitoring selectors (the same rules as the
monitoring report); the staff figures are counted here, with the age taken on the date."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from pairing.models import Membership, Pairing, PairingStatus
from programme import access
from programme.models import MentorProfile, Organisation, Programme, StaffMember, User
from programme.models.bases import labour_basis_present
from programme.models.org import Category, Position, Role
from programme.models.roadmap import MentoringForm

from ..models import (
    Award,
    Case,
    CaseStatus,
    OrganisationReturn,
    ReturnCollection,
    ReturnReminder,
)
from .monitoring import PAIRED_STATUSES, quality

COUNT, SHARE, PERCENT, MEAN = "count", "share", "percent", "mean"
YOUNG_AGE = 35  # «молодой педагог»: under 35 on the return's date…
YOUNG_EXPERIENCE = 3  # …with less than 3 years of experience («до 3 лет»)


@dataclass(frozen=True)
class FigureDef:
    code: str
    label: str
    kind: str = COUNT
    # A share's totals are recomputed from the totals of these two figures.
    of: tuple[str, str] | None = None


FIGURES: list[FigureDef] = [
    FigureDef("staff", "Педагогических работников"),
    FigureDef("staff_under_35", "из них в возрасте до 35 лет"),
    FigureDef("young", "из них со стажем до 3 лет (молодые педагоги)"),
    FigureDef("mentees", "Наставляемых — всего"),
    FigureDef("young_mentees", "из них до 35 лет со стажем до 3 лет"),
    FigureDef(
        "young_covered",
        "Охват молодых педагогов наставничеством, %",
        SHARE,
        of=("young_mentees", "young"),
    ),
    FigureDef("mentors", "Наставников — всего"),
    FigureDef(
        "mentors_basis",
        "из них с согласием (ст. 351.8 ТК РФ) или с наставничеством в обязанностях",
    ),
    FigureDef("mentors_category", "из них с категорией «педагог-наставник»"),
    FigureDef("pairs", "Наставнических пар (один наставляемый)"),
    FigureDef("groups", "Наставнических групп (несколько наставляемых)"),
    *[
        FigureDef(f"form_{code}", f"Пар и групп в форме «{label}»")
        for code, label in MentoringForm.choices
    ],
    FigureDef("completed", "Завершено пар (групп)"),
    FigureDef("ended_early", "Прекращено досрочно пар (групп)"),
    FigureDef("plan_percent", "Выполнение индивидуальных планов развития, %", PERCENT),
    FigureDef("satisfaction_mentors", "Удовлетворённость наставников, средний балл из 10", MEAN),
    FigureDef("satisfaction_mentees", "Удовлетворённость наставляемых, средний балл из 10", MEAN),
    FigureDef("mentors_awarded", "Наставников награждено"),
    FigureDef("cases_published", "Опубликовано кейсов наставничества"),
]
FIGURE_BY_CODE = {f.code: f for f in FIGURES}


# --- which programme, which figures -----------------------------------------------------------


def programme_as_of(organisation: Organisation, as_of: dt.date) -> Programme | None:
    """The kindergarten's programme covering the date, else its newest."""
    programmes = Programme.objects.filter(organisation=organisation).select_related("organisation")
    covering = (
        programmes.filter(starts_on__lte=as_of, ends_on__gte=as_of).order_by("-starts_on").first()
    )
    return covering or programmes.order_by("-year", "-pk").first()


def _age_under(birth_date: dt.date | None, as_of: dt.date, years: int) -> bool:
    if birth_date is None:
        return False  # unknown: not counted (the head corrects the figure)
    try:
        birthday = birth_date.replace(year=birth_date.year + years)
    except ValueError:  # 29 February
        birthday = birth_date.replace(year=birth_date.year + years, day=28)
    return as_of < birthday


def _satisfaction_mean(group) -> float | None:
    """The mean of every 1–10 answer of the group, from 3 responses (else none)."""
    if group.hidden:
        return None
    total = answered = 0
    for item in group.items:
        for label, count in item.counts:
            total += int(label) * count
            answered += count
    return round(total / answered, 1) if answered else None


def computed_figures(organisation: Organisation, as_of: dt.date) -> tuple[Programme | None, dict]:
    """Every figure of the return, by code, from the kindergarten's records on the date."""
    staff = list(
        StaffMember.objects.filter(organisation=organisation, is_active=True)
        .exclude(position=Position.ASSISTANT)
        .values("pk", "birth_date", "experience_total", "category")
    )
    under_35 = {s["pk"] for s in staff if _age_under(s["birth_date"], as_of, YOUNG_AGE)}
    young = {
        s["pk"] for s in staff if s["pk"] in under_35 and s["experience_total"] < YOUNG_EXPERIENCE
    }
    values: dict = {code: 0 for code in FIGURE_BY_CODE}
    values.update(
        staff=len(staff),
        staff_under_35=len(under_35),
        young=len(young),
        young_covered=None,
        plan_percent=None,
        satisfaction_mentors=None,
        satisfaction_mentees=None,
    )
    programme = programme_as_of(organisation, as_of)
    if programme is None:
        return None, values
    pairings = list(
        Pairing.objects.filter(programme=programme, status__in=PAIRED_STATUSES).values(
            "pk", "mentor_id", "mentor__staff_id"
        )
    )
    members = list(
        Membership.objects.filter(pairing__in=[p["pk"] for p in pairings]).values(
            "pairing_id", "mentee__staff_id"
        )
    )
    size: dict[int, int] = {}
    for member in members:
        size[member["pairing_id"]] = size.get(member["pairing_id"], 0) + 1
    mentees = {m["mentee__staff_id"] for m in members}
    mentor_profiles = {p["mentor_id"] for p in pairings}
    mentors = {p["mentor__staff_id"] for p in pairings}
    category = {s["pk"]: s["category"] for s in staff}
    figures = quality(programme)  # the monitoring report's rules: forms, statuses, plans
    form_code = {str(label): code for code, label in MentoringForm.choices}
    status_count = dict(figures.statuses)
    mentors_group, mentees_group = figures.satisfaction  # satisfaction_summary's order
    values.update(
        mentees=len(mentees),
        young_mentees=len(mentees & young),
        young_covered=round(100 * len(mentees & young) / len(young)) if young else None,
        mentors=len(mentors),
        mentors_basis=MentorProfile.objects.filter(pk__in=mentor_profiles)
        .filter(labour_basis_present())
        .values("staff_id")
        .distinct()
        .count(),
        mentors_category=sum(1 for pk in mentors if category.get(pk) == Category.MENTOR),
        pairs=sum(1 for p in pairings if size.get(p["pk"], 0) <= 1),
        groups=sum(1 for p in pairings if size.get(p["pk"], 0) > 1),
        completed=status_count.get(str(PairingStatus.COMPLETED.label), 0),
        ended_early=status_count.get(str(PairingStatus.TERMINATED.label), 0),
        plan_percent=figures.plans.percent,
        satisfaction_mentors=_satisfaction_mean(mentors_group),
        satisfaction_mentees=_satisfaction_mean(mentees_group),
        mentors_awarded=Award.objects.filter(
            nomination__programme=programme, staff_id__in=list(mentors)
        )
        .values("staff_id")
        .distinct()
        .count(),
        cases_published=Case.objects.filter(
            programme=programme, status=CaseStatus.PUBLISHED
        ).count(),
    )
    for row in figures.forms:
        values[f"form_{form_code[row.label]}"] = row.pairs
    return programme, values


@dataclass
class FigureRow:
    """One figure on the head's page: what the records give and what she submitted."""

    code: str
    label: str
    kind: str
    computed: object
    corrected: object = None
    comment: str = ""

    @property
    def value(self):
        return self.corrected if self.corrected is not None else self.computed


def figure_rows(values: dict, previous: OrganisationReturn | None = None) -> list[FigureRow]:
    """The figures in the return's order, with the corrections of the previous version."""
    kept = {f["code"]: f for f in (previous.figures if previous else [])}
    return [
        FigureRow(
            code=f.code,
            label=f.label,
            kind=f.kind,
            computed=values.get(f.code),
            corrected=kept.get(f.code, {}).get("corrected"),
            comment=kept.get(f.code, {}).get("comment", ""),
        )
        for f in FIGURES
    ]


# --- who opens what ----------------------------------------------------------------------------


def collections_for_coordinator(user: User) -> QuerySet[ReturnCollection]:
    """The collections of her territory (a region's coordinator: also her municipalities')."""
    collections = ReturnCollection.objects.select_related("territory", "territory__parent")
    if access.sees_all_organisations(user):
        return collections
    if user.role != Role.REGIONAL or user.territory_id is None:
        return collections.none()
    return collections.filter(
        Q(territory=user.territory_id) | Q(territory__parent=user.territory_id)
    )


def coordinator_collection(user: User, pk: int) -> ReturnCollection:
    try:
        return collections_for_coordinator(user).get(pk=pk)
    except ReturnCollection.DoesNotExist:
        raise Http404 from None


def collections_for_organisation(organisation: Organisation) -> QuerySet[ReturnCollection]:
    """The collections that ask this kindergarten: its municipality's and its region's."""
    collections = ReturnCollection.objects.select_related("territory")
    territory = organisation.territory
    if territory is None:
        return collections.none()
    q = Q(territory=territory)
    if territory.parent_id:
        q |= Q(territory=territory.parent_id)
    return collections.filter(q)


def organisation_collection(organisation: Organisation, pk: int) -> ReturnCollection:
    try:
        return collections_for_organisation(organisation).get(pk=pk)
    except ReturnCollection.DoesNotExist:
        raise Http404 from None


def organisations_of(collection: ReturnCollection) -> QuerySet[Organisation]:
    return Organisation.objects.filter(collection.territory.organisations_q()).order_by(
        "short_name", "pk"
    )


def current_return(
    collection: ReturnCollection, organisation: Organisation
) -> OrganisationReturn | None:
    return OrganisationReturn.objects.filter(
        collection=collection, organisation=organisation, is_current=True
    ).first()


def current_returns(
    collections: list[ReturnCollection], organisation: Organisation
) -> dict[int, OrganisationReturn]:
    """The kindergarten's current version of each collection, by the collection's id."""
    return {
        r.collection_id: r
        for r in OrganisationReturn.objects.filter(
            collection__in=collections, organisation=organisation, is_current=True
        )
    }


def versions(collection: ReturnCollection, organisation: Organisation) -> list[OrganisationReturn]:
    return list(
        OrganisationReturn.objects.filter(collection=collection, organisation=organisation)
        .select_related("submitted_by")
        .order_by("-version")
    )


def organisation_version(
    collection: ReturnCollection, organisation: Organisation, pk: int
) -> OrganisationReturn:
    try:
        return OrganisationReturn.objects.get(
            collection=collection, organisation=organisation, pk=pk
        )
    except OrganisationReturn.DoesNotExist:
        raise Http404 from None


# --- the coordinator's status and summary ------------------------------------------------------


@dataclass
class StatusRow:
    organisation: Organisation
    current: OrganisationReturn | None
    reminded_at: dt.datetime | None


@dataclass
class Status:
    collection: ReturnCollection
    rows: list[StatusRow] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.current)

    @property
    def waiting(self) -> int:
        return len(self.rows) - self.submitted


def status(collection: ReturnCollection) -> Status:
    """Every kindergarten of the territory, submitted or not: three queries whatever the size."""
    organisations = list(organisations_of(collection))
    current = {
        r.organisation_id: r
        for r in OrganisationReturn.objects.filter(collection=collection, is_current=True)
    }
    reminded = dict(
        ReturnReminder.objects.filter(collection=collection).values_list(
            "organisation_id", "sent_at"
        )
    )
    return Status(
        collection=collection,
        rows=[StatusRow(org, current.get(org.pk), reminded.get(org.pk)) for org in organisations],
    )


@dataclass
class Column:
    key: str
    label: str
    kind: str


@dataclass
class Summary:
    collection: ReturnCollection
    columns: list[Column]
    rows: list[tuple[StatusRow, list]]
    totals: list


def _total(column: Column, values: list, by_key: dict) -> object:
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if column.kind == "text":
        return None
    if column.kind in (COUNT, "number"):
        return sum(numbers) if numbers else 0
    definition = FIGURE_BY_CODE.get(column.key)
    if column.kind == SHARE and definition and definition.of:
        part, whole = (by_key[key] for key in definition.of)
        return round(100 * part / whole) if whole else None
    # a percent or a mean: the mean of the kindergartens' values that have one
    return round(sum(numbers) / len(numbers), 1) if numbers else None


def summary(collection: ReturnCollection) -> Summary:
    """One row per kindergarten (its current version's figures, or nothing if not submitted)
    and the totals: sums of counts, shares recomputed from the summed parts, means of means."""
    data = status(collection)
    indicators = list(collection.indicators.all())
    columns = [Column(f.code, f.label, f.kind) for f in FIGURES] + [
        Column(f"i{ind.pk}", ind.label, ind.kind) for ind in indicators
    ]
    rows = []
    for row in data.rows:
        if row.current is None:
            rows.append((row, [None] * len(columns)))
            continue
        values = {f["code"]: f["value"] for f in row.current.figures}
        values |= {f"i{a['id']}": a["value"] for a in row.current.answers}
        rows.append((row, [values.get(c.key) for c in columns]))
    submitted = [values for row, values in rows if row.current]
    totals: list = []
    by_key: dict = {}
    for index, column in enumerate(columns):
        if column.kind in (COUNT, "number"):
            by_key[column.key] = _total(column, [v[index] for v in submitted], by_key)
    for index, column in enumerate(columns):
        totals.append(_total(column, [v[index] for v in submitted], by_key))
    return Summary(collection=collection, columns=columns, rows=rows, totals=totals)


def heads_to_remind(organisation_ids: list[int]) -> QuerySet[User]:
    return User.objects.filter(
        organisation_id__in=organisation_ids, role=Role.HEAD, is_active=True
    ).exclude(email="")
