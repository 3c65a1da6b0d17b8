"""Any date a person can type, from 01.01.0001 to 31.12.9999, with or without a time zone: the
early end, the plan's rows and marks, the meetings and the feedback schedule either do their
work or refuse in Russian (DomainError, ValidationError), never an overflow or a naive/aware
mix; and what they store is within the sane years."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pairing.models import FeedbackRound, Pairing, PlanActivity
from pairing.services import feedback as feedback_services
from pairing.services import meetings as meeting_services
from pairing.services import pairings as pairing_services
from pairing.services import pairs as pair_services
from pairing.services import plans as plan_services
from programme.exceptions import DomainError
from programme.validators import EARLIEST_YEAR, LATEST_YEAR
from tests.factories_pair_work import active_pairs, meeting, plan_with_rows

pytestmark = pytest.mark.django_db

EDGES = [
    dt.date(1, 1, 1),
    dt.date(1899, 12, 31),
    dt.date(1900, 1, 1),
    dt.date(2100, 12, 31),
    dt.date(2101, 1, 1),
    dt.date(9999, 12, 31),
]
dates = st.one_of(st.sampled_from(EDGES), st.dates())
maybe_dates = st.one_of(st.none(), dates)
ZONES = [dt.UTC, ZoneInfo("Asia/Omsk"), ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Etc/GMT+12")]
# naive (a time as typed, in the site's zone) and aware, in zones from UTC−12 to UTC+14
datetimes = st.datetimes(timezones=st.one_of(st.none(), st.sampled_from(ZONES)))

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _sane(day) -> bool:
    return day is None or EARLIEST_YEAR <= day.year <= LATEST_YEAR


def _try(call):
    """Run one service call in a savepoint that is always undone (the next example starts from
    the same pair). Returns what the service returned, or None when it refused in Russian;
    anything else it raises fails the property."""
    result = None
    try:
        with transaction.atomic():
            result = call()
            _check_stored()
            transaction.set_rollback(True)
    except (DomainError, ValidationError):
        return None
    return result


def _check_stored():
    for pairing in Pairing.objects.all():
        assert all(_sane(d) for d in (pairing.ended_on, pairing.notice_on, pairing.starts_on)), (
            pairing
        )
    for row in PlanActivity.objects.all():
        assert all(_sane(d) for d in (row.starts_on, row.due_on, row.done_on)), row
    assert all(_sane(r.on) for r in FeedbackRound.objects.all())


@pytest.fixture
def pairing(programme, curator):
    return active_pairs(programme, curator, 1)[0]


@pytest.fixture
def plan(pairing):
    return plan_with_rows(pairing, 1)


@pytest.fixture
def planned(pairing):
    return meeting(pairing)


@PROPERTY
@given(notice_on=maybe_dates, on=maybe_dates)
@example(notice_on=dt.date(9999, 12, 31), on=None)
@example(notice_on=dt.date(2100, 12, 31), on=None)
@example(notice_on=dt.date(1, 1, 1), on=dt.date(2024, 10, 1))
def test_the_mentor_ending_early_with_any_dates_ends_or_refuses_in_russian(pairing, notice_on, on):
    _try(
        lambda: pair_services.pair_end_by_mentor(
            pairing=pairing, reason="перевод", notice_on=notice_on, on=on
        )
    )


@PROPERTY
@given(on=dates, notice_on=maybe_dates, by_mentor=st.booleans())
@example(on=dt.date(9999, 12, 31), notice_on=None, by_mentor=False)
@example(on=dt.date(9999, 12, 31), notice_on=dt.date(9999, 12, 30), by_mentor=True)
@example(on=dt.date(2024, 12, 1), notice_on=dt.date(1, 1, 1), by_mentor=True)
def test_the_curator_terminating_with_any_dates_ends_or_refuses_in_russian(
    pairing, on, notice_on, by_mentor
):
    _try(
        lambda: pairing_services.pairing_terminate(
            pairing=pairing, on=on, reason="перевод", by_mentor=by_mentor, notice_on=notice_on
        )
    )


@PROPERTY
@given(notice_on=dates)
def test_the_earliest_end_of_any_notice_is_a_day_or_a_refusal(notice_on):
    try:
        end = pairing_services.earliest_end(notice_on)
    except DomainError as error:
        assert "Дата уведомления: проверьте год" in error.message
    else:
        assert notice_on < end <= notice_on + dt.timedelta(days=30)


@PROPERTY
@given(starts_on=maybe_dates, due_on=maybe_dates, done_on=maybe_dates)
@example(starts_on=dt.date(1, 1, 1), due_on=dt.date(1, 2, 1), done_on=dt.date(1, 1, 1))
def test_a_plan_row_and_its_mark_with_any_dates_are_saved_or_refused_in_russian(
    plan, starts_on, due_on, done_on
):
    row = plan.activities.get()
    _try(
        lambda: plan_services.plan_activity_save(
            plan=plan,
            content="Консультация",
            kind="consultation",
            starts_on=starts_on,
            due_on=due_on,
            responsible="both",
        )
    )
    _try(
        lambda: plan_services.plan_activity_save(
            plan=plan,
            activity=row,
            content="Консультация",
            kind="consultation",
            starts_on=starts_on,
            due_on=due_on,
            responsible="both",
        )
    )
    _try(lambda: plan_services.plan_activity_mark(activity=row, done_on=done_on))


@PROPERTY
@given(starts_at=datetimes)
@example(starts_at=dt.datetime(1, 1, 1, 0, 0))
@example(starts_at=dt.datetime(1, 1, 1, 0, 0, tzinfo=ZoneInfo("Asia/Omsk")))
@example(starts_at=dt.datetime(9999, 12, 31, 23, 59, tzinfo=ZoneInfo("Etc/GMT+12")))
@example(starts_at=dt.datetime(2024, 9, 10, 14, 0))
def test_a_meeting_at_any_time_is_planned_or_refused_in_russian(pairing, planned, starts_at):
    def create():
        made, _warning = meeting_services.meeting_create(
            pairing=pairing,
            kind="organisational",
            starts_at=starts_at,
            place="Кабинет",
            topic="Знакомство",
            by=None,
        )
        made.refresh_from_db()
        assert made.starts_at.tzinfo is not None
        return made

    def update():
        changed, _warning = meeting_services.meeting_update(
            meeting=planned,
            kind="organisational",
            starts_at=starts_at,
            place="Кабинет",
            topic="Знакомство",
        )
        changed.refresh_from_db()
        assert changed.starts_at.tzinfo is not None
        return changed

    _try(create)
    _try(update)


@PROPERTY
@given(
    listed=st.lists(dates, max_size=4),
    every_weeks=st.one_of(st.none(), st.integers(min_value=1, max_value=26)),
    starts_on=maybe_dates,
    ends_on=maybe_dates,
)
@example(listed=[], every_weeks=1, starts_on=dt.date(1, 1, 1), ends_on=dt.date(9999, 12, 31))
@example(listed=[], every_weeks=1, starts_on=dt.date(2100, 12, 1), ends_on=dt.date(2100, 12, 31))
@example(listed=[dt.date(9999, 12, 31)], every_weeks=None, starts_on=None, ends_on=None)
def test_the_feedback_schedule_with_any_dates_is_saved_or_refused_in_russian(
    programme, listed, every_weeks, starts_on, ends_on
):
    def save():
        try:
            return feedback_services.feedback_schedule_save(
                programme=programme,
                dates=listed,
                every_weeks=every_weeks,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        except DomainError as error:
            out_of_range = [d for d in (*listed, starts_on, ends_on) if not _sane(d)]
            # a year out of range is named as such, never as «too many dates»
            assert not out_of_range or "проверьте год" in error.message, error.message
            raise

    _try(save)


@PROPERTY
@given(starts_on=dates, weeks=st.integers(min_value=1, max_value=26))
@example(starts_on=dt.date(9999, 12, 25), weeks=1)
def test_every_n_weeks_never_steps_past_the_last_date(starts_on, weeks):
    days = feedback_services.every_n_weeks(starts_on, dt.date.max, weeks)
    assert days[0] == starts_on and all(d <= dt.date.max for d in days)
