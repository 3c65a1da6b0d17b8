"""Assessment of participants: parameters, rounds, the score grid, before/after deltas, export.

The baseline round is 3.2 (mentees) and 4.1 (mentors); the final round is 7.4.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from ..exceptions import DomainError
from ..models import AssessmentParameter, AssessmentRound, Programme, Score, StaffMember
from ..models.assessment import ParameterScope, RoundKind
from ..resources import escape_formula
from ..spreadsheets import finish_sheet, workbook_bytes
from ..validators import check_sane_date
from .roadmap import activity_mark_started

# Shipped parameters, scored 1–5; the curator edits them before the baseline round.
DEFAULT_PARAMETERS: dict[str, tuple[str, ...]] = {
    ParameterScope.MENTEES: (
        "Планирование образовательной деятельности",
        "Организация образовательной деятельности с детьми",
        "Взаимодействие с родителями (законными представителями)",
        "Ведение документации",
        "Использование ИКТ в работе",
        "Профессиональная уверенность",
    ),
    ParameterScope.MENTORS: (
        "Владение методами наставничества",
        "Умение планировать работу с наставляемым",
        "Коммуникативные навыки",
        "Методическая компетентность",
        "Готовность делиться опытом",
    ),
}

# Which roadmap activity a round of each kind fills for each group of people.
ROUND_ACTIVITY = {
    (RoundKind.BASELINE, ParameterScope.MENTEES): "3.2",
    (RoundKind.BASELINE, ParameterScope.MENTORS): "4.1",
    (RoundKind.FINAL, ParameterScope.MENTEES): "7.4",
    (RoundKind.FINAL, ParameterScope.MENTORS): "7.4",
}


def ensure_default_parameters(*, programme: Programme) -> int:
    """Add the shipped parameters for each group that has none yet; returns how many."""
    present = set(
        AssessmentParameter.objects.filter(programme=programme).values_list("applies_to", flat=True)
    )
    new = [
        AssessmentParameter(
            programme=programme, name=name, applies_to=scope, scale_min=1, scale_max=5, order=index
        )
        for scope, names in DEFAULT_PARAMETERS.items()
        if scope not in present
        for index, name in enumerate(names, start=1)
    ]
    AssessmentParameter.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _check_scale(scale_min: int, scale_max: int) -> None:
    if scale_min >= scale_max:
        raise DomainError("Минимум шкалы должен быть меньше максимума.")


def parameter_save(
    *,
    programme: Programme,
    name: str,
    applies_to: str,
    scale_min: int,
    scale_max: int,
    order: int = 0,
    parameter: AssessmentParameter | None = None,
) -> AssessmentParameter:
    """Create or change a parameter. A scale that would leave saved scores outside is refused."""
    _check_scale(scale_min, scale_max)
    name = name.strip()
    if not name:
        raise DomainError("Укажите название параметра.")
    if parameter is not None:
        outside = parameter.scores.exclude(value__gte=scale_min, value__lte=scale_max)
        if outside.exists():
            raise DomainError(
                "Уже выставлены баллы вне новой шкалы; исправьте их или оставьте прежнюю шкалу."
            )
        if parameter.applies_to != applies_to and parameter.scores.exists():
            raise DomainError("По параметру уже есть баллы: изменить, кого он оценивает, нельзя.")
    taken = f"Параметр «{name}» уже есть."
    if _parameter_name_taken(programme, applies_to, name, parameter):
        raise DomainError(taken)
    parameter = parameter or AssessmentParameter(programme=programme)
    parameter.name = name
    parameter.applies_to = applies_to
    parameter.scale_min = scale_min
    parameter.scale_max = scale_max
    parameter.order = order
    try:
        with transaction.atomic():
            parameter.save()
    except IntegrityError:
        # Another curator saved the same name a moment ago: the constraint keeps one.
        raise DomainError(taken) from None
    return parameter


def _parameter_name_taken(programme, applies_to: str, name: str, parameter) -> bool:
    duplicate = AssessmentParameter.objects.filter(
        programme=programme, applies_to=applies_to, name__iexact=name
    )
    if parameter is not None:
        duplicate = duplicate.exclude(pk=parameter.pk)
    return duplicate.exists()


def parameter_delete(*, parameter: AssessmentParameter) -> None:
    if parameter.scores.exists():
        raise DomainError(
            f"По параметру «{parameter.name}» уже выставлены баллы; удалить его нельзя."
        )
    parameter.delete()


def round_create(
    *, programme: Programme, kind: str, date: dt.date, title: str = ""
) -> AssessmentRound:
    """A baseline or final round; a programme has one of each."""
    label = RoundKind(kind).label
    check_sane_date(date, what="Дата оценки")
    if AssessmentRound.objects.filter(programme=programme, kind=kind).exists():
        raise DomainError(f"{label.capitalize()} оценка в этой программе уже есть.")
    try:
        with transaction.atomic():
            return AssessmentRound.objects.create(
                programme=programme, kind=kind, date=date, title=title.strip()
            )
    except IntegrityError:
        raise DomainError(f"{label.capitalize()} оценка в этой программе уже есть.") from None


def round_update(*, round: AssessmentRound, date: dt.date, title: str = "") -> AssessmentRound:
    check_sane_date(date, what="Дата оценки")
    round.date = date
    round.title = title.strip()
    round.save(update_fields=["date", "title"])
    return round


def scope_people(programme: Programme, scope: str) -> list[StaffMember]:
    """Who is scored in a group: the programme's mentees or mentors, by surname."""
    if scope == ParameterScope.MENTEES:
        queryset = StaffMember.objects.filter(mentee_profiles__programme=programme)
    else:
        queryset = StaffMember.objects.filter(mentor_profiles__programme=programme)
    return list(queryset.order_by("last_name", "first_name", "patronymic", "pk"))


