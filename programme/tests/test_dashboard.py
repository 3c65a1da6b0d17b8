import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programme.models import StaffMember
from programme.models.roadmap import ActivityStatus

pytestmark = pytest.mark.django_db


def _add_staff(org, count):
    StaffMember.objects.bulk_create(
        StaffMember(
            organisation=org,
            last_name=f"Педагогова{i}",
            first_name="Анна",
            position="vospitatel",
        )
        for i in range(count)
    )


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_is_the_same_for_10_and_300_staff(curator_client, programme, org):
    url = reverse("programme:dashboard", args=[programme.pk])
    _add_staff(org, 10)
    with_10 = _queries_for(curator_client, url)

    _add_staff(org, 290)
    with_300 = _queries_for(curator_client, url)

    assert with_300 == with_10


def test_dashboard_shows_stages_counts_and_overdue_activities(curator_client, programme, org):
    _add_staff(org, 4)
    programme.activities.filter(code="1.1").update(due_on=dt.date(2020, 1, 1))
    programme.activities.filter(code="1.2").update(status=ActivityStatus.DONE)

    response = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))

    content = response.content.decode()
    dashboard = response.context["dashboard"]
    assert [row.stage.number for row in dashboard.stages] == [1, 2, 3, 4, 5, 6, 7]
    assert dashboard.stages[0].percent == 50
    assert dashboard.overdue_count >= 1
    assert dashboard.next_steps[0].activity.code == "1.1"
    assert "просрочено" in content
    counts = {key: value for key, _label, value in dashboard.counts}
    assert counts["staff"] == 5  # four added and the curator's own card
    assert counts["pairs"] == 0
    assert "Подготовка условий для запуска программы наставничества" in content


def test_head_sees_the_dashboard_like_the_curator(head_client, programme):
    response = head_client.get(reverse("programme:dashboard", args=[programme.pk]))

    assert response.status_code == 200
