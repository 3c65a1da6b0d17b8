"""Meetings of a pair: the suggested sequence, the record of how they went, the final meeting
closing the pairing, the .ics files and the personal calendar feed, the reminders."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from pairing.models import CalendarFeed, Meeting, MeetingStatus, OrderAction, Pairing, PairingStatus
from pairing.services import meetings as services
from pairing.services import orders as order_services
from programme.exceptions import DomainError
from surveys.models import Invitation, QuestionnaireKind
from tests.factories_pair_work import active_pairs, at, held, login, meeting, mentee_of

OMSK = zoneinfo.ZoneInfo("Asia/Omsk")


@pytest.fixture
def pairing(programme, curator):
    return active_pairs(programme, curator, 1)[0]


def test_a_meeting_out_of_sequence_is_planned_with_a_warning(pairing):
    client = login(pairing.mentor.staff)

    answer = client.post(
        reverse("pairing:meeting_create", args=[pairing.pk]),
        {
            "kind": "regular",
            "starts_at": "2024-09-10T15:30",
            "duration": "45",
            "topic": "Работа с родителями",
            "place": "Группа № 5",
        },
        follow=True,
    )

    made = Meeting.objects.get()
    assert made.kind == "regular" and made.created_by == pairing.mentor.staff.user
    text = answer.content.decode()
    assert "Встреча вне обычной последовательности" in text
    assert "организационная (знакомство)" in text


def test_the_first_meeting_suggested_is_the_organisational_one(pairing):
    page = login(pairing.mentor.staff).get(reverse("pairing:meeting_create", args=[pairing.pk]))

    assert page.context["form"].initial["kind"] == "organisational"
    held(pairing, "organisational", dt.date(2024, 9, 5))
    page = login(pairing.mentor.staff).get(reverse("pairing:meeting_create", args=[pairing.pk]))
    assert page.context["form"].initial["kind"] == "trial"


def test_in_sequence_there_is_no_warning(pairing):
    held(pairing, "organisational", dt.date(2024, 9, 5))

    _made, warning = services.meeting_create(
        pairing=pairing,
        kind="trial",
        starts_at=at(dt.date(2024, 9, 12)),
        place="Кабинет",
        topic="Пробная",
        by=None,
    )

    assert warning == ""


def test_a_meeting_needs_a_place_or_a_link_and_a_safe_link(pairing):
    with pytest.raises(DomainError, match="место встречи или ссылку"):
        meeting(pairing, place="")
    with pytest.raises(DomainError, match="http"):
        meeting(pairing, place="", online_url="javascript:alert(1)")


def test_a_meeting_is_recorded_only_once_its_day_has_come(pairing):
    made = meeting(pairing, day=dt.date(2024, 9, 10))

    with pytest.raises(DomainError, match="отметить её можно в этот день или позже"):
        services.meeting_record(meeting=made, held=True, today=dt.date(2024, 9, 9))


def test_the_record_keeps_notes_result_and_checked_files(pairing):
    made = meeting(pairing)

    with pytest.raises(DomainError, match="не соответствует расширению"):
        services.meeting_record(
            meeting=made, held=True, uploads=[SimpleUploadedFile("фото.png", b"not a png")]
        )
    services.meeting_record(meeting=made, held=False, notes="Наставляемая заболела")

    made.refresh_from_db()
    assert made.status == MeetingStatus.NOT_HELD and made.notes == "Наставляемая заболела"
    assert made.attachments.count() == 0


def test_the_final_meeting_held_closes_the_pairing_and_prepares_the_amendment(
    pairing, programme, curator, django_capture_on_commit_callbacks
):
    for kind, day in (("organisational", 5), ("trial", 12), ("planning", 19), ("regular", 26)):
        held(pairing, kind, dt.date(2024, 9, day))
    final = meeting(pairing, "final", dt.date(2025, 4, 30), topic="Итоги")

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_record(meeting=final, held=True, result="Цели достигнуты")

    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.COMPLETED
    assert pairing.ended_on == dt.date(2025, 4, 30)
    membership = pairing.members.select_related("mentee").get()
    assert membership.left_on == dt.date(2025, 4, 30)
    assert membership.mentee.status == "completed"
    # Completed before its term (31.05.2025): the next order records it, as a completion.
    draft = order_services.order_draft(programme=programme, by=curator)
    assert [i.action for i in draft.items.all()] == [OrderAction.COMPLETE]
    # 6.8: both are asked about the programme, once.
    asked = Invitation.objects.filter(questionnaire__kind=QuestionnaireKind.SATISFACTION)
    assert set(asked.values_list("staff_id", flat=True)) == {
        pairing.mentor.staff_id,
        membership.mentee.staff_id,
    }
    assert {tuple(m.to) for m in mail.outbox} >= {(pairing.mentor.staff.email,)}


def test_the_final_meeting_that_closed_the_pair_cannot_be_unmarked(pairing):
    final = held(pairing, "final", dt.date(2025, 4, 30))

    with pytest.raises(DomainError, match="Пара завершена этой заключительной встречей"):
        services.meeting_record(meeting=final, held=False)
    services.meeting_record(meeting=final, held=True, notes="Дополнили заметки")


# --- Calendars -----------------------------------------------------------------------------


def _events(content: bytes):
    return Calendar.from_ical(content).walk("VEVENT")


def test_the_ics_of_a_meeting_holds_its_time_in_omsk(pairing):
    made = meeting(pairing, starts_at=at(dt.date(2024, 9, 10), 15, 30), duration=45)
    client = login(mentee_of(pairing))

    answer = client.get(reverse("pairing:meeting_ics", args=[made.pk]))

    assert answer["Content-Type"].startswith("text/calendar")
    (event,) = _events(answer.content)
    start = event.decoded("dtstart")
    assert start == dt.datetime(2024, 9, 10, 15, 30, tzinfo=OMSK)
    assert start.utcoffset() == dt.timedelta(hours=6)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=45)
    assert str(start.tzinfo) == "Asia/Omsk"
    assert "Знакомство" in str(event.get("summary"))
    assert str(event.get("location")) == "Методический кабинет"
    assert Calendar.from_ical(answer.content).walk("VTIMEZONE")


def test_the_personal_feed_holds_her_meetings_only_and_a_revoked_address_answers_404(
    programme, curator
):
    mine, other = active_pairs(programme, curator, 2)
    meeting(mine, starts_at=at(dt.date(2024, 9, 10), 9, 0), topic="Наша встреча")
    meeting(other, starts_at=at(dt.date(2024, 9, 11), 9, 0), topic="Чужая встреча")
    client = login(mentee_of(mine))

    client.post(reverse("pairing:my_calendar"), {"action": "create"})
    feed = CalendarFeed.objects.get(staff=mentee_of(mine), revoked_at__isnull=True)
    url = client.get(reverse("pairing:my_calendar")).context["feed_url"]
    path = url.removeprefix("http://testserver")

    answer = client.__class__().get(path)  # a phone calendar: no session
    assert answer.status_code == 200
    (event,) = _events(answer.content)
    assert "Наша встреча" in str(event.get("summary"))
    assert event.decoded("dtstart") == dt.datetime(2024, 9, 10, 9, 0, tzinfo=OMSK)
    assert feed.token_hash not in url and feed.token_nonce not in url

    client.post(reverse("pairing:my_calendar"), {"action": "revoke"})
    assert client.__class__().get(path).status_code == 404

    client.post(reverse("pairing:my_calendar"), {"action": "create"})
    fresh = client.get(reverse("pairing:my_calendar")).context["feed_url"]
    assert fresh != url
    assert client.__class__().get(path).status_code == 404
    assert client.__class__().get(fresh.removeprefix("http://testserver")).status_code == 200


def test_an_unknown_feed_address_answers_404(db, client):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


# --- Reminders -----------------------------------------------------------------------------


def test_a_reminder_goes_the_day_before_once(pairing, django_capture_on_commit_callbacks):
    now = timezone.make_aware(dt.datetime(2024, 9, 9, 8, 0))
    tomorrow = meeting(pairing, starts_at=at(dt.date(2024, 9, 10), 15, 0))
    meeting(pairing, "trial", starts_at=at(dt.date(2024, 9, 20), 15, 0))  # too early to remind

    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_queue(now=now) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_queue(now=now) == 0
    assert services.meeting_reminder_deliver(meeting_id=tomorrow.pk) == 0  # a task run twice

    people = {pairing.mentor.staff.email, mentee_of(pairing).email}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(people)
    letter = mail.outbox[0]
    assert "10.09.2024 в 15:00" in letter.subject
    assert letter.attachments[0][2] == "text/calendar"
    tomorrow.refresh_from_db()
    assert tomorrow.reminder_sent_at is not None


def test_a_meeting_moved_after_its_reminder_is_reminded_again(pairing):
    made = meeting(pairing, starts_at=at(dt.date(2024, 9, 10), 15, 0))
    services.meeting_reminder_deliver(meeting_id=made.pk)

    services.meeting_update(
        meeting=made,
        kind=made.kind,
        starts_at=at(dt.date(2024, 9, 12), 15, 0),
        duration=60,
        place=made.place,
        topic=made.topic,
    )

    made.refresh_from_db()
    assert made.reminder_sent_at is None


def test_the_reminders_command_queues_tomorrows_meetings(
    pairing, capsys, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    # Meetings fall within the pair's term: this one runs past tomorrow.
    Pairing.objects.filter(pk=pairing.pk).update(ends_on=tomorrow + dt.timedelta(days=30))
    pairing.refresh_from_db()
    meeting(pairing, starts_at=at(tomorrow, 10, 0))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("meeting_reminders")

    assert "Напоминаний поставлено в очередь: 1" in capsys.readouterr().out
    assert len(mail.outbox) == 2