def scope_parameters(programme: Programme, scope: str) -> list[AssessmentParameter]:
    return list(
        AssessmentParameter.objects.filter(programme=programme, applies_to=scope).order_by(
            "order", "pk"
        )
    )


Cell = tuple[int, int]  # (staff_id, parameter_id)


class ScoreGridError(DomainError):
    """Some cells of the grid are wrong; `errors` says which and why. Nothing was saved."""

    def __init__(self, errors: dict[Cell, str]):
        super().__init__(
            f"Проверьте отмеченные оценки ({len(errors)}): ничего не сохранено, "
            "исправьте их и сохраните снова."
        )
        self.errors = errors


def _parse_cell(raw: str, parameter: AssessmentParameter) -> int | None:
    text = (raw or "").strip()
    if not text:
        return None
    scale = f"от {parameter.scale_min} до {parameter.scale_max}"
    try:
        value = int(text)
    except ValueError:
        raise DomainError(f"Оценка должна быть целым числом {scale}.") from None
    if not parameter.scale_min <= value <= parameter.scale_max:
        raise DomainError(f"Оценка должна быть {scale}.")
    return value


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0


@transaction.atomic
def save_scores(*, round: AssessmentRound, scope: str, grid: dict[Cell, str]) -> SaveResult:
    """Save a whole grid of one group: every cell is checked first, and if any is wrong
    (not a whole number, outside its scale, a person or parameter not of this group)
    ScoreGridError lists them and nothing is saved. An empty cell removes the score."""
    programme = round.programme
    parameters = {p.pk: p for p in scope_parameters(programme, scope)}
    people = {p.pk for p in scope_people(programme, scope)}
    values: dict[Cell, int | None] = {}
    errors: dict[Cell, str] = {}
    for (staff_id, parameter_id), raw in grid.items():
        parameter = parameters.get(parameter_id)
        if parameter is None or staff_id not in people:
            errors[(staff_id, parameter_id)] = "Этой оценки нет в таблице этой группы."
            continue
        try:
            values[(staff_id, parameter_id)] = _parse_cell(raw, parameter)
        except DomainError as error:
            errors[(staff_id, parameter_id)] = error.message
    if errors:
        raise ScoreGridError(errors)

    existing = {
        (s.staff_id, s.parameter_id): s
        for s in Score.objects.filter(round=round, parameter_id__in=list(parameters))
    }
    result = SaveResult()
    to_create, to_update, to_delete = [], [], []
    for (staff_id, parameter_id), value in values.items():
        score = existing.get((staff_id, parameter_id))
        if value is None:
            if score is not None:
                to_delete.append(score.pk)
        elif score is None:
            to_create.append(
                Score(round=round, parameter_id=parameter_id, staff_id=staff_id, value=value)
            )
        elif score.value != value:
            score.value = value
            to_update.append(score)
    # An upsert on the one-score-per-cell constraint: the curator's grid and a teacher's
    # self-assessment saving the same cell at once leave one score (the later one).
    Score.objects.bulk_create(
        to_create,
        update_conflicts=True,
        unique_fields=["round", "parameter", "staff"],
        update_fields=["value"],
    )
    Score.objects.bulk_update(to_update, ["value"])
    Score.objects.filter(pk__in=to_delete).delete()
    result.created, result.updated, result.deleted = len(to_create), len(to_update), len(to_delete)
    if to_create or to_update:
        code = ROUND_ACTIVITY.get((round.kind, scope))
        if code:
            activity_mark_started(programme=programme, code=code)
    return result


