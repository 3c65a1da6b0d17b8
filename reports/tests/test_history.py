"""A teacher's history across programmes (7.7), linked from her staff card: the pairs she led
or took part in with their outcomes, her nominations, her deltas — for the managers only, in a
fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from pairing.services import outcomes as outcome_services
from programme.services import programme_copy_to_next_year
from reports.models import Award, Nomination
from tests.factories_assessment import (
    AssessmentParameterFactory,
    AssessmentRoundFactory,
    ScoreFactory,
)
from tests.factories_pair_work import active_pairs, held, mentee_of


def _confirmed(pairing, curator, result="full"):
    outcome_services.outcome_record(
        pairing=pairing, by=curator, result=result, conclusion="Провела открытое занятие"
    )
    outcome_services.outcome_confirm(pairing=pairing, by=curator)


@pytest.fixture
def pairs(programme, curator):
    made = active_pairs(programme, curator, 2)
    held(made[0], "final", dt.date(2025, 4, 30))
    _confirmed(made[0], curator)
    return made


def _history(client, staff):
    return client.get(reverse("reports:history", args=[staff.pk]))


def test_the_staff_card_links_to_the_history(curator_client, pairs):
    staff = pairs[0].mentor.staff
    card = curator_client.get(reverse("programme:staff_edit", args=[staff.pk])).content.decode()
    assert reverse("reports:history", args=[staff.pk]) in card


def test_the_history_shows_pairs_outcomes_awards_and_deltas(
    programme, curator, curator_client, pairs
):
    mentor = pairs[0].mentor.staff
    mentee = mentee_of(pairs[0])
    nomination = Nomination.objects.create(
        programme=programme, kind="best_mentor", title="Лучший наставник"
    )
    Award.objects.create(nomination=nomination, staff=mentor, citation="За терпение")
    parameter = AssessmentParameterFactory(
        programme=programme, name="Планирование занятий", applies_to="mentors"
    )
    baseline = AssessmentRoundFactory(programme=programme, kind="baseline")
    final = AssessmentRoundFactory(programme=programme, kind="final", date=dt.date(2025, 5, 20))
    ScoreFactory(round=baseline, parameter=parameter, staff=mentor, value=2)
    ScoreFactory(round=final, parameter=parameter, staff=mentor, value=5)

    page = _history(curator_client, mentor).content.decode()

    assert mentee.short_name.replace(" ", "\u00a0") in page or mentee.short_name in page
    assert "наставник" in page and "завершена" in page
    assert "цель достигнута полностью" in page and "Провела открытое занятие" in page
    assert "Лучший наставник" in page and "За терпение" in page
    assert "Планирование занятий" in page and "+3" in page

    mentee_page = _history(curator_client, mentee).content.decode()
    assert "наставляемый" in mentee_page and "цель достигнута полностью" in mentee_page


def test_the_history_spans_programmes(programme, curator, curator_client, pairs):
    mentor = pairs[0].mentor
    mentor.long_term_agreed = True
    mentor.save()
    new = programme_copy_to_next_year(programme=programme)
    page = _history(curator_client, mentor.staff).content.decode()
    assert str(programme.year) in page
    assert new.mentors.filter(staff=mentor.staff).exists()


def test_the_history_is_for_the_kindergartens_managers_only(
    pairs, other_curator_client, regional_client, teacher_client, head_client
):
    staff = pairs[0].mentor.staff
    assert _history(head_client, staff).status_code == 200
    assert _history(other_curator_client, staff).status_code == 404
    assert _history(regional_client, staff).status_code == 403
    assert _history(teacher_client, staff).status_code == 403


def test_the_history_reads_in_a_fixed_number_of_queries(programme, curator, curator_client):
    """The same number of queries for a history of one pair and of six."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pairing.models import Pairing

    pairs = active_pairs(programme, curator, 6)
    held(pairs[0], "final", dt.date(2025, 4, 30))
    _confirmed(pairs[0], curator)
    mentor = pairs[0].mentor
    _history(curator_client, mentor.staff)  # warm: the session, the user
    with CaptureQueriesContext(connection) as small:
        assert _history(curator_client, mentor.staff).status_code == 200

    Pairing.objects.filter(pk__in=[p.pk for p in pairs[1:]]).update(mentor=mentor)
    with CaptureQueriesContext(connection) as large:
        page = _history(curator_client, mentor.staff)
    assert page.content.decode().count("data-pair-row") == 6
    assert len(large.captured_queries) == len(small.captured_queries)
