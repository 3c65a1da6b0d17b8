"""Calendars and reminders forget people who left (issue 22 §4): the feed, the .ics file and
the reminder follow membership and the pair's status as they stand when served or sent."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from pairing.models import Membership
from pairing.selectors.meetings import person_meetings
from pairing.services import meetings as services
from pairing.services import pairings as pairing_services
from tests.factories_pair_work import active_pairs, at, held, login, meeting

LINK = "https://telemost.yandex.ru/j/12345"


def _feed(staff) -> list[str]:
    """The summaries of the person's calendar feed, served through its secret address."""
    client = login(staff)
    client.post(reverse("pairing:my_calendar"), {"action": "create"})
    url = client.get(reverse("pairing:my_calendar")).context["feed_url"]
    answer = client.__class__().get(url.removeprefix("http://testserver"))
    assert answer.status_code == 200
    return [
        str(e.get("summary")) + "\n" + str(e.get("description"))
        for e in Calendar.from_ical(answer.content).walk("VEVENT")
    ]


@pytest.fixture
def group(programme, curator):
    pairing = active_pairs(programme, curator, 1, group_of=2)[0]
    first, second = Membership.objects.filter(pairing=pairing).select_related("mentee__staff")
    return pairing, first, second


def test_a_mentee_who_left_a_group_no_longer_gets_its_later_meetings(group):
    pairing, leaving, staying = group
    held(pairing, "organisational", dt.date(2024, 9, 10), topic="Знакомство")
    meeting(pairing, "trial", starts_at=at(dt.date(2024, 9, 25)), topic="Пробная", online_url=LINK)
    pairing_services.membership_leave(membership=leaving, on=dt.date(2024, 9, 15), reason="уход")

    hers = _feed(leaving.mentee.staff)
    assert len(hers) == 1 and "Знакомство" in hers[0]  # what she took part in stays
    assert not any(LINK in event for event in hers)
    others = _feed(staying.mentee.staff)
    later = next(event for event in others if "Пробная" in event)
    assert leaving.mentee.staff.short_name not in later  # nor is she named in it


def test_a_mentee_who_joined_a_group_later_does_not_get_its_earlier_meetings(group):
    pairing, first, joining = group
    held(pairing, "organisational", dt.date(2024, 9, 10), topic="Знакомство")
    meeting(pairing, "trial", starts_at=at(dt.date(2024, 10, 1)), topic="Пробная")
    Membership.objects.filter(pk=joining.pk).update(joined_on=dt.date(2024, 9, 20))

    hers = _feed(joining.mentee.staff)

    assert len(hers) == 1 and "Пробная" in hers[0]
    assert len(_feed(first.mentee.staff)) == 2


def test_a_pair_that_ended_keeps_no_planned_meetings_in_any_feed(programme, curator):
    pairing = active_pairs(programme, curator, 1)[0]
    made = held(pairing, "organisational", dt.date(2024, 9, 10), topic="Знакомство")
    later = meeting(pairing, "trial", starts_at=at(dt.date(2024, 10, 1)), topic="Пробная")
    pairing_services.pairing_terminate(pairing=pairing, on=dt.date(2024, 9, 20), reason="уход")

    mentee = pairing.members.get().mentee.staff
    for person in (pairing.mentor.staff, mentee):
        events = _feed(person)
        assert len(events) == 1 and "Знакомство" in events[0]
        assert list(person_meetings(person)) == [made]
    client = login(pairing.mentor.staff)
    assert client.get(reverse("pairing:meeting_ics", args=[later.pk])).status_code == 404
    assert client.get(reverse("pairing:meeting_ics", args=[made.pk])).status_code == 200


def _term_reaches(pairing, day):
    """Meetings are planned within the pair's term: the factory's term lies in the past."""
    type(pairing).objects.filter(pk=pairing.pk).update(ends_on=day + dt.timedelta(days=30))
    pairing.refresh_from_db()


def test_the_reminder_command_sends_nothing_for_a_pair_that_ended(
    programme, curator, django_capture_on_commit_callbacks
):
    pairing = active_pairs(programme, curator, 1)[0]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    _term_reaches(pairing, tomorrow)
    meeting(pairing, starts_at=at(tomorrow, 10, 0))
    pairing_services.pairing_complete(pairing=pairing, on=timezone.localdate())

    with django_capture_on_commit_callbacks(execute=True):
        call_command("meeting_reminders", stdout=None)

    assert mail.outbox == []


def test_a_reminder_queued_before_the_pair_ended_is_not_sent(
    programme, curator, django_capture_on_commit_callbacks
):
    pairing = active_pairs(programme, curator, 1)[0]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    _term_reaches(pairing, tomorrow)
    made = meeting(pairing, starts_at=at(tomorrow, 10, 0))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.reminders_queue() == 1
    pairing_services.pairing_complete(pairing=pairing, on=timezone.localdate())

    for task in queued:  # the worker runs the task after the pair has ended
        task()

    assert mail.outbox == []
    made.refresh_from_db()
    assert made.reminder_sent_at is None


def test_the_reminder_goes_only_to_those_still_in_the_group(
    group, django_capture_on_commit_callbacks
):
    pairing, leaving, staying = group
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    _term_reaches(pairing, tomorrow)
    meeting(pairing, starts_at=at(tomorrow, 10, 0), online_url=LINK)
    pairing_services.membership_leave(membership=leaving, on=timezone.localdate(), reason="уход")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("meeting_reminders", stdout=None)

    to = sorted(letter.to[0] for letter in mail.outbox)
    assert to == sorted([pairing.mentor.staff.email, staying.mentee.staff.email])
    assert all(leaving.mentee.staff.short_name not in letter.body for letter in mail.outbox)
