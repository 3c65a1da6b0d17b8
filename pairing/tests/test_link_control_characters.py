"""Stored text never breaks a page, a file or a header (issue 22 §5): a link with a control
character is refused by the rule (service, model field — so the admin and imports), a stored
one no longer breaks the calendar feed or the reminder, and the data migration cleans rows
stored before the rule."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from pairing.models import Meeting, PlanActivity
from pairing.services import meetings as services
from programme.exceptions import DomainError
from programme.models import Activity, Material, Organisation
from programme.validators import check_safe_url, is_safe_url
from tests.factories_pair_work import active_pairs, at, login, meeting, plan_with_rows

BROKEN = [
    "https://telemost.yandex.ru/j/123\r\nX-Injected: 1",
    "https://telemost.yandex.ru/j/123\n",
    "https://telemost.yandex.ru/j/\x00123",
    "https://example.ru/\u202efdp.exe",  # a right-to-left override: reads otherwise than it goes
    "https://example.ru/a\u2028b",
    "https://example.ru/\x85",
]


@pytest.fixture
def pairing(programme, curator):
    return active_pairs(programme, curator, 1)[0]


@pytest.mark.parametrize("value", BROKEN)
def test_a_link_with_a_control_character_is_not_safe(value):
    assert not is_safe_url(value)
    with pytest.raises(DomainError, match="управляющие символы"):
        check_safe_url(value)


def test_a_clean_link_passes_and_loses_its_surrounding_spaces():
    assert check_safe_url("  https://telemost.yandex.ru/j/123 ") == (
        "https://telemost.yandex.ru/j/123"
    )


@pytest.mark.parametrize("value", BROKEN[:3])
def test_the_meeting_service_and_the_model_field_refuse_it(pairing, value):
    with pytest.raises(DomainError, match="управляющие символы"):
        meeting(pairing, online_url=value)
    assert not Meeting.objects.exists()
    made = meeting(pairing)
    made.online_url = value
    with pytest.raises(ValidationError) as refused:  # the admin and the imports clean by it
        made.full_clean()
    assert "online_url" in refused.value.message_dict


def test_a_stored_link_with_a_line_break_no_longer_breaks_the_feed_or_the_reminder(pairing):
    made = meeting(pairing, starts_at=at(dt.date(2024, 9, 10)), topic="Знакомство")
    Meeting.objects.filter(pk=made.pk).update(online_url=BROKEN[0], topic="Тема\r\nс\x0bконцом")
    mentor = pairing.mentor.staff
    client = login(mentor)

    answer = client.get(reverse("pairing:meeting_ics", args=[made.pk]))
    assert answer.status_code == 200
    (event,) = Calendar.from_ical(answer.content).walk("VEVENT")
    assert event.get("url") is None and b"X-Injected" not in answer.content
    client.post(reverse("pairing:my_calendar"), {"action": "create"})
    url = client.get(reverse("pairing:my_calendar")).context["feed_url"]
    assert client.__class__().get(url.removeprefix("http://testserver")).status_code == 200

    assert services.meeting_reminder_deliver(meeting_id=made.pk) == 2
    assert all("X-Injected" not in letter.message().as_string() for letter in mail.outbox)


def test_the_data_migrations_clean_stored_links(pairing, programme):
    made = meeting(pairing)
    Meeting.objects.filter(pk=made.pk).update(online_url=BROKEN[0])
    activity = plan_with_rows(pairing, rows=1).activities.get()
    PlanActivity.objects.filter(pk=activity.pk).update(evidence_url="javascript:alert(1)")
    roadmap = programme.activities.get(code="1.1")
    Activity.objects.filter(pk=roadmap.pk).update(evidence_url="\u202ehttps://ds30.ru/a.pdf\n")
    Organisation.objects.filter(pk=programme.organisation_id).update(site="https://ds30.ru/\t")
    material = Material.objects.create(programme=programme, title="Ссылка", url="/docs/1/\r\n")

    for module in (
        "pairing.migrations.0008_erasure_links_without_control_characters",
        "programme.migrations.0010_erasure_links_without_control_characters",
    ):
        importlib.import_module(module).clean_links(apps, None)

    made.refresh_from_db()
    # The characters are removed; a link still unsafe without them is blanked.
    assert made.online_url == "https://telemost.yandex.ru/j/123X-Injected: 1"
    assert PlanActivity.objects.get(pk=activity.pk).evidence_url == ""
    assert Activity.objects.get(pk=roadmap.pk).evidence_url == "https://ds30.ru/a.pdf"
    assert Organisation.objects.get(pk=programme.organisation_id).site == "https://ds30.ru/"
    assert Material.objects.get(pk=material.pk).url == "/docs/1/"
