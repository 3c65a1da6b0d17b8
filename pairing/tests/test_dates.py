"""A date out of the sane years typed into a pair's page, the curator's early-end form, a plan,
a meeting or the feedback schedule: the page answers (never a 500) with the Russian message
naming the field, keeps what was typed, and nothing changes."""

import datetime as dt

import pytest
from django.urls import reverse

from pairing.models import FeedbackRound, Meeting, OrderAction, OrderItem, PairingStatus
from tests.factories_pair_work import active_pairs, login, plan_with_rows

pytestmark = pytest.mark.django_db

RULE = "проверьте год — допустимы даты с 1900 по 2100 год."


@pytest.fixture
def pairing(programme, curator):
    return active_pairs(programme, curator, 1)[0]


def _still_active(pairing):
    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.ACTIVE
    assert pairing.ended_on is None and pairing.notice_on is None
    assert not OrderItem.objects.filter(pairing=pairing, action=OrderAction.END).exists()


def test_a_notice_dated_31_12_9999_is_refused_by_name_not_a_server_error(pairing):
    page = login(pairing.mentor.staff).post(
        reverse("pairing:pair_end", args=[pairing.pk]),
        {"reason": "перевод", "notice_on": "9999-12-31", "on": ""},
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert f"Дата уведомления: {RULE}" in html
    assert 'value="9999-12-31"' in html  # what she typed stays in the form
    _still_active(pairing)


def test_a_notice_dated_year_one_is_a_year_typo_not_an_end_before_the_start(pairing):
    page = login(pairing.mentor.staff).post(
        reverse("pairing:pair_end", args=[pairing.pk]),
        {"reason": "перевод", "notice_on": "0001-01-01", "on": "2024-10-01"},
    )

    html = page.content.decode()
    assert f"Дата уведомления: {RULE}" in html
    assert "раньше начала" not in html
    _still_active(pairing)


def test_the_last_day_31_12_9999_does_not_end_the_pair(pairing):
    page = login(pairing.mentor.staff).post(
        reverse("pairing:pair_end", args=[pairing.pk]),
        {"reason": "перевод", "notice_on": "", "on": "9999-12-31"},
    )

    assert page.status_code == 200
    assert f"Последний день наставничества: {RULE}" in page.content.decode()
    _still_active(pairing)


def test_the_curators_end_date_31_12_9999_does_not_end_the_pair_nor_reach_the_order(
    curator_client, programme, pairing
):
    page = curator_client.post(
        reverse("pairing:pairing_terminate", args=[programme.pk, pairing.pk]),
        {"on": "9999-12-31", "reason": "перевод", "notice_on": ""},
    )

    assert page.status_code == 200
    assert f"Последний день наставничества: {RULE}" in page.content.decode()
    _still_active(pairing)
    for membership in pairing.members.all():
        assert membership.left_on is None


def test_a_plan_row_of_year_one_is_refused_by_name(pairing):
    plan = plan_with_rows(pairing, 0)

    page = login(pairing.mentor.staff).post(
        reverse("pairing:plan_activity_add", args=[plan.pk]),
        {
            "new-content": "Консультация",
            "new-kind": "consultation",
            "new-starts_on": "0001-01-01",
            "new-due_on": "0001-02-01",
            "new-responsible": "both",
        },
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert f"Срок «с»: {RULE}" in html and f"Срок «до»: {RULE}" in html
    assert not plan.activities.exists()


def test_a_done_mark_of_year_one_is_refused_by_name(pairing):
    plan = plan_with_rows(pairing, 1)
    row = plan.activities.get()

    page = login(pairing.mentor.staff).post(
        reverse("pairing:plan_activity_mark", args=[plan.pk, row.pk]),
        {f"m{row.pk}-done_on": "0001-01-01", f"m{row.pk}-evidence_url": ""},
        follow=True,
    )

    assert f"Дата выполнения: {RULE}" in page.content.decode()
    row.refresh_from_db()
    assert row.done_on is None


def test_a_meeting_in_year_9999_is_refused_by_name(pairing):
    page = login(pairing.mentor.staff).post(
        reverse("pairing:meeting_create", args=[pairing.pk]),
        {
            "kind": "organisational",
            "starts_at": "9999-12-31T23:59",
            "duration": "60",
            "topic": "Знакомство",
            "place": "Кабинет",
        },
    )

    assert page.status_code == 200
    assert f"Дата и время: {RULE}" in page.content.decode()
    assert not Meeting.objects.exists()


def _schedule(**data):
    return {
        "dates": "",
        "every_weeks": "",
        "starts_on": "",
        "ends_on": "",
        "answer_days": "14",
        "low_score": "4",
        "quiet_weeks": "4",
        **data,
    }


def test_a_feedback_schedule_from_0001_to_9999_is_a_year_typo_not_too_many_dates(
    curator_client, programme
):
    page = curator_client.post(
        reverse("pairing:feedback", args=[programme.pk]),
        _schedule(every_weeks="1", starts_on="0001-01-01", ends_on="9999-12-31"),
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert f"Первая дата сбора: {RULE}" in html
    assert f"Последняя дата сбора: {RULE}" in html
    assert "Слишком много дат сбора" not in html
    assert not FeedbackRound.objects.exists()


def test_a_listed_feedback_date_of_year_one_is_refused_by_name(curator_client, programme):
    page = curator_client.post(
        reverse("pairing:feedback", args=[programme.pk]),
        _schedule(dates="15.10.2024, 01.01.0001"),
    )

    assert page.status_code == 200
    assert f"Даты сбора: {RULE}" in page.content.decode()
    assert not FeedbackRound.objects.exists()


def test_a_feedback_schedule_within_the_years_still_saves(curator_client, programme):
    page = curator_client.post(
        reverse("pairing:feedback", args=[programme.pk]),
        _schedule(every_weeks="4", starts_on="2024-10-01", ends_on="2024-12-31"),
    )

    assert page.status_code == 302
    assert list(FeedbackRound.objects.values_list("on", flat=True).order_by("on")) == [
        dt.date(2024, 10, 1),
        dt.date(2024, 10, 29),
        dt.date(2024, 11, 26),
        dt.date(2024, 12, 24),
    ]
