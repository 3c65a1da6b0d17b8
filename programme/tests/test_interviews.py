import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programme.exceptions import DomainError
from programme.models import Interview, MentorProfile
from programme.models.bases import MentorStatus
from programme.services import interviews as services
from tests.factories import MentorProfileFactory, StaffMemberFactory
from tests.factories_assessment import InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(programme):
    return MentorProfileFactory(programme=programme, status=MentorStatus.CANDIDATE)


def post_interview(client, programme, mentor, **data):
    return client.post(
        reverse("programme:interview_create", args=[programme.pk]),
        {"mentor": mentor.pk, "date": "2024-03-20", "notes": "Беседа", **data},
        follow=True,
    )


def test_recommended_candidate_moves_to_training_and_the_message_says_so(
    curator_client, programme, candidate, org
):
    psychologist = StaffMemberFactory(organisation=org, position="psiholog")

    response = post_interview(
        curator_client, programme, candidate, conclusion="recommended", panel=[psychologist.pk]
    )

    candidate.refresh_from_db()
    assert candidate.status == MentorStatus.TRAINING
    assert candidate.status_changed_at is not None
    assert "«кандидат» → «обучение»" in response.content.decode()
    assert list(Interview.objects.get().panel.all()) == [psychologist]
    assert programme.activities.get(code="4.2").status == "in_progress"


def test_not_recommended_candidate_becomes_not_recommended(curator_client, programme, candidate):
    post_interview(curator_client, programme, candidate, conclusion="rejected")

    candidate.refresh_from_db()
    assert candidate.status == MentorStatus.REJECTED


def test_recommended_with_conditions_needs_the_conditions(curator_client, programme, candidate):
    response = post_interview(curator_client, programme, candidate, conclusion="conditional")

    assert "Укажите условия" in response.content.decode()
    assert not Interview.objects.exists()
    candidate.refresh_from_db()
    assert candidate.status == MentorStatus.CANDIDATE

    post_interview(
        curator_client,
        programme,
        candidate,
        conclusion="conditional",
        conditions="Пройти курсы по наставничеству",
    )
    candidate.refresh_from_db()
    assert candidate.status == MentorStatus.TRAINING


def test_interview_without_a_conclusion_puts_the_candidate_at_the_interview_stage(
    programme, candidate
):
    services.interview_record(
        programme=programme, mentor=candidate, date="2024-03-20", conclusion=""
    )

    candidate.refresh_from_db()
    assert candidate.status == MentorStatus.INTERVIEW


def test_interview_does_not_demote_a_mentor_already_working(programme):
    mentor = MentorProfileFactory(programme=programme, status=MentorStatus.MENTOR)

    services.interview_record(
        programme=programme, mentor=mentor, date="2024-03-20", conclusion="rejected"
    )

    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.MENTOR


def test_panel_member_of_another_organisation_is_refused(programme, candidate, other_org):
    stranger = StaffMemberFactory(organisation=other_org)

    with pytest.raises(DomainError, match="только сотрудников этой организации"):
        services.interview_record(
            programme=programme,
            mentor=candidate,
            date="2024-03-20",
            panel=[stranger],
            conclusion="recommended",
        )
    assert not Interview.objects.exists()


def test_editing_the_conclusion_moves_the_status_again(curator_client, programme, candidate):
    interview = InterviewFactory(mentor=candidate, conclusion="")

    curator_client.post(
        reverse("programme:interview_edit", args=[programme.pk, interview.pk]),
        {"mentor": candidate.pk, "date": "2024-03-21", "conclusion": "rejected"},
    )

    candidate.refresh_from_db()
    assert candidate.status == MentorStatus.REJECTED


def test_interview_list_query_count_is_the_same_for_10_and_100_interviews(
    curator_client, programme, org
):
    panel = StaffMemberFactory.create_batch(3, organisation=org)

    def add(count):
        for _ in range(count):
            interview = InterviewFactory(
                mentor=MentorProfileFactory(programme=programme), conclusion="recommended"
            )
            interview.panel.set(panel)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = curator_client.get(reverse("programme:interview_list", args=[programme.pk]))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add(10)
    with_10 = queries()
    add(90)
    assert queries() == with_10
    assert MentorProfile.objects.count() == 100


def test_dashboard_counts_interviews_of_candidates(curator_client, programme, candidate):
    MentorProfileFactory(programme=programme)
    InterviewFactory(mentor=candidate, conclusion="recommended")

    response = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))

    assert "собеседований 1 из 2 кандидатов" in response.content.decode()
