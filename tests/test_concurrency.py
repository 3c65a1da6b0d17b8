"""«Create once», by the database: the same action from several connections at the same moment
(a double click, the link open on a phone and a computer, two curators) leaves one record and
no error page.

Runs on PostgreSQL, where requests really run side by side (SQLite has one writer at a time, so
there is no race to show there). Each case starts its calls together behind a barrier, several
people at once, and is repeated: without the constraint, lock or upsert the duplicates (or the
IntegrityError 500s) show up in nearly every run.
"""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from programme.models import (
    Attendance,
    EventInvitee,
    Interview,
    MenteeProfile,
    MenteeRequest,
    Score,
    TrainingCompletion,
)
from programme.services import assessment, bases, events, interviews, training
from surveys.models import Consent, ConsentChannel, ConsentKind, Invitation, Questionnaire
from surveys.services import consents, invitations
from surveys.services.self_assessment import self_assessment_questionnaire
from tests.factories import (
    CompetencyFactory,
    MentorProfileFactory,
    ProgrammeFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.factories_assessment import (
    AssessmentParameterFactory,
    AssessmentRoundFactory,
    TrainingSessionFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers are a PostgreSQL matter"
    ),
]

AT_ONCE = 4  # calls racing for each person (the issue saw 4 simultaneous consent POSTs)
PEOPLE = 5


def at_once(calls) -> list[BaseException]:
    """Run the calls in threads started together; each thread has its own connection."""
    start = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            start.wait()
            call()
        except BaseException as error:  # every failure is reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_the_same_consent_given_at_once_leaves_one_valid_consent():
    programme = ProgrammeFactory()
    people = [StaffMemberFactory(organisation=programme.organisation) for _ in range(PEOPLE)]

    def give(person):
        return lambda: consents.consent_give(
            staff=person, kind=ConsentKind.PROCESSING, channel=ConsentChannel.ONLINE
        )

    errors = at_once([give(p) for p in people for _ in range(AT_ONCE)])

    assert errors == []
    for person in people:
        valid = Consent.objects.filter(staff=person, kind="processing", withdrawn_at__isnull=True)
        assert valid.count() == 1


def test_the_same_people_invited_at_once_get_one_open_link_each():
    programme = ProgrammeFactory()
    questionnaire = programme.questionnaires.get(kind="mentee_intake")
    people = [StaffMemberFactory(organisation=programme.organisation) for _ in range(PEOPLE)]
    curator = UserFactory(organisation=programme.organisation, role="curator")

    def invite():
        invitations.invitations_create(
            questionnaire=questionnaire,
            staff=people,
            by=curator,
            expires_at=timezone.now() + dt.timedelta(days=30),
        )

    assert at_once([invite for _ in range(AT_ONCE)]) == []
    for person in people:
        assert Invitation.objects.filter(questionnaire=questionnaire, staff=person).count() == 1


def test_a_third_party_link_asked_twice_at_once_is_one_link():
    programme = ProgrammeFactory()
    questionnaire = programme.questionnaires.get(kind="third_party")
    psychologist = StaffMemberFactory(organisation=programme.organisation)
    subjects = [StaffMemberFactory(organisation=programme.organisation) for _ in range(PEOPLE)]

    def ask(subject):
        return lambda: invitations.third_party_invitation(
            questionnaire=questionnaire, author=psychologist, subject=subject, by=None
        )

    assert at_once([ask(s) for s in subjects for _ in range(AT_ONCE)]) == []
    for subject in subjects:
        assert Invitation.objects.filter(staff=psychologist, subject=subject).count() == 1


