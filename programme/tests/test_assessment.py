import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from programme.exceptions import DomainError
from programme.models import AssessmentParameter, AssessmentRound, Score
from programme.models.roadmap import ActivityStatus
from programme.services import assessment as services
from tests.factories import MenteeProfileFactory, MentorProfileFactory, StaffMemberFactory
from tests.factories_assessment import (
    AssessmentParameterFactory,
    AssessmentRoundFactory,
    InterviewFactory,
    ScoreFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentees(programme, org):
    return [
        MenteeProfileFactory(
            programme=programme,
            staff=StaffMemberFactory(organisation=org, last_name=name, first_name="Анна"),
        )
        for name in ("Антонова", "Борисова")
    ]


@pytest.fixture
def parameters(programme):
    return [
        AssessmentParameterFactory(programme=programme, name="Планирование", order=1),
        AssessmentParameterFactory(programme=programme, name="Работа с родителями", order=2),
    ]


@pytest.fixture
def baseline(programme):
    return AssessmentRoundFactory(programme=programme, kind="baseline")


def grid_url(assessment_round, scope="mentees"):
    return reverse(
        "programme:score_grid", args=[assessment_round.programme_id, assessment_round.pk, scope]
    )


def cell(mentee, parameter):
    return f"s-{mentee.staff_id}-{parameter.pk}"


def test_score_grid_shows_one_row_per_mentee_and_one_number_input_per_parameter(
    curator_client, baseline, mentees, parameters
):
    response = curator_client.get(grid_url(baseline))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('type="number"') == 4
    assert 'min="1" max="5"' in content
    assert content.count("autofocus") == 1
    assert "Антонова Анна" in content and "Борисова Анна" in content


def test_score_grid_saves_every_cell_and_an_empty_cell_clears_the_score(
    curator_client, baseline, mentees, parameters
):
    first, second = mentees
    ScoreFactory(round=baseline, parameter=parameters[1], staff=second.staff, value=2)

    response = curator_client.post(
        grid_url(baseline),
        {
            cell(first, parameters[0]): "3",
            cell(first, parameters[1]): " 5 ",
            cell(second, parameters[0]): "1",
            cell(second, parameters[1]): "",
        },
    )

    assert response.status_code == 302
    saved = {(s.staff_id, s.parameter_id): s.value for s in Score.objects.all()}
    assert saved == {
        (first.staff_id, parameters[0].pk): 3,
        (first.staff_id, parameters[1].pk): 5,
        (second.staff_id, parameters[0].pk): 1,
    }
    assert baseline.programme.activities.get(code="3.2").status == ActivityStatus.IN_PROGRESS


def test_score_grid_refuses_a_value_outside_the_scale_and_saves_nothing_of_that_submission(
    curator_client, baseline, mentees, parameters
):
    first, second = mentees
    ScoreFactory(round=baseline, parameter=parameters[0], staff=second.staff, value=2)

    response = curator_client.post(
        grid_url(baseline),
        {
            cell(first, parameters[0]): "4",
            cell(first, parameters[1]): "7",
            cell(second, parameters[0]): "5",
            cell(second, parameters[1]): "два",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Оценка должна быть от 1 до 5." in content
    assert "Оценка должна быть целым числом от 1 до 5." in content
    assert "ничего не сохранено" in content
    assert 'value="7"' in content and 'value="два"' in content and 'value="4"' in content
    assert content.count("form-control-sm is-invalid") == 2
    assert list(Score.objects.values_list("staff_id", "value")) == [(second.staff_id, 2)]


def test_save_scores_refuses_a_person_who_is_not_in_the_group(baseline, mentees, parameters, org):
    stranger = StaffMemberFactory(organisation=org)

    with pytest.raises(services.ScoreGridError) as error:
        services.save_scores(
            round=baseline,
            scope="mentees",
            grid={
                (mentees[0].staff_id, parameters[0].pk): "3",
                (stranger.pk, parameters[0].pk): "3",
            },
        )

    assert list(error.value.errors) == [(stranger.pk, parameters[0].pk)]
    assert not Score.objects.exists()


def test_mentor_grid_lists_mentors_with_mentor_parameters(curator_client, programme, baseline):
    mentor = MentorProfileFactory(programme=programme)
    parameter = AssessmentParameterFactory(programme=programme, applies_to="mentors")

    curator_client.post(grid_url(baseline, "mentors"), {f"s-{mentor.staff_id}-{parameter.pk}": "4"})

    assert Score.objects.get().value == 4
    assert programme.activities.get(code="4.1").status == ActivityStatus.IN_PROGRESS


def test_delta_is_after_minus_before_and_averages_only_count_people_scored_twice():
    people, parameters = [1, 2, 3], [10, 20]
    before = {(1, 10): 2, (2, 10): 3, (3, 10): 5, (1, 20): 4}
    after = {(1, 10): 4, (2, 10): 3, (1, 20): 3, (2, 20): 5}

    rows, averages = services.compare(people, parameters, before, after)

    assert rows[1][0].delta == 2
    assert rows[2][0].delta == 0
    assert rows[3][0].delta is None  # not scored after
    assert rows[1][1].delta == -1
    assert averages[0].before == 3.33
    assert averages[0].after == 3.5
    assert averages[0].delta == 1.0  # (+2 + 0) / 2
    assert averages[0].people == 2
    assert averages[1].delta == -1.0
    assert averages[1].after == 4.0


def test_comparison_page_shows_before_after_delta_and_a_chart(
    curator_client, programme, mentees, parameters
):
    baseline = AssessmentRoundFactory(programme=programme, kind="baseline")
    final = AssessmentRoundFactory(programme=programme, kind="final", date=dt.date(2024, 12, 1))
    ScoreFactory(round=baseline, parameter=parameters[0], staff=mentees[0].staff, value=2)
    ScoreFactory(round=final, parameter=parameters[0], staff=mentees[0].staff, value=4)

    response = curator_client.get(
        reverse("programme:assessment_comparison", args=[programme.pk]) + "?scope=mentees"
    )

    content = response.content.decode()
    data = response.context["data"]
    assert data.rows[0].cells[0].delta == 2
    assert data.averages[0].delta == 2.0
    assert "+2" in content
    assert "<svg" in content and "Планирование" in content


def test_round_export_reads_back_with_names_and_scores_and_formulas_kept_as_text(
    curator_client, programme, baseline, parameters, org
):
    mentee = MenteeProfileFactory(
        programme=programme,
        staff=StaffMemberFactory(organisation=org, last_name="=HYPERLINK(1)", first_name="Анна"),
    )
    other = MenteeProfileFactory(
        programme=programme,
        staff=StaffMemberFactory(organisation=org, last_name="Васильева", first_name="Ольга"),
    )
    ScoreFactory(round=baseline, parameter=parameters[0], staff=mentee.staff, value=2)
    ScoreFactory(round=baseline, parameter=parameters[1], staff=other.staff, value=5)

    response = curator_client.get(
        reverse("programme:round_export", args=[programme.pk, baseline.pk])
    )

    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["Наставляемые"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("ФИО", "Должность", "Планирование (1–5)", "Работа с родителями (1–5)")
    by_name = {row[0]: row[2:] for row in rows[1:]}
    assert by_name[next(n for n in by_name if n.startswith("Васильева Ольга"))] == (None, 5)
    escaped = next(n for n in by_name if "HYPERLINK" in n)
    assert escaped.startswith("'=")
    assert by_name[escaped] == (2, None)


def test_a_programme_has_one_baseline_round_and_a_second_is_refused_in_russian(
    curator_client, programme, baseline
):
    response = curator_client.post(
        reverse("programme:round_create", args=[programme.pk]),
        {"kind": "baseline", "date": "2024-03-10", "title": ""},
    )

    assert "Входная оценка в этой программе уже есть." in response.content.decode()
    assert AssessmentRound.objects.count() == 1


def test_curator_creates_the_final_round_and_lands_on_the_grid(curator_client, programme):
    response = curator_client.post(
        reverse("programme:round_create", args=[programme.pk]) + "?kind=final&scope=mentors",
        {"kind": "final", "date": "2024-12-10", "title": "Итоговая оценка"},
    )

    assessment_round = AssessmentRound.objects.get(kind="final")
    assert response.url == grid_url(assessment_round, "mentors")


def test_roadmap_link_opens_the_baseline_grid_or_the_form_to_create_it(curator_client, programme):
    go = reverse("programme:assessment_go", args=[programme.pk]) + "?kind=baseline&scope=mentees"

    assert reverse("programme:round_create", args=[programme.pk]) in curator_client.get(go).url
    baseline = AssessmentRoundFactory(programme=programme)
    assert curator_client.get(go).url == grid_url(baseline)


def test_default_parameters_are_seeded_once_per_group(curator_client, programme):
    url = reverse("programme:parameters_defaults", args=[programme.pk])
    curator_client.post(url)
    count = AssessmentParameter.objects.filter(programme=programme).count()
    curator_client.post(url)

    assert count == len(services.DEFAULT_PARAMETERS["mentees"]) + len(
        services.DEFAULT_PARAMETERS["mentors"]
    )
    assert AssessmentParameter.objects.filter(programme=programme).count() == count
    assert AssessmentParameter.objects.filter(
        name="Планирование образовательной деятельности", scale_min=1, scale_max=5
    ).exists()


def test_parameter_scale_minimum_must_be_below_maximum(curator_client, programme):
    response = curator_client.post(
        reverse("programme:parameter_create", args=[programme.pk]),
        {
            "name": "Уверенность",
            "applies_to": "mentees",
            "scale_min": 5,
            "scale_max": 5,
            "order": 0,
        },
    )

    assert "Максимум шкалы должен быть больше минимума." in response.content.decode()
    assert not AssessmentParameter.objects.exists()


def test_parameter_with_scores_cannot_be_deleted_or_narrowed_below_them(
    baseline, parameters, mentees
):
    ScoreFactory(round=baseline, parameter=parameters[0], staff=mentees[0].staff, value=5)

    with pytest.raises(DomainError, match="удалить его нельзя"):
        services.parameter_delete(parameter=parameters[0])
    with pytest.raises(DomainError, match="вне новой шкалы"):
        services.parameter_save(
            programme=baseline.programme,
            parameter=parameters[0],
            name="Планирование",
            applies_to="mentees",
            scale_min=1,
            scale_max=4,
        )


def test_a_parameter_saved_by_another_curator_meanwhile_is_refused_in_russian(
    baseline, parameters, monkeypatch
):
    # The other curator's save lands between this one's check and its insert.
    monkeypatch.setattr(services, "_parameter_name_taken", lambda *args: False)

    with pytest.raises(DomainError, match="уже есть"):
        services.parameter_save(
            programme=baseline.programme,
            name=parameters[0].name,
            applies_to=parameters[0].applies_to,
            scale_min=1,
            scale_max=5,
        )
    assert AssessmentParameter.objects.filter(name=parameters[0].name).count() == 1


def test_dashboard_shows_how_many_mentees_have_the_baseline_score(
    curator_client, programme, baseline, mentees, parameters
):
    ScoreFactory(round=baseline, parameter=parameters[0], staff=mentees[0].staff, value=3)

    response = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))

    content = response.content.decode()
    assert "наставляемые: оценено 1 из 2" in content
    assert reverse("programme:assessment_home", args=[programme.pk]) in content
    assert "Собеседования" in content and "Обучение" in content


def test_dashboard_query_count_does_not_grow_with_scores_interviews_and_sessions(
    curator_client, programme, baseline, parameters, org
):
    def add(count):
        for _ in range(count):
            mentee = MenteeProfileFactory(programme=programme)
            ScoreFactory(round=baseline, parameter=parameters[0], staff=mentee.staff, value=3)
            InterviewFactory(
                mentor=MentorProfileFactory(programme=programme), conclusion="rejected"
            )
            TrainingSessionFactory(programme=programme)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add(5)
    with_5 = queries()
    add(45)
    assert queries() == with_5
