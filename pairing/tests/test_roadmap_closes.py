"""Stage 6 of the roadmap closes from the records (issue 21 §4.6), as 6.7 closes with its
event's minutes: each of 6.1–6.6 and 6.8 is marked done, with the page that proves it, when the
data says so — and not a pair earlier."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pairing.models import GoalResult
from pairing.selectors.roadmap import pairs_finished
from pairing.services import feedback as feedback_services
from pairing.services import outcomes as outcome_services
from pairing.services import pairings as pairing_services
from pairing.services.roadmap import pair_work_roadmap_close
from programme.models.roadmap import ActivityStatus
from surveys.models import Invitation, QuestionnaireKind
from surveys.services import responses
from surveys.tests.test_consent import fill_required
from tests.factories_pair_work import active_pairs, held, mentee_of, plan_with_rows
from tests.factories_pairing import give_processing_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pairs(programme, curator):
    return active_pairs(programme, curator, 2)


def activity(programme, code):
    return programme.activities.get(code=code)


def closed(programme, code) -> bool:
    return activity(programme, code).status == ActivityStatus.DONE


def test_6_1_closes_when_every_active_pair_held_its_organisational_meeting(programme, two_pairs):
    first, second = two_pairs
    held(first, "organisational", dt.date(2024, 9, 5))
    assert not closed(programme, "6.1")

    held(second, "organisational", dt.date(2024, 9, 6))

    row = activity(programme, "6.1")
    assert row.status == ActivityStatus.DONE
    assert row.evidence_url == reverse("pairing:overview", args=[programme.pk])
    assert "Организационная встреча проведена во всех парах" in row.evidence_label
    assert not closed(programme, "6.2")


def test_6_2_closes_with_the_trial_meeting_in_every_pair(programme, two_pairs):
    first, second = two_pairs
    held(first, "trial", dt.date(2024, 9, 12))
    assert not closed(programme, "6.2")

    held(second, "trial", dt.date(2024, 9, 13))

    assert closed(programme, "6.2")
    assert not closed(programme, "6.1")


def test_6_3_needs_the_planning_meeting_and_an_approved_plan_in_every_pair(
    programme, two_pairs, curator
):
    first, second = two_pairs
    held(first, "planning", dt.date(2024, 9, 19))
    held(second, "planning", dt.date(2024, 9, 19))
    plan_with_rows(first, approve_by=curator)
    assert not closed(programme, "6.3")  # the second pair's plan is not approved

    plan_with_rows(second, approve_by=curator)

    assert closed(programme, "6.3")
    assert activity(programme, "6.3").evidence_url.endswith(f"/programmes/{programme.pk}/pairs/")


def confirm_outcome(pairing, curator):
    outcome_services.outcome_record(
        pairing=pairing, by=None, result=GoalResult.FULL, conclusion="Цель достигнута."
    )
    outcome_services.outcome_confirm(pairing=pairing, by=curator)


def test_6_4_and_6_6_close_when_every_pair_held_regular_meetings_and_ended_with_its_outcome(
    programme, two_pairs, curator
):
    first, second = two_pairs
    for pairing in two_pairs:
        held(pairing, "regular", dt.date(2024, 10, 10))
    assert not closed(programme, "6.4")  # the pairs are still working

    held(first, "final", dt.date(2025, 5, 20))
    confirm_outcome(first, curator)
    assert not closed(programme, "6.6")
    assert pairs_finished(programme) == (1, 2)
    held(second, "final", dt.date(2025, 5, 21))

    assert closed(programme, "6.4")
    assert not closed(programme, "6.6")  # the second pair's outcome is not confirmed yet
    confirm_outcome(second, curator)
    row = activity(programme, "6.6")
    assert row.status == ActivityStatus.DONE
    assert (
        row.evidence_url == reverse("pairing:overview", args=[programme.pk]) + "?status=completed"
    )


def test_6_6_counts_a_pair_ended_early_as_ended(programme, two_pairs, curator):
    first, second = two_pairs
    held(first, "final", dt.date(2025, 5, 20))
    confirm_outcome(first, curator)
    pairing_services.pairing_terminate(
        pairing=second, on=dt.date(2025, 3, 1), reason="Увольнение наставляемой"
    )
    assert not closed(programme, "6.6")

    confirm_outcome(second, curator)  # the curator's confirmation closes 6.6 at once

    assert closed(programme, "6.6")
    assert pair_work_roadmap_close(programme=programme) == []  # the daily run: nothing more


def _answer_all(invitations):
    for invitation in invitations:
        give_processing_consent(invitation.staff)
        version = invitation.questionnaire.versions.order_by("-number").first()
        responses.save_answers(invitation=invitation, data=fill_required(version, {}), submit=True)


def test_6_5_closes_when_the_schedule_is_done_and_every_pair_was_asked(programme, two_pairs):
    feedback_services.feedback_schedule_save(
        programme=programme, dates=[dt.date(2024, 10, 1), dt.date(2024, 11, 1)]
    )
    feedback_services.feedback_send_due(today=dt.date(2024, 10, 1))
    assert pair_work_roadmap_close(programme=programme) == []  # a round is still to come

    feedback_services.feedback_send_due(today=dt.date(2024, 11, 1))
    call_command("feedback_rounds", date="2024-11-02")

    row = activity(programme, "6.5")
    assert row.status == ActivityStatus.DONE
    assert row.evidence_url == reverse("pairing:feedback", args=[programme.pk])


def test_6_8_closes_once_the_satisfaction_summary_is_out(programme, curator):
    pairings = active_pairs(programme, curator, 3)
    feedback_services.satisfaction_send(programme=programme, by=curator)
    links = list(
        Invitation.objects.filter(
            questionnaire__programme=programme,
            questionnaire__kind=QuestionnaireKind.SATISFACTION,
        )
    )
    mentees = {mentee_of(p).pk for p in pairings}
    _answer_all([i for i in links if i.staff_id in mentees][:2])
    assert pair_work_roadmap_close(programme=programme) == []  # 2 answers: nothing shown

    _answer_all([i for i in links if i.staff_id in mentees][2:])
    assert pair_work_roadmap_close(programme=programme) == []  # the mentors' links are open
    Invitation.objects.filter(pk__in=[i.pk for i in links if i.staff_id not in mentees]).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )

    assert pair_work_roadmap_close(programme=programme) == ["6.8"]
    row = activity(programme, "6.8")
    assert row.evidence_url == reverse("pairing:satisfaction", args=[programme.pk])


def test_a_row_the_curator_closed_herself_keeps_her_evidence(programme, two_pairs):
    row = activity(programme, "6.1")
    row.status = ActivityStatus.DONE
    row.evidence_label = "Протокол № 3"
    row.save()
    for pairing in two_pairs:
        held(pairing, "organisational", dt.date(2024, 9, 5))

    row.refresh_from_db()
    assert row.evidence_label == "Протокол № 3"


def test_the_dashboard_shows_the_closed_row_with_its_evidence(programme, two_pairs, curator_client):
    for pairing in two_pairs:
        held(pairing, "organisational", dt.date(2024, 9, 5))

    html = curator_client.get(reverse("programme:dashboard", args=[programme.pk])).content.decode()

    assert "Организационная встреча проведена во всех парах" in html
