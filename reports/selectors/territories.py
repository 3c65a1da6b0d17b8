"""The roll-up of a territory (issue 24 §2): one row per kindergarten of the coordinator's
territory — its current (newest) programme's stage, overdue activities, people, pairs,
consents, satisfaction and the final assessment — and, for a regional coordinator, the same
summed by municipality.

Everything is aggregated in the database by grouped queries, one per family of figures, so
the page costs the same number of queries for 3 kindergartens as for 2,000. Nothing here
names a person: counts, and means resting on at least 3 people (the monitoring's rule,
`ANONYMITY_THRESHOLD`); a mean on fewer is «недостаточно ответов»."""

import datetime as dt
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone

from pairing.models import Membership, Pairing, PairingStatus
from programme.models import (
    MenteeProfile,
    MentorProfile,
    Organisation,
    Programme,
    Score,
    Territory,
)
from programme.models.assessment import ParameterScope, RoundKind
from programme.models.bases import MenteeStatus, MentorStatus
from programme.models.roadmap import Activity, ActivityStatus, MentoringForm, Stage
from surveys.models import (
    Answer,
    Consent,
    ConsentKind,
    Question,
    QuestionKind,
    QuestionnaireKind,
    Response,
    ResponseStatus,
)
from surveys.selectors import ANONYMITY_THRESHOLD

from .monitoring import PAIRED_STATUSES, TOO_FEW, Figure

STAGES = 7
CLOSED = (ActivityStatus.DONE, ActivityStatus.NOT_REQUIRED)

# Federal staff statistics (DESIGN §3): experience до 3, 3–5, 5–10, 10–15, 15–20, 20+ years.
EXPERIENCE_BUCKETS = (
    ("exp_0_3", "до 3 лет", 3),
    ("exp_3_5", "3–5 лет", 5),
    ("exp_5_10", "5–10 лет", 10),
    ("exp_10_15", "10–15 лет", 15),
    ("exp_15_20", "15–20 лет", 20),
    ("exp_20", "20 лет и более", None),
)
# Age < 25, 25–29, 30–49, 50–54, 55–59, 60+ (and not given: the birth date is optional).
AGE_BUCKETS = (
    ("age_25", "моложе 25 лет", 25),
    ("age_25_29", "25–29 лет", 30),
    ("age_30_49", "30–49 лет", 50),
    ("age_50_54", "50–54 года", 55),
    ("age_55_59", "55–59 лет", 60),
    ("age_60", "60 лет и старше", None),
    ("age_unknown", "возраст не указан", None),
)
YOUNG = "до 35 лет со стажем 0–3 года"
YOUNG_AGE, YOUNG_EXPERIENCE = 35, 3

# The columns a person may sort by: key → how a row is read.
SORTS = {
    "name": lambda r: _natural(r.name),
    "municipality": lambda r: (r.municipality or "").casefold(),
    "stage": lambda r: (r.stage or 0, r.percent),
    "overdue": lambda r: r.overdue,
    "mentees": lambda r: r.mentees,
    "mentors": lambda r: r.mentors,
    "pairs": lambda r: r.pairs,
    "completed": lambda r: r.completed,
    "ended_early": lambda r: r.ended_early,
    "consents_missing": lambda r: r.consents_missing,
    "satisfaction_mentors": lambda r: _sortable(r.satisfaction_mentors),
    "satisfaction_mentees": lambda r: _sortable(r.satisfaction_mentees),
    "delta": lambda r: _sortable(r.delta),
}