# --- before/after comparison (pure: plain numbers in, plain numbers out) ---


@dataclass(frozen=True)
class DeltaCell:
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class ParameterAverage:
    before: float | None
    after: float | None
    delta: float | None  # the mean of the deltas of those measured both times
    people: int  # how many were measured both times


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def compare(
    people: list[int],
    parameters: list[int],
    before: dict[Cell, int],
    after: dict[Cell, int],
) -> tuple[dict[int, list[DeltaCell]], list[ParameterAverage]]:
    """Per person and parameter: before, after, delta; per parameter: the averages."""
    rows = {
        person: [DeltaCell(before.get((person, p)), after.get((person, p))) for p in parameters]
        for person in people
    }
    averages = []
    for index, _parameter in enumerate(parameters):
        cells = [rows[person][index] for person in people]
        deltas = [c.delta for c in cells if c.delta is not None]
        averages.append(
            ParameterAverage(
                before=_mean([c.before for c in cells if c.before is not None]),
                after=_mean([c.after for c in cells if c.after is not None]),
                delta=_mean(deltas),
                people=len(deltas),
            )
        )
    return rows, averages


# --- export ---


def export_round_xlsx(*, round: AssessmentRound) -> bytes:
    """The round as a spreadsheet: one sheet per group, people by rows, parameters by columns."""
    from openpyxl import Workbook

    programme = round.programme
    scores = {(s.staff_id, s.parameter_id): s.value for s in Score.objects.filter(round=round)}
    workbook = Workbook()
    workbook.remove(workbook.active)
    for scope in ParameterScope:
        sheet = workbook.create_sheet(str(scope.label).capitalize())
        parameters = scope_parameters(programme, scope)
        header = ["ФИО", "Должность"] + [
            f"{p.name} ({p.scale_min}–{p.scale_max})" for p in parameters
        ]
        sheet.append([escape_formula(cell) for cell in header])
        for person in scope_people(programme, scope):
            sheet.append(
                [escape_formula(person.full_name), escape_formula(person.get_position_display())]
                + [scores.get((person.pk, p.pk)) for p in parameters]
            )
        sheet.column_dimensions["A"].width = 36
        sheet.column_dimensions["B"].width = 28
        finish_sheet(sheet, frozen_columns=2)
    return workbook_bytes(workbook)
