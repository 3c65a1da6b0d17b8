"""Stored text never breaks a file (issue 22 §5): any Unicode a user stores — control and
bidi characters, NUL, line and paragraph separators, a BOM, formula starts — in a text that
ends in a PDF, an .ics, an xlsx or an email renders without an error.

Each text goes in the way a user's does: through the service (or, for names, the model
field's cleaning, as the admin and the import do). A clean refusal (a DomainError or a
ValidationError with words) is a fine answer; an exception while storing it in the database
(PostgreSQL refuses NUL) or while rendering is not. Run on SQLite and on PostgreSQL."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from pypdf import PdfReader

from common.mail import make_message
from pairing.documents import order_document, plan_document
from pairing.exports import pairs_overview_xlsx
from pairing.models import Meeting, Notice
from pairing.selectors.meetings import person_meetings
from pairing.selectors.orders import notice_letters
from pairing.selectors.overview import pairs_overview
from pairing.services import meetings as meeting_services
from pairing.services import orders as order_services
from pairing.services import plans as plan_services
from programme.exceptions import DomainError
from tests.factories_pair_work import active_pairs, at, confirmed_pairing, meeting

NASTY = ["\r\n", "\x00", "\u202e", "\u2066", "\u2028", "\x0b", "\ufeff", "\x85", "=1+1", "\t"]
# Any Unicode but lone surrogates (no Python str from a page, the database or a file holds
# them), with the characters that broke things before mixed in often.
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=120),
    st.lists(
        st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=("Cs",)))),
        max_size=6,
    ).map("".join),
)
PROPERTY = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
REFUSED = (DomainError, ValidationError)


def _stored(action) -> bool:
    """Store as a user would; False when refused with words. The savepoint keeps the test's
    transaction usable after a refusal."""
    try:
        with transaction.atomic():
            action()
    except REFUSED:
        return False
    return True


@pytest.fixture
def pair(programme, curator):
    pairing = active_pairs(programme, curator, 1)[0]
    # meetings are planned within the term: the factory's term lies in the past
    type(pairing).objects.filter(pk=pairing.pk).update(
        ends_on=dt.date.today() + dt.timedelta(days=60)
    )
    pairing.refresh_from_db()
    return pairing


@PROPERTY
@given(deficits=TEXT, goal=TEXT, content=TEXT)
def test_any_text_of_a_plan_renders_in_its_pdf(pair, deficits, goal, content):
    membership = pair.members.get()
    plan = membership.plans.first() or plan_services.plan_create(membership=membership, by=None)
    _stored(lambda: plan_services.plan_update(plan=plan, deficits=deficits, goal=goal, tasks=goal))
    plan.activities.all().delete()
    _stored(
        lambda: plan_services.plan_activity_save(
            plan=plan,
            content=content,
            kind="consultation",
            starts_on=None,
            due_on=None,
            responsible="both",
        )
    )
    plan.refresh_from_db()
    document = plan_document(plan)
    assert _pages(document.content) >= 1


@PROPERTY
@given(title=TEXT, regulation=TEXT, payments=TEXT, city=TEXT)
def test_any_text_of_an_order_renders_in_its_pdf(
    programme, curator, title, regulation, payments, city
):
    order = programme.orders.filter(status="draft").first()
    if order is None:
        confirmed_pairing(programme, "Петрова", "Королёва")  # a pair the draft fixes
        order = order_services.order_draft(programme=programme, by=curator)
    _stored(
        lambda: order_services.order_update(
            order=order,
            title=title,
            regulation=regulation,
            payments=payments,
            city=city,
            date=dt.date(2024, 9, 3),
        )
    )
    order.refresh_from_db()
    assert _pages(order_document(order).content) >= 1


@PROPERTY
@given(topic=TEXT, place=TEXT, link=TEXT, surname=TEXT)
def test_any_text_of_a_meeting_renders_in_its_ics_the_feed_and_the_reminder(
    pair, topic, place, link, surname
):
    mentor = pair.mentor.staff
    _stored(lambda: _rename(mentor, surname))
    made = pair.meetings.first() or meeting(pair, starts_at=at(dt.date.today() + dt.timedelta(1)))
    stored = _stored(
        lambda: meeting_services.meeting_update(
            meeting=made,
            kind=made.kind,
            starts_at=made.starts_at,
            duration=60,
            place=place,
            topic=topic,
            online_url=f"https://telemost.yandex.ru/j/{link}",
        )
    )
    made = Meeting.objects.get(pk=made.pk)
    for content in (
        meeting_services.meetings_ics([made], name="Встреча"),
        meeting_services.meetings_ics(person_meetings(mentor), name="Встречи"),
    ):
        (event,) = Calendar.from_ical(content).walk("VEVENT")
        assert event.get("dtstart")
    Meeting.objects.filter(pk=made.pk).update(reminder_sent_at=None)
    mail.outbox.clear()
    meeting_services.meeting_reminder_deliver(meeting_id=made.pk)
    for letter in mail.outbox:
        assert letter.message().as_bytes()
    if stored and topic.strip("\x00 ") and "\x00" not in topic:
        assert made.topic  # what was stored is what renders


@PROPERTY
@given(surname=TEXT, first_name=TEXT)
def test_any_name_renders_in_the_pairs_overview_and_the_notice_email(
    programme, pair, surname, first_name
):
    mentor = pair.mentor.staff
    _stored(lambda: _rename(mentor, surname, first_name))
    rows = pairs_overview(programme, today=dt.date(2024, 10, 1))
    assert pairs_overview_xlsx(rows, title=f"Пары — {surname}")[:2] == b"PK"
    order = pair.fixed_by
    if not order.notices.exists():
        Notice.objects.create(order=order, pairing=pair, staff=mentor)
    for letter in notice_letters(order):
        message = make_message("pairing/emails/notice", {"letter": letter}, ["a@example.ru"])
        assert message.message().as_bytes()


def _rename(staff, surname, first_name=None):
    """A name as the admin and the import store it: the model field's cleaning."""
    staff.last_name = staff._meta.get_field("last_name").clean(surname, staff)
    if first_name is not None:
        staff.first_name = staff._meta.get_field("first_name").clean(first_name, staff)
    staff.save(update_fields=["last_name", "first_name"])


def _pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def test_a_nul_in_a_long_text_is_refused_with_words_and_nothing_is_written(pair):
    membership = pair.members.get()
    plan = plan_services.plan_create(membership=membership, by=None)
    with pytest.raises(DomainError, match="NUL"):
        plan_services.plan_update(plan=plan, deficits="Работа\x00с родителями", goal="", tasks="")
    plan.refresh_from_db()
    assert "\x00" not in plan.deficits
