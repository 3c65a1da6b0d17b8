import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programme.models import Attendance, Material, TrainingCompletion, TrainingSession
from programme.models.bases import MentorStatus
from programme.services import training as services
from programme.services.interviews import interview_record
from tests.factories import MentorProfileFactory
from tests.factories_assessment import ExpertFactory, TrainingSessionFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()  # a PDF that opens: uploads are checked with pypdf


@pytest.fixture
def trainee(programme):
    return MentorProfileFactory(programme=programme, status=MentorStatus.TRAINING)


def save_session(client, programme, attended, session=None, **data):
    if session is None:
        url = reverse("programme:session_create", args=[programme.pk])
    else:
        url = reverse("programme:session_edit", args=[programme.pk, session.pk])
    return client.post(
        url,
        {"date": "2024-04-03", "topic": "Роль наставника", "attended": attended, **data},
        follow=True,
    )


def test_mentor_who_attended_the_required_sessions_becomes_ready(
    curator_client, programme, trainee
):
    services.training_settings_update(programme=programme, rule="sessions", min_sessions=2)
    behind = MentorProfileFactory(programme=programme, status=MentorStatus.TRAINING)

    save_session(curator_client, programme, [trainee.pk, behind.pk])
    trainee.refresh_from_db()
    assert trainee.status == MentorStatus.TRAINING

    response = save_session(curator_client, programme, [trainee.pk])

    trainee.refresh_from_db()
    behind.refresh_from_db()
    assert trainee.status == MentorStatus.READY
    assert trainee.status_changed_at is not None
    assert behind.status == MentorStatus.TRAINING  # one session of two: stays in training
    assert "статус «готов»" in response.content.decode()
    assert Attendance.objects.filter(mentor=trainee, attended=True).count() == 2


def test_attendance_of_a_candidate_counts_once_the_interview_recommends_them(programme):
    services.training_settings_update(programme=programme, rule="sessions", min_sessions=1)
    candidate = MentorProfileFactory(programme=programme, status=MentorStatus.CANDIDATE)
    session = TrainingSessionFactory(programme=programme)
    services.attendance_save(session=session, attended_mentor_ids=[candidate.pk])
    candidate.refresh_from_db()
    assert candidate.status == MentorStatus.CANDIDATE

    interview_record(
        programme=programme, mentor=candidate, date=dt.date(2024, 3, 1), conclusion="recommended"
    )

    candidate.refresh_from_db()
    assert candidate.status == MentorStatus.READY


def test_under_the_mark_rule_only_the_curators_mark_completes_training(
    curator_client, programme, trainee
):
    services.training_settings_update(programme=programme, rule="mark", min_sessions=1)
    save_session(curator_client, programme, [trainee.pk])
    trainee.refresh_from_db()
    assert trainee.status == MentorStatus.TRAINING

    response = curator_client.post(
        reverse("programme:training_mark", args=[programme.pk, trainee.pk]), follow=True
    )

    trainee.refresh_from_db()
    assert trainee.status == MentorStatus.READY
    assert TrainingCompletion.objects.get(mentor=trainee).marked_by.username == "alice"
    assert "Статус — «готов»" in response.content.decode()


def test_taking_the_mark_back_returns_the_mentor_to_training(curator_client, programme, trainee):
    services.training_settings_update(programme=programme, rule="mark", min_sessions=1)
    url = reverse("programme:training_mark", args=[programme.pk, trainee.pk])
    curator_client.post(url)

    curator_client.post(url, {"undo": "1"})

    trainee.refresh_from_db()
    assert trainee.status == MentorStatus.TRAINING
    assert not TrainingCompletion.objects.exists()


def test_changing_the_rule_completes_those_who_already_meet_it(programme, trainee):
    services.training_settings_update(programme=programme, rule="sessions", min_sessions=3)
    session = TrainingSessionFactory(programme=programme)
    services.attendance_save(session=session, attended_mentor_ids=[trainee.pk])

    _settings, ready = services.training_settings_update(
        programme=programme, rule="sessions", min_sessions=1
    )

    assert ready == [trainee]
    trainee.refresh_from_db()
    assert trainee.status == MentorStatus.READY