def _natural(text: str) -> tuple:
    """«Детский сад № 12» before «№ 112»: numbers compared as numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", text.casefold())
    )


def _sortable(figure: Figure) -> tuple[int, float]:
    """Hidden and empty figures sort below every shown value."""
    return (0, 0.0) if figure.shown is None else (1, figure.shown)


@dataclass
class Mean:
    """A mean resting on `people` people, from `weight` values (answers, deltas)."""

    total: float = 0.0  # sum of the values
    weight: int = 0
    people: int = 0
    withheld: bool = False  # a total left out a mean on fewer than 3 people

    def figure(self, *, signed: bool = False) -> Figure:
        value = round(self.total / self.weight, 2) if self.weight else None
        if value is None and self.withheld:
            return Figure(None, 0, reason=TOO_FEW)
        return Figure(value, self.people, signed=signed)

    @property
    def shown(self) -> bool:
        return self.weight > 0 and self.people >= ANONYMITY_THRESHOLD

    def add(self, other: "Mean") -> None:
        self.total += other.total
        self.weight += other.weight
        self.people += other.people


def _buckets() -> dict[str, int]:
    keys = [k for k, _l, _t in EXPERIENCE_BUCKETS] + [k for k, _l, _t in AGE_BUCKETS]
    return dict.fromkeys([*keys, "young"], 0)


@dataclass
class Row:
    """A kindergarten (or a municipality, or the totals): figures only, never a person."""

    name: str
    organisation_id: int | None = None
    municipality_id: int | None = None
    municipality: str = ""
    programme_id: int | None = None
    year: int | None = None
    kindergartens: int = 1
    stage: int | None = None  # the first stage not yet done, 1..7; None: no programme
    activities: int = 0
    done: int = 0
    overdue: int = 0
    mentees: int = 0
    mentors: int = 0
    pairs_by_form: dict[str, int] = field(default_factory=dict)
    completed: int = 0
    ended_early: int = 0
    consents_missing: int = 0
    satisfaction: dict[str, Mean] = field(
        default_factory=lambda: {"mentors": Mean(), "mentees": Mean()}
    )
    deltas: Mean = field(default_factory=Mean)
    mentee_buckets: dict[str, int] = field(default_factory=_buckets)
    mentor_buckets: dict[str, int] = field(default_factory=_buckets)
    behind: bool = False
    form_list: list[int] = field(default_factory=list)  # pairs per form, in the table's order

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.activities) if self.activities else 0

    @property
    def pairs(self) -> int:
        return sum(self.pairs_by_form.values())

    @property
    def satisfaction_mentors(self) -> Figure:
        return self.satisfaction["mentors"].figure()

    @property
    def satisfaction_mentees(self) -> Figure:
        return self.satisfaction["mentees"].figure()

    @property
    def delta(self) -> Figure:
        return self.deltas.figure(signed=True)

    def form_counts(self, forms: list[tuple[str, str]]) -> list[int]:
        return [self.pairs_by_form.get(code, 0) for code, _label in forms]


@dataclass
class Rollup:
    territory: Territory | None
    title: str
    rows: list[Row]  # the kindergartens shown (filtered, sorted)
    total: Row  # of the rows shown
    municipalities: list[Row]  # a regional coordinator's table by municipality (rows shown)
    municipality_choices: list[tuple[int, str]]
    forms: list[tuple[str, str]]  # the forms with at least one pair, in the catalogue's order
    typical_stage: int | None
    kindergartens_in_territory: int
    today: dt.date
    regional: bool  # a region (or the whole instance): kindergartens grouped by municipality

    @property
    def by_municipality(self) -> bool:
        return self.regional


@dataclass(frozen=True)
class Filters:
    municipality: int | None = None
    behind: bool = False
    overdue: bool = False
    search: str = ""
    sort: str = "name"
    descending: bool = False


# --- the figures, one grouped query per family --------------------------------------------------


class Current(dict):
    """The rows of the kindergartens by their current programme's id, and those ids as a
    subquery: each family's query filters by it in the database (a list of 2,000 ids as
    parameters costs more to compile and send than the subquery to run)."""

    def __init__(self, rows, ids):
        super().__init__(rows)
        self.ids = ids


def _territory_organisations(territory: Territory | None):
    organisations = Organisation.objects.all()
    if territory is not None:
        organisations = organisations.filter(territory.organisations_q())
    return organisations


def _newest():
    return Programme.objects.filter(organisation=OuterRef("pk")).order_by("-year", "-pk")


def _current_ids(ids: list[int]):
    """The current programmes' ids, read once by `_organisations`, as one value: on
    PostgreSQL one array parameter (not 2,000 placeholders to compile, nor the newest-programme
    subquery run again in every family's query); elsewhere the plain list."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return ids


def _organisations(territory: Territory | None) -> list[Row]:
    """The territory's kindergartens with their newest programme (one query)."""
    organisations = _territory_organisations(territory)
    newest = _newest()
    rows = organisations.annotate(
        programme_id=Subquery(newest.values("pk")[:1]),
        programme_year=Subquery(newest.values("year")[:1]),
    ).values(
        "pk",
        "short_name",
        "territory_id",
        "territory__name",
        "territory__kind",
        "programme_id",
        "programme_year",
    )
    return [
        Row(
            name=row["short_name"],
            organisation_id=row["pk"],
            municipality_id=row["territory_id"]
            if row["territory__kind"] == "municipality"
            else None,
            municipality=row["territory__name"] if row["territory__kind"] == "municipality" else "",
            programme_id=row["programme_id"],
            year=row["programme_year"],
        )
        for row in rows
    ]


def _activities(rows: Current, today: dt.date) -> None:
    """Roadmap progress as the programme list counts it (done or not required of all), the
    open activities past their date, and the stage being worked on: the furthest stage with an
    activity done or in work — or the next one once that stage is all closed (an early
    activity left open does not hold a kindergarten back). Two queries: the activities by stage
    and the stages' numbers apart — a join to the stages made PostgreSQL read all of the
    country's for a region (bench/scale.py)."""
    closed = Q(status__in=CLOSED)
    numbers = dict(
        Stage.objects.filter(programme_id__in=rows.ids).order_by().values_list("pk", "number")
    )
    stages: dict[int, dict[int, tuple[int, int, int]]] = defaultdict(dict)
    for row in (
        Activity.objects.filter(programme_id__in=rows.ids)
        .order_by()  # no default ordering: its joins cost a national-size hash join
        .values("programme_id", "stage_id")
        .annotate(
            total=Count("pk"),
            closed=Count("pk", filter=closed),
            started=Count("pk", filter=closed | Q(status=ActivityStatus.IN_PROGRESS)),
            overdue=Count("pk", filter=~closed & Q(due_on__lt=today)),
        )
    ):
        target = rows[row["programme_id"]]
        target.activities += row["total"]
        target.done += row["closed"]
        target.overdue += row["overdue"]
        stages[row["programme_id"]][numbers[row["stage_id"]]] = (
            row["total"],
            row["closed"],
            row["started"],
        )
    for programme_id, by_number in stages.items():
        rows[programme_id].stage = _stage(by_number)


def _stage(by_number: dict[int, tuple[int, int, int]]) -> int:
    started = [number for number, (_t, _c, begun) in by_number.items() if begun]
    if not started:
        return 1
    furthest = max(started)
    total, closed, _begun = by_number[furthest]
    if closed == total:
        return min(furthest + 1, STAGES)
    return furthest


def _bucket_annotations(today: dt.date) -> dict:
    """Experience and age buckets of a profile's staff card, computed by the database."""

    def born_after(years: int) -> dt.date:
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    experience = Case(
        *[
            When(staff__experience_total__lt=limit, then=Value(key))
            for key, _label, limit in EXPERIENCE_BUCKETS
            if limit is not None
        ],
        default=Value("exp_20"),
        output_field=CharField(),
    )
    age = Case(
        When(staff__birth_date__isnull=True, then=Value("age_unknown")),
        *[
            When(staff__birth_date__gt=born_after(limit), then=Value(key))
            for key, _label, limit in AGE_BUCKETS
            if limit is not None
        ],
        default=Value("age_60"),
        output_field=CharField(),
    )
    young = Q(staff__birth_date__gt=born_after(YOUNG_AGE)) & Q(
        staff__experience_total__lt=YOUNG_EXPERIENCE
    )
    consent = Consent.objects.filter(
        staff_id=OuterRef("staff_id"), kind=ConsentKind.PROCESSING, withdrawn_at__isnull=True
    )
    return {
        "experience": experience,
        "age": age,
        "young": Case(When(young, then=Value(True)), default=Value(False)),
        "consented": Exists(consent),
    }


def _people(rows: Current, today: dt.date) -> None:
    """Mentees (all but those who left) and mentors (all but those not recommended), by the
    federal buckets, and those of them without a personal-data consent in force. One query
    each."""
    for model, excluded, attribute, bucket_attribute in (
        (MenteeProfile, MenteeStatus.DROPPED, "mentees", "mentee_buckets"),
        (MentorProfile, MentorStatus.REJECTED, "mentors", "mentor_buckets"),
    ):
        groups = (
            model.objects.filter(programme_id__in=rows.ids)
            .exclude(status=excluded)
            .annotate(**_bucket_annotations(today))
            .order_by()
            .values("programme_id", "experience", "age", "young", "consented")
            .annotate(n=Count("pk"))
        )
        for group in groups:
            row, n = rows[group["programme_id"]], group["n"]
            setattr(row, attribute, getattr(row, attribute) + n)
            buckets = getattr(row, bucket_attribute)
            buckets[group["experience"]] += n
            buckets[group["age"]] += n
            if group["young"]:
                buckets["young"] += n
            if not group["consented"]:
                row.consents_missing += n


def _pairs(rows: Current) -> None:
    """Pairs (groups) made — fixed or about to be, working, finished or ended early — by form;
    of them completed and ended early. One query."""
    for group in (
        Pairing.objects.filter(programme_id__in=rows.ids, status__in=PAIRED_STATUSES)
        .order_by()
        .values("programme_id", "form", "status")
        .annotate(n=Count("pk"))
    ):
        row, n = rows[group["programme_id"]], group["n"]
        row.pairs_by_form[group["form"]] = row.pairs_by_form.get(group["form"], 0) + n
        if group["status"] == PairingStatus.COMPLETED:
            row.completed += n
        elif group["status"] == PairingStatus.TERMINATED:
            row.ended_early += n


def _satisfaction(rows: Current) -> None:
    """The mean of every 1–10 answer of the satisfaction questionnaire (6.8), of mentors and of
    mentees of pairs fixed by an order apart, as `pairing.selectors.feedback` tells them apart
    (one who is both counts as a mentor). Six queries, each on an index that leads with the
    programme or the response: one query joining answers to the pairs through correlated
    EXISTS read the whole country's responses and pairs for a region (2 s at 2,000
    kindergartens, bench/scale.py)."""
    programmes = rows.ids
    submitted = Response.objects.filter(
        version__questionnaire__programme_id__in=programmes,
        version__questionnaire__kind=QuestionnaireKind.SATISFACTION,
        status=ResponseStatus.SUBMITTED,
        respondent__isnull=False,
    ).order_by()
    found = list(
        submitted.values(
            "pk", "version_id", "version__questionnaire__programme_id", "respondent_id"
        )
    )
    responses = {
        r["pk"]: (r["version__questionnaire__programme_id"], r["respondent_id"]) for r in found
    }
    if not responses:
        return
    fixed = list(
        Pairing.objects.filter(programme_id__in=programmes, fixed_by__isnull=False)
        .order_by()
        .values_list("pk", "programme_id", "mentor__staff_id")
    )
    mentors = {(programme_id, staff_id) for _pk, programme_id, staff_id in fixed}
    programme_of = {pk: programme_id for pk, programme_id, _staff_id in fixed}
    # By the pairs' and the profiles' ids, each through its own index: joined, PostgreSQL
    # hashed the country's mentee profiles.
    staff_of = dict(
        MenteeProfile.objects.filter(programme_id__in=programmes)
        .order_by()
        .values_list("pk", "staff_id")
    )
    mentees = {
        (programme_of[pairing_id], staff_of.get(mentee_id))
        for pairing_id, mentee_id in Membership.objects.filter(pairing_id__in=list(programme_of))
        .order_by()
        .values_list("pairing_id", "mentee_id")
    }
    # Subqueries, not lists: 16,000 ids as parameters cost more to prepare than to read.
    scale_questions = Question.objects.filter(
        version_id__in=submitted.values("version_id"), kind=QuestionKind.SCALE
    ).values("pk")
    means: dict[tuple[int, str], Mean] = defaultdict(Mean)
    for group in (
        Answer.objects.filter(
            response_id__in=submitted.values("pk"),
            question_id__in=scale_questions,
            value__isnull=False,
        )
        .order_by()
        .values("response_id")
        .annotate(total=Sum(Cast("value", FloatField())), answers=Count("pk"))
    ):
        person = responses[group["response_id"]]
        if person in mentors:
            key = "mentors"
        elif person in mentees:
            key = "mentees"
        else:
            continue
        mean = means[(person[0], key)]
        mean.total += group["total"]
        mean.weight += group["answers"]
        mean.people += 1
    for (programme_id, key), mean in means.items():
        rows[programme_id].satisfaction[key] = mean


def _deltas(rows: Current) -> None:
    """Mentees' final assessment (7.4) against the baseline (3.2): the mean of every
    (person, parameter) delta, and on how many people it rests. One query."""
    before = Score.objects.filter(
        round__programme_id=OuterRef("round__programme_id"),
        round__kind=RoundKind.BASELINE,
        staff_id=OuterRef("staff_id"),
        parameter_id=OuterRef("parameter_id"),
    ).values("value")[:1]
    groups = (
        Score.objects.filter(
            round__programme_id__in=rows.ids,
            round__kind=RoundKind.FINAL,
            parameter__applies_to=ParameterScope.MENTEES,
        )
        .annotate(before=Subquery(before))
        .filter(before__isnull=False)
        .order_by()
        .values("round__programme_id")
        .annotate(
            mean=Avg(ExpressionWrapper(F("value") - F("before"), output_field=FloatField())),
            deltas=Count("pk"),
            people=Count("staff", distinct=True),
        )
    )
    for group in groups:
        rows[group["round__programme_id"]].deltas = Mean(
            total=group["mean"] * group["deltas"], weight=group["deltas"], people=group["people"]
        )


# --- totals, filters, the page ------------------------------------------------------------------


def _summed(name: str, rows: list[Row]) -> Row:
    """The sum of rows: counts added; means only of the rows that show them (a total over a
    kindergarten's hidden mean and the others' shown ones would let it be read back)."""
    total = Row(name=name, kindergartens=len(rows))
    for row in rows:
        for attribute in (
            "activities",
            "done",
            "overdue",
            "mentees",
            "mentors",
            "completed",
            "ended_early",
            "consents_missing",
        ):
            setattr(total, attribute, getattr(total, attribute) + getattr(row, attribute))
        for code, n in row.pairs_by_form.items():
            total.pairs_by_form[code] = total.pairs_by_form.get(code, 0) + n
        for key in ("mentors", "mentees"):
            _add_shown(total.satisfaction[key], row.satisfaction[key])
        _add_shown(total.deltas, row.deltas)
        for key in total.mentee_buckets:
            total.mentee_buckets[key] += row.mentee_buckets[key]
            total.mentor_buckets[key] += row.mentor_buckets[key]
        total.behind = total.behind or row.behind
    total.stage = min((r.stage for r in rows if r.stage is not None), default=None)
    return total


def _add_shown(total: Mean, part: Mean) -> None:
    if part.shown:
        total.add(part)
    elif part.weight or part.withheld:
        total.withheld = True


def _typical_stage(rows: list[Row]) -> int | None:
    """The territory's typical stage: the (lower) median of its kindergartens' stages."""
    stages = [r.stage for r in rows if r.stage is not None]
    return statistics.median_low(stages) if stages else None


def _filtered(rows: list[Row], filters: Filters) -> list[Row]:
    search = filters.search.strip().casefold()
    kept = [
        row
        for row in rows
        if (filters.municipality is None or row.municipality_id == filters.municipality)
        and (not filters.behind or row.behind)
        and (not filters.overdue or row.overdue > 0)
        and (not search or search in row.name.casefold())
    ]
    key = SORTS.get(filters.sort, SORTS["name"])
    return sorted(kept, key=lambda r: (key(r), _natural(r.name)), reverse=filters.descending)


def territory_title(territory: Territory | None) -> str:
    return territory.name if territory is not None else "Все детские сады"


def rollup(
    territory: Territory | None, *, filters: Filters | None = None, today: dt.date | None = None
) -> Rollup:
    """The roll-up of a territory (None: every kindergarten of the instance) in a fixed number
    of queries, whatever the number of kindergartens."""
    filters = filters or Filters()
    today = today or timezone.localdate()
    everything = _organisations(territory)
    by_programme = Current(
        {row.programme_id: row for row in everything if row.programme_id},
        _current_ids([row.programme_id for row in everything if row.programme_id]),
    )
    _activities(by_programme, today)
    _people(by_programme, today)
    _pairs(by_programme)
    _satisfaction(by_programme)
    _deltas(by_programme)
    typical = _typical_stage(everything)
    for row in everything:
        row.behind = typical is not None and (row.stage or 0) < typical
    shown = _filtered(everything, filters)
    regional = territory is None or territory.is_region
    municipalities: list[Row] = []
    if regional:
        grouped: dict[int | None, list[Row]] = defaultdict(list)
        for row in shown:
            grouped[row.municipality_id].append(row)
        for municipality_id, members in grouped.items():
            summed = _summed(members[0].municipality or "без муниципалитета", members)
            summed.municipality_id = municipality_id
            summed.municipality = summed.name
            municipalities.append(summed)
        municipalities.sort(key=lambda r: (r.municipality_id is None, r.name.casefold()))
    choices = sorted(
        {(r.municipality_id, r.municipality) for r in everything if r.municipality_id},
        key=lambda c: c[1].casefold(),
    )
    used = {code for row in everything for code in row.pairs_by_form}
    forms = [(code, str(label)) for code, label in MentoringForm.choices if code in used]
    total = _summed("Итого", shown)
    for row in [*shown, *municipalities, total]:
        row.form_list = row.form_counts(forms)
    return Rollup(
        territory=territory,
        title=territory_title(territory),
        rows=shown,
        total=total,
        municipalities=municipalities,
        municipality_choices=choices if regional else [],
        forms=forms,
        typical_stage=typical,
        kindergartens_in_territory=len(everything),
        today=today,
        regional=regional,
    )


def bucket_columns() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(key, label) of the experience and the age buckets, and «до 35 лет со стажем 0–3»."""
    experience = [(k, label) for k, label, _t in EXPERIENCE_BUCKETS] + [("young", YOUNG)]
    age = [(k, label) for k, label, _t in AGE_BUCKETS]
    return experience, age