def test_mentee_profiles_made_from_answers_at_once_are_one_profile_with_each_request_once():
    programme = ProgrammeFactory()
    competency = CompetencyFactory(organisation=programme.organisation)
    people = [StaffMemberFactory(organisation=programme.organisation) for _ in range(PEOPLE)]

    # Her own intake and a psychologist's input arrive together, both asking for the same help.
    def upsert(person, source):
        return lambda: bases.mentee_profile_upsert(
            programme=programme,
            staff=person,
            source=source,
            category="young",
            requests=[(competency, 1, "")],
        )

    calls = [
        upsert(p, source) for p in people for source in ("own", "third_party") * (AT_ONCE // 2)
    ]
    assert at_once(calls) == []
    for person in people:
        assert MenteeProfile.objects.filter(programme=programme, staff=person).count() == 1
        assert MenteeRequest.objects.filter(mentee__staff=person).count() == 1


def test_training_attendance_saved_at_once_marks_each_mentor_once():
    programme = ProgrammeFactory()
    mentors = [MentorProfileFactory(programme=programme) for _ in range(PEOPLE)]
    sessions = [TrainingSessionFactory(programme=programme) for _ in range(3)]

    def save(session):
        return lambda: training.attendance_save(
            session=session, attended_mentor_ids=[m.pk for m in mentors]
        )

    assert at_once([save(s) for s in sessions for _ in range(AT_ONCE)]) == []
    for session in sessions:
        assert Attendance.objects.filter(session=session, attended=True).count() == PEOPLE


def test_event_invitees_saved_at_once_are_each_invited_once():
    programme = ProgrammeFactory()
    people = [StaffMemberFactory(organisation=programme.organisation) for _ in range(PEOPLE)]
    event = events.event_create(
        programme=programme,
        kind="informing",
        title="Информирование",
        starts_at=timezone.make_aware(dt.datetime(programme.year, 2, 5, 10)),
    )

    def save():
        events.event_set_invitees(event=event, staff=people)

    assert at_once([save for _ in range(AT_ONCE * 2)]) == []
    assert EventInvitee.objects.filter(event=event).count() == PEOPLE


def test_assessment_scores_saved_at_once_leave_one_score_per_cell():
    programme = ProgrammeFactory()
    round_ = AssessmentRoundFactory(programme=programme)
    parameters = [AssessmentParameterFactory(programme=programme) for _ in range(3)]
    people = [StaffMemberFactory(organisation=programme.organisation) for _ in range(PEOPLE)]
    for person in people:
        bases.mentee_profile_upsert(programme=programme, staff=person, source="curator")
    grid = {(s.pk, p.pk): "4" for s in people for p in parameters}

    def save():
        assessment.save_scores(round=round_, scope="mentees", grid=grid)

    assert at_once([save for _ in range(AT_ONCE * 2)]) == []
    assert Score.objects.filter(round=round_).count() == PEOPLE * len(parameters)


def test_a_self_assessment_started_twice_at_once_is_one_questionnaire():
    programme = ProgrammeFactory()
    round_ = AssessmentRoundFactory(programme=programme)
    AssessmentParameterFactory(programme=programme)

    def start():
        self_assessment_questionnaire(round=round_, scope="mentees")

    assert at_once([start for _ in range(AT_ONCE * 2)]) == []
    made = Questionnaire.objects.filter(assessment_round=round_, assessment_scope="mentees")
    assert made.count() == 1
    assert made.get().versions.count() == 1


def test_an_interview_saved_twice_at_once_is_one_interview():
    programme = ProgrammeFactory()
    mentors = [MentorProfileFactory(programme=programme) for _ in range(PEOPLE)]

    def record(mentor):
        return lambda: interviews.interview_record(
            programme=programme, mentor=mentor, date=dt.date(programme.year, 3, 20)
        )

    assert at_once([record(m) for m in mentors for _ in range(AT_ONCE)]) == []
    for mentor in mentors:
        assert Interview.objects.filter(mentor=mentor).count() == 1


def test_a_training_mark_given_twice_at_once_is_one_mark():
    programme = ProgrammeFactory()
    mentors = [MentorProfileFactory(programme=programme) for _ in range(PEOPLE)]

    def mark(mentor):
        return lambda: training.training_mark(mentor=mentor, by=None)

    assert at_once([mark(m) for m in mentors for _ in range(AT_ONCE)]) == []
    assert TrainingCompletion.objects.filter(mentor__in=mentors).count() == PEOPLE


def test_submit_pressed_twice_at_once_stores_one_response_and_thanks_both_times():
    from django.test import Client
    from django.urls import reverse

    from surveys.models import Response
    from surveys.services import responses
    from surveys.tests.test_consent import fill_required

    programme = ProgrammeFactory()
    questionnaire = programme.questionnaires.get(kind="satisfaction")
    version = questionnaire.versions.get()
    people = [StaffMemberFactory(organisation=programme.organisation) for _ in range(PEOPLE)]
    created, _ = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=people,
        by=None,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    posts = []
    for invitation in created:
        consents.consent_give(
            staff=invitation.staff, kind=ConsentKind.PROCESSING, channel=ConsentChannel.ONLINE
        )
        data = fill_required(version, {})
        sections = list(version.sections.order_by("order"))
        earlier = {
            k: v
            for k, v in data.items()
            if version.questions.get(pk=k).section_id != sections[-1].pk
        }
        responses.save_answers(invitation=invitation, data=earlier)
        post = {"action": "submit"}
        for q in version.questions.filter(section=sections[-1]):
            if q.pk in data:
                post[f"q{q.pk}"] = {True: "yes", False: "no"}.get(data[q.pk], data[q.pk])
        token = invitations.invitation_token(invitation)
        url = reverse("surveys:fill", args=[token]) + f"?section={len(sections)}"
        posts.append((url, post))
    statuses: list[tuple[int, str]] = []

    def click(url, post):
        def run():
            page = Client().post(url, post)
            statuses.append((page.status_code, page.content.decode()))

        return run

    assert at_once([click(url, post) for url, post in posts for _ in range(2)]) == []
    for status, text in statuses:
        assert status in (200, 302), status
        assert "Ссылка не действует" not in text
        if status == 200:
            assert "Ответы уже получены" in text
    assert Response.objects.filter(status="submitted").count() == PEOPLE
