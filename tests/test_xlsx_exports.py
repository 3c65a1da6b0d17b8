"""Every xlsx export is a table the curator can work with (issue 21, §4.7): dates are dates and
numbers numbers (sortable, summable — not text), the header carries an autofilter and stays
frozen. The formula-safety of the same files is in test_formula_safe_exports.py."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys.models import QuestionKind, QuestionnaireKind
from tests.factories import MenteeProfileFactory, StaffMemberFactory
from tests.factories_assessment import (
    AssessmentParameterFactory,
    AssessmentRoundFactory,
    ScoreFactory,
)
from tests.test_formula_safe_exports import EXPORTS, _results_xlsx
from tests.test_formula_safe_exports import tricky_person as tricky_person_fixture

pytestmark = pytest.mark.django_db
tricky_person = tricky_person_fixture

XLSX_EXPORTS = [e for e in EXPORTS if e[3] == "xlsx"]


def _book(content: bytes):
    return load_workbook(io.BytesIO(content))


def _column(sheet, header: str, *, header_row: int = 1):
    headers = [c.value for c in sheet[header_row]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=header_row + 1)]


@pytest.mark.parametrize(
    ("name", "route", "export", "fmt"), XLSX_EXPORTS, ids=[e[0] for e in XLSX_EXPORTS]
)
def test_every_xlsx_export_has_an_autofilter_and_a_frozen_header(
    curator, curator_client, programme, tricky_person, name, route, export, fmt
):
    person = tricky_person
    book = _book(export(curator, curator_client, programme, person))

    for sheet in book.worksheets:
        assert sheet.auto_filter.ref, (name, sheet.title)
        first_cell = sheet.auto_filter.ref.split(":")[0]
        header_row = int("".join(ch for ch in first_cell if ch.isdigit()))
        assert header_row in (1, 2), (name, sheet.title)
        frozen_row = int("".join(ch for ch in sheet.freeze_panes if ch.isdigit()))
        assert frozen_row == header_row + 1, (name, sheet.title, sheet.freeze_panes)
        assert all(c.font.bold for c in sheet[header_row] if c.value), (name, sheet.title)


def test_the_staff_export_has_dates_and_years_as_typed_cells(org, curator_client):
    StaffMemberFactory(
        organisation=org,
        last_name="Иванова",
        experience_total=Decimal("2.5"),
        experience_here=Decimal("1"),
        birth_date=dt.date(1990, 3, 15),
        hired_on=dt.date(2015, 9, 1),
    )
    response = curator_client.get(reverse("programme:staff_export", args=["xlsx"]))

    sheet = _book(response.content).active
    mine = [c.value for c in _column(sheet, "Фамилия")].index("Иванова")
    birth = _column(sheet, "Дата рождения")[mine]
    years = _column(sheet, "Педагогический стаж")[mine]
    assert birth.is_date and birth.value.date() == dt.date(1990, 3, 15)
    assert birth.number_format == "DD.MM.YYYY"
    assert years.data_type == "n" and years.value == 2.5
    assert _column(sheet, "Стаж в организации")[mine].value == 1


def test_the_staff_import_template_has_a_typed_example_row(curator_client):
    response = curator_client.get(reverse("programme:staff_import_template"))

    sheet = _book(response.content).active
    assert _column(sheet, "Дата рождения")[0].is_date
    assert _column(sheet, "Педагогический стаж")[0].data_type == "n"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:L2"


def test_the_assessment_export_has_scores_as_numbers(curator_client, programme):
    person = MenteeProfileFactory(programme=programme).staff
    parameter = AssessmentParameterFactory(programme=programme, applies_to="mentees")
    assessment_round = AssessmentRoundFactory(programme=programme)
    ScoreFactory(round=assessment_round, staff=person, parameter=parameter, value=7)

    response = curator_client.get(
        reverse("programme:round_export", args=[programme.pk, assessment_round.pk])
    )

    sheet = _book(response.content).worksheets[0]
    score = sheet.cell(row=2, column=3)
    assert score.data_type == "n" and score.value == 7
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref.startswith("A1:")


def test_the_results_export_has_the_submission_time_and_numbers_typed(
    curator, curator_client, programme
):
    person = StaffMemberFactory(organisation=programme.organisation, last_name="Петрова")
    sheet = _book(_results_xlsx(curator, curator_client, programme, person)).active

    submitted = _column(sheet, "Отправлена")[0]
    assert submitted.is_date
    assert submitted.value.date() == dt.date.today() or submitted.value.year >= 2024
    questionnaire = programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)
    numeric = (
        questionnaire.versions.get()
        .questions.filter(kind__in=[QuestionKind.NUMBER, QuestionKind.SCALE])
        .order_by("order")
        .first()
    )
    assert numeric is not None
    cell = _column(sheet, numeric.text)[0]
    assert cell.data_type == "n", (numeric.text, cell.value)


def test_the_pairs_overview_has_dates_and_counts_typed(programme, curator, curator_client):
    from tests.factories_pair_work import active_pairs, held

    pairing = active_pairs(programme, curator, 1)[0]
    held(pairing, "organisational", dt.date(2024, 9, 5))

    response = curator_client.get(reverse("pairing:overview_xlsx", args=[programme.pk]))

    sheet = _book(response.content).active
    assert sheet.auto_filter.ref.startswith("A2:") and sheet.freeze_panes == "B3"
    start = _column(sheet, "Начало", header_row=2)[0]
    last = _column(sheet, "Последняя встреча", header_row=2)[0]
    count = _column(sheet, "Встреч проведено", header_row=2)[0]
    assert start.is_date and start.value.date() == pairing.starts_on
    assert last.is_date and last.value.date() == dt.date(2024, 9, 5)
    assert count.data_type == "n" and count.value == 1
