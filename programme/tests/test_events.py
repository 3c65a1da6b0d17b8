import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programme import services
from programme.models import Event, EventAttachment
from programme.models.roadmap import ActivityStatus
from tests.factories import StaffMemberFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()  # a PDF that opens: uploads are checked with pypdf


@pytest.fixture
def event(programme, org):
    staff = StaffMemberFactory.create_batch(3, organisation=org)
    return services.event_create(
        programme=programme,
        kind="informing",
        title="Педагогический час",
        starts_at=timezone.make_aware(dt.datetime(2024, 2, 5, 13, 30)),
        place="Методический кабинет",
        invitees=staff,
        guests=[{"full_name": "Гостева Анна", "organisation_name": "ОмГПУ", "position": ""}],
    )


def url(name, event, *extra):
    return reverse(f"programme:{name}", args=[event.programme_id, event.pk, *extra])


def test_curator_creates_an_informing_event_linked_to_activity_1_1(curator_client, programme, org):
    invited = StaffMemberFactory.create_batch(2, organisation=org)

    response = curator_client.post(
        reverse("programme:event_create", args=[programme.pk]),
        {
            "kind": "informing",
            "title": "Запуск программы наставничества",
            "starts_at": "2024-02-05T13:30",
            "place": "Музыкальный зал",
            "invitees": [m.pk for m in invited],
            "guests-TOTAL_FORMS": "2",
            "guests-INITIAL_FORMS": "0",
            "guests-0-full_name": "Партнёрова Ирина",
            "guests-0-organisation_name": "Школа № 5",
            "guests-1-full_name": "",
        },
    )

    event = Event.objects.get(title="Запуск программы наставничества")
    assert response.status_code == 302
    assert event.activity.code == "1.1"
    assert event.invitees.count() == 2
    assert list(event.guests.values_list("full_name", flat=True)) == ["Партнёрова Ирина"]
    assert timezone.localtime(event.starts_at).hour == 13
    assert programme.activities.get(code="1.1").status == ActivityStatus.IN_PROGRESS


def test_guest_row_with_organisation_but_no_name_is_refused_with_typed_values_kept(
    curator_client, programme
):
    response = curator_client.post(
        reverse("programme:event_create", args=[programme.pk]),
        {
            "kind": "partners",
            "title": "Встреча с партнёрами",
            "starts_at": "2024-02-12T10:00",
            "guests-TOTAL_FORMS": "1",
            "guests-INITIAL_FORMS": "0",
            "guests-0-organisation_name": "Колледж",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Укажите ФИО гостя" in content
    assert "Встреча с партнёрами" in content
    assert not Event.objects.filter(title="Встреча с партнёрами").exists()


def test_recording_minutes_marks_the_activity_done_with_the_event_as_evidence(
    curator_client, event
):
    response = curator_client.post(url("event_minutes", event), {"minutes": "Решили начать."})

    activity = event.programme.activities.get(code="1.1")
    event.refresh_from_db()
    assert response.status_code == 302
    assert event.minutes == "Решили начать." and event.minutes_recorded_at
    assert activity.status == ActivityStatus.DONE
    assert activity.completed_on == dt.date(2024, 2, 5)
    assert activity.evidence_url == url("event_detail", event)
    assert "Педагогический час" in activity.evidence_label


def test_empty_minutes_are_refused_in_russian(curator_client, event):
    response = curator_client.post(url("event_minutes", event), {"minutes": "   "}, follow=True)

    assert "Протокол не может быть пустым." in response.content.decode()
    assert event.programme.activities.get(code="1.1").status != ActivityStatus.DONE


def test_attendance_marks_are_saved(curator_client, event):
    present = event.invitees.first()
    guest = event.guests.get()

    curator_client.post(
        url("event_attendance", event), {"staff": [present.staff_id], "guest": [guest.pk]}
    )

    marks = dict(event.invitees.values_list("staff_id", "attended"))
    assert marks.pop(present.staff_id) is True
    assert set(marks.values()) == {False}
    guest.refresh_from_db()
    assert guest.attended is True


def test_attachment_is_stored_and_downloaded_only_through_the_app(curator_client, event):
    curator_client.post(
        url("event_attachment_add", event),
        {"title": "Протокол", "file": SimpleUploadedFile("protocol.pdf", PDF)},
    )

    attachment = EventAttachment.objects.get()
    response = curator_client.get(url("event_attachment_download", event, attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024 + 1), "слишком большой"),
        ("virus.exe", b"MZ\x90\x00", "можно загружать только"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "не соответствует расширению"),
    ],
)
def test_attachment_over_the_limit_or_of_a_forbidden_type_is_refused(
    curator_client, event, name, content, message
):
    response = curator_client.post(
        url("event_attachment_add", event),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )

    assert message in response.content.decode()
    assert not EventAttachment.objects.exists()


def test_curator_of_another_organisation_gets_404_on_events(other_curator_client, event):
    attachment = services.event_add_attachment(event=event, upload=SimpleUploadedFile("p.pdf", PDF))

    pages = [
        reverse("programme:event_list", args=[event.programme_id]),
        reverse("programme:event_create", args=[event.programme_id]),
        url("event_detail", event),
        url("event_edit", event),
        url("event_attachment_download", event, attachment.pk),
    ]
    for page in pages:
        assert other_curator_client.get(page).status_code == 404, page
    response = other_curator_client.post(url("event_minutes", event), {"minutes": "Чужой"})
    assert response.status_code == 404


def test_teacher_cannot_open_events(teacher_client, event):
    assert teacher_client.get(url("event_detail", event)).status_code == 403


def test_dashboard_shows_the_event_as_progress_of_1_1(curator_client, event):
    services.event_mark_attendance(
        event=event,
        attended_staff_ids=[event.invitees.first().staff_id],
        attended_guest_ids=[],
    )

    response = curator_client.get(reverse("programme:dashboard", args=[event.programme_id]))

    assert "событие 05.02.2024, присутствовали 1 из 3" in response.content.decode()


def test_event_list_query_count_is_the_same_for_10_and_300_events(curator_client, programme):
    def add(count):
        Event.objects.bulk_create(
            Event(
                programme=programme,
                kind="other",
                title=f"Событие {i}",
                starts_at=timezone.now(),
            )
            for i in range(count)
        )

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = curator_client.get(reverse("programme:event_list", args=[programme.pk]))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add(10)
    with_10 = queries()
    add(290)
    assert queries() == with_10
