import datetime as dt

import pytest
from django.urls import reverse

from programme import services
from programme.catalogue import ACTIVITY_CODES
from programme.exceptions import DomainError
from programme.models import Activity, Programme
from programme.models.roadmap import ActivityStatus
from tests.factories import ProgrammeFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_new_programme_has_33_activities_in_7_stages_in_order(org):
    programme = ProgrammeFactory(organisation=org)

    stages = list(programme.stages.order_by("number"))
    codes = list(programme.activities.order_by("order").values_list("code", flat=True))

    assert [s.number for s in stages] == [1, 2, 3, 4, 5, 6, 7]
    assert len(codes) == 33
    assert codes[0] == "1.1" and codes[-1] == "7.8"
    assert codes == list(ACTIVITY_CODES)
    assert stages[1].task.startswith("выявление конкретных проблем педагогов")
    assert stages[6].goal.startswith("усилить программу наставничества")


def test_seed_deadlines_and_responsibles_are_copied_and_dated(org):
    programme = ProgrammeFactory(organisation=org, year=2024)

    informing = programme.activities.get(code="1.1")

    assert informing.deadline_text == "1 неделя февраля"
    assert informing.due_on == dt.date(2024, 2, 7)
    assert "Старший воспитатель".lower() in informing.responsible_text.lower()


def test_deadline_text_is_read_as_the_end_of_that_week():
    assert services.deadline_to_date("2 неделя февраля", 2024) == dt.date(2024, 2, 14)
    assert services.deadline_to_date("5 неделя февраля", 2024) == dt.date(2024, 2, 29)
    assert services.deadline_to_date("в течение года", 2024) is None


def test_second_programme_for_the_same_year_is_refused(org):
    ProgrammeFactory(organisation=org, year=2024)

    with pytest.raises(DomainError, match="уже есть"):
        ProgrammeFactory(organisation=org, year=2024)


def test_copy_to_next_year_keeps_settings_and_resets_statuses(org):
    curator = StaffMemberFactory(organisation=org)
    programme = ProgrammeFactory(
        organisation=org, year=2024, curator=curator, forms=["group"], default_capacity=3
    )
    programme.activities.filter(code="1.1").update(
        status=ActivityStatus.DONE, completed_on=dt.date(2024, 2, 5)
    )
    activity = programme.activities.get(code="2.1")
    activity.responsible_people.add(curator)

    new = services.programme_copy_to_next_year(programme=programme)

    assert new.year == 2025
    assert new.previous == programme
    assert "2025" in new.title
    assert new.forms == ["group"] and new.default_capacity == 3 and new.curator == curator
    assert new.activities.count() == 33
    assert not new.activities.exclude(status=ActivityStatus.PLANNED).exists()
    assert new.activities.get(code="1.1").due_on == dt.date(2025, 2, 7)
    assert list(new.activities.get(code="2.1").responsible_people.all()) == [curator]
    with pytest.raises(DomainError):
        services.programme_copy_to_next_year(programme=programme)


def test_curator_creates_programme_from_the_form(curator_client, org):
    response = curator_client.post(
        reverse("programme:programme_create"),
        {
            "year": 2025,
            "title": "Программа наставничества на 2025 год",
            "forms": ["teacher_teacher", "reverse"],
            "default_capacity": 2,
            "parent_committee_note": "Принято с учетом мнения родительского комитета",
            "council_protocol_number": "3",
        },
    )

    programme = Programme.objects.get(organisation=org, year=2025)
    assert response.status_code == 302
    assert Activity.objects.filter(programme=programme).count() == 33
    assert programme.forms == ["teacher_teacher", "reverse"]


def test_programme_form_keeps_typed_values_and_explains_errors(curator_client):
    response = curator_client.post(
        reverse("programme:programme_create"),
        {"year": 2025, "title": "Моя программа", "default_capacity": 0},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Выберите хотя бы одну форму наставничества." in content
    assert "Моя программа" in content
    assert not Programme.objects.filter(year=2025).exists()


def test_curator_marks_an_activity_done(curator_client, programme):
    url = reverse("programme:activity_edit", args=[programme.pk, "1.2"])

    response = curator_client.post(
        url,
        {"status": "done", "deadline_text": "2 неделя февраля", "note": "Встреча проведена"},
    )

    activity = programme.activities.get(code="1.2")
    assert response.status_code == 302
    assert activity.status == ActivityStatus.DONE
    assert activity.completed_on is not None
    assert activity.due_on == dt.date(2024, 2, 14)