def test_session_is_saved_with_expert_and_materials_and_attendance_can_be_unticked(
    curator_client, programme, trainee, org
):
    expert = ExpertFactory(organisation=org)
    material = services.material_add(programme=programme, url="https://example.ru/a.pdf")
    save_session(curator_client, programme, [trainee.pk], expert=expert.pk, materials=[material.pk])
    session = TrainingSession.objects.get()
    assert session.expert == expert
    assert list(session.materials.all()) == [material]

    save_session(curator_client, programme, [], session=session, expert=expert.pk)

    assert not Attendance.objects.get(session=session, mentor=trainee).attended
    assert programme.activities.get(code="4.4").status == "in_progress"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.pdf", b"%PDF" + b"0" * (20 * 1024 * 1024 + 1), "слишком большой"),
        ("setup.exe", b"MZ\x90\x00", "можно загружать только"),
        ("slides.pptx", b"MZ\x90\x00 not a zip", "не соответствует расширению"),
    ],
)
def test_material_over_20_mb_or_of_a_forbidden_type_is_refused_and_nothing_is_saved(
    curator_client, programme, name, content, message
):
    response = curator_client.post(
        reverse("programme:material_list", args=[programme.pk]),
        {"title": "Материал", "file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Material.objects.exists()


def test_material_needs_a_file_or_a_link_not_both(curator_client, programme):
    url = reverse("programme:material_list", args=[programme.pk])

    neither = curator_client.post(url, {"title": "Пусто"})
    both = curator_client.post(
        url,
        {
            "title": "Оба",
            "url": "https://example.ru/x",
            "file": SimpleUploadedFile("m.pdf", PDF),
        },
    )

    assert "что-то одно" in neither.content.decode()
    assert "что-то одно" in both.content.decode()
    assert not Material.objects.exists()


def test_material_file_is_stored_and_downloaded_only_through_the_app(curator_client, programme):
    curator_client.post(
        reverse("programme:material_list", args=[programme.pk]),
        {"title": "Методичка", "file": SimpleUploadedFile("metodichka.pdf", PDF)},
    )

    material = Material.objects.get()
    assert material.file.name.startswith(f"materials/{programme.organisation_id}/")
    response = curator_client.get(
        reverse("programme:material_download", args=[programme.pk, material.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_curator_adds_an_expert_of_their_organisation(curator_client, programme):
    curator_client.post(
        reverse("programme:expert_list", args=[programme.pk]),
        {"full_name": "Кравцова  Марина Олеговна", "organisation_name": "ИРООО"},
    )

    expert = programme.organisation.experts.get()
    assert expert.full_name == "Кравцова Марина Олеговна"
    assert programme.activities.get(code="4.3").status == "in_progress"


def test_session_list_query_count_is_the_same_for_10_and_100_sessions(
    curator_client, programme, org
):
    expert = ExpertFactory(organisation=org)
    material = services.material_add(programme=programme, url="https://example.ru/a.pdf")
    mentors = MentorProfileFactory.create_batch(3, programme=programme)

    def add(count):
        for _ in range(count):
            session = TrainingSessionFactory(programme=programme, expert=expert)
            session.materials.set([material])
            Attendance.objects.bulk_create(
                Attendance(session=session, mentor=m, attended=True) for m in mentors
            )

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = curator_client.get(reverse("programme:training_home", args=[programme.pk]))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add(10)
    with_10 = queries()
    add(90)
    assert queries() == with_10


def test_dashboard_shows_training_progress(curator_client, programme, trainee):
    MentorProfileFactory(programme=programme, status=MentorStatus.READY)
    TrainingSessionFactory(programme=programme, date=dt.date(2024, 4, 3))

    response = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))

    content = response.content.decode()
    assert "занятий проведено 1; готовы 1 из 2" in content
