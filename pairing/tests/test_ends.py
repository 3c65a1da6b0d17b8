"""A pair's term and its end: the term starts no earlier than its order and stays within the
programme's year; nobody is in two pairs over the same days; an early end under art. 351.8
is scheduled, worked through, carried out by the daily command, told once, and may be undone
until an amendment records it; meetings keep within the term; a mentor who became
unavailable is not offered by the board until put back."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from pairing.models import EndKind, Meeting, MeetingStatus, Order, OrderStatus, PairingStatus
from pairing.selectors.board import board_people
from pairing.services import board as board_services
from pairing.services import meetings as meeting_services
from pairing.services import orders as order_services
from pairing.services import pairings as services
from programme.exceptions import DomainError
from programme.models.bases import MenteeStatus, MentorStatus
from tests.factories import MenteeProfileFactory, MentorProfileFactory, ProgrammeFactory
from tests.factories_pair_work import at, login, meeting
from tests.factories_pairing import (
    MembershipFactory,
    PairingFactory,
    included_mentee,
    ready_mentor,
)

from .test_orders import confirmed_pair, fill_and_register

NOTICE = dt.date(2025, 3, 3)  # a Monday: the earliest end is Thursday 06.03.2025
END = dt.date(2025, 3, 6)


@pytest.fixture
def active_pair(programme, curator):
    pair = confirmed_pair(programme, "Орлова", "Журавлёва")
    fill_and_register(order_services.order_draft(programme=programme, by=curator), curator)
    pair.refresh_from_db()
    return pair


def _next_year_pair(programme, mentee_staff, *, status=PairingStatus.PROPOSED, **term):
    """Next year's programme of the same kindergarten with the same teacher as a mentee."""
    later = ProgrammeFactory(organisation=programme.organisation, year=2025)
    mentor = ready_mentor(later, {}, last_name="Кузнецова")
    pairing = PairingFactory(
        mentor=mentor,
        status=status,
        starts_on=term.get("starts_on", dt.date(2025, 1, 13)),
        ends_on=term.get("ends_on", dt.date(2025, 12, 26)),
    )
    mentee = MenteeProfileFactory(programme=later, staff=mentee_staff, status=MenteeStatus.INCLUDED)
    MembershipFactory(pairing=pairing, mentee=mentee, joined_on=pairing.starts_on)
    return later, pairing


# --- One person, one pair at a time ----------------------------------------------------------


def test_a_mentee_in_two_overlapping_pairs_is_refused_at_confirm(active_pair, curator):
    mentee_staff = active_pair.members.get().mentee.staff
    _later, proposed = _next_year_pair(active_pair.programme, mentee_staff)

    with pytest.raises(DomainError) as refused:
        board_services.pairings_confirm(pairings=[proposed], by=curator)

    message = refused.value.message
    assert f"{mentee_staff.short_name} уже в паре (наставник — Орлова" in message
    assert "с 02.09.2024 по 31.05.2025" in message
    proposed.refresh_from_db()
    assert proposed.status == PairingStatus.PROPOSED


def test_a_pair_after_the_other_one_ends_is_confirmed(active_pair, curator):
    mentee_staff = active_pair.members.get().mentee.staff
    _later, proposed = _next_year_pair(
        active_pair.programme, mentee_staff, starts_on=dt.date(2025, 6, 2)
    )

    board_services.pairings_confirm(pairings=[proposed], by=curator)

    proposed.refresh_from_db()
    assert proposed.status == PairingStatus.CONFIRMED


def test_a_mentee_in_two_overlapping_pairs_is_refused_at_order_registration(active_pair, curator):
    mentee_staff = active_pair.members.get().mentee.staff
    later, confirmed = _next_year_pair(
        active_pair.programme, mentee_staff, status=PairingStatus.CONFIRMED
    )
    draft = order_services.order_draft(programme=later, by=curator)

    with pytest.raises(DomainError) as refused:
        fill_and_register(draft, curator, number="3-о", date=dt.date(2025, 1, 10))

    assert f"{mentee_staff.short_name} уже в паре (наставник — Орлова" in refused.value.message
    assert "Приказ не зарегистрирован" in refused.value.message
    assert Order.objects.get(pk=draft.pk).status == OrderStatus.DRAFT
    confirmed.refresh_from_db()
    assert confirmed.status == PairingStatus.CONFIRMED


def test_a_mentor_over_her_limit_in_overlapping_pairs_of_two_programmes_is_refused(
    active_pair, curator
):
    later = ProgrammeFactory(organisation=active_pair.programme.organisation, year=2025)
    mentor = MentorProfileFactory(
        programme=later,
        staff=active_pair.mentor.staff,
        status=MentorStatus.READY,
        capacity=1,
        labour_consent_on=dt.date(2024, 4, 1),
    )
    proposed = PairingFactory(
        mentor=mentor,
        status=PairingStatus.PROPOSED,
        starts_on=dt.date(2025, 1, 13),
        ends_on=dt.date(2025, 12, 26),
    )
    mentee = included_mentee(later, {}, last_name="Новикова")
    MembershipFactory(pairing=proposed, mentee=mentee)

    with pytest.raises(DomainError, match="при лимите 1"):
        board_services.pairings_confirm(pairings=[proposed], by=curator)


# --- The term ------------------------------------------------------------------------------


def test_a_pair_without_a_start_starts_on_the_next_working_day_after_a_saturday_order(
    programme, curator
):
    pair = confirmed_pair(programme, "Белова", "Голубева", starts_on=None)

    fill_and_register(
        order_services.order_draft(programme=programme, by=curator),
        curator,
        date=dt.date(2024, 9, 7),  # a Saturday
    )

    pair.refresh_from_db()
    assert pair.status == PairingStatus.ACTIVE
    assert pair.starts_on == dt.date(2024, 9, 9)
    assert pair.members.get().joined_on == dt.date(2024, 9, 9)


def test_a_start_before_the_order_moves_to_the_orders_date(programme, curator):
    pair = confirmed_pair(programme, "Белова", "Голубева", starts_on=dt.date(2024, 8, 1))

    order = fill_and_register(order_services.order_draft(programme=programme, by=curator), curator)

    pair.refresh_from_db()
    assert pair.starts_on == order.date == dt.date(2024, 9, 2)
    assert order.items.get().snapshot["starts_on"] == "02.09.2024"


def test_a_term_ending_before_the_order_is_refused_with_the_pair_named(programme, curator):
    confirmed_pair(
        programme, "Белова", "Голубева", starts_on=dt.date(2024, 8, 1), ends_on=dt.date(2024, 8, 30)
    )
    draft = order_services.order_draft(programme=programme, by=curator)

    with pytest.raises(DomainError, match=r"Пара наставника Белова .*раньше приказа"):
        fill_and_register(draft, curator)


def test_a_term_beyond_the_programmes_year_needs_the_curators_mark(programme):
    programme.starts_on, programme.ends_on = dt.date(2024, 9, 1), dt.date(2025, 5, 31)
    programme.save()
    proposed = PairingFactory(
        mentor=ready_mentor(programme, {}), status=PairingStatus.PROPOSED, starts_on=None
    )
    terms = {"programme": programme, "pairing_id": proposed.pk, "form": "teacher_teacher"}

    with pytest.raises(DomainError, match=r"выходит за год программы \(по 31.05.2025\)"):
        board_services.pairing_set_terms(**terms, starts_on=None, ends_on=dt.date(2025, 8, 29))
    board_services.pairing_set_terms(
        **terms, starts_on=None, ends_on=dt.date(2025, 8, 29), beyond_year=True
    )

    proposed.refresh_from_db()
    assert proposed.ends_on == dt.date(2025, 8, 29) and proposed.beyond_year


# --- The early end --------------------------------------------------------------------------


def _end(pair, **data):
    values = {
        "pairing": pair,
        "on": END,
        "kind": EndKind.MENTOR_WISH,
        "by_mentor": True,
        "notice_on": NOTICE,
        "today": NOTICE,
    }
    values.update(data)
    return services.pairing_terminate(**values)


def test_a_notice_in_the_future_is_refused(active_pair):
    with pytest.raises(DomainError, match="ещё не наступила"):
        _end(active_pair, notice_on=dt.date(2025, 3, 4), on=dt.date(2025, 3, 12))
    active_pair.refresh_from_db()
    assert active_pair.ended_on is None and active_pair.status == PairingStatus.ACTIVE


def test_a_notice_before_the_pairs_start_is_refused(active_pair):
    with pytest.raises(DomainError, match=r"раньше начала наставничества \(02.09.2024\)"):
        _end(active_pair, notice_on=dt.date(2024, 8, 30), on=dt.date(2024, 9, 5))


def test_an_end_sooner_than_3_working_days_is_refused(active_pair):
    with pytest.raises(DomainError, match=r"не ранее 06.03.2025"):
        _end(active_pair, on=dt.date(2025, 3, 5))


def test_an_end_after_the_term_is_refused(active_pair):
    with pytest.raises(DomainError, match=r"позже окончания срока пары \(31.05.2025\)"):
        _end(active_pair, on=dt.date(2025, 6, 2))


def test_the_pair_works_through_the_notice_and_the_daily_command_ends_it_on_the_day(
    active_pair, capsys
):
    _end(active_pair)
    active_pair.refresh_from_db()
    assert active_pair.status == PairingStatus.ACTIVE and active_pair.ended_on == END
    assert active_pair.members.get().left_on is None
    during, _warning = meeting_services.meeting_create(
        pairing=active_pair,
        kind="regular",
        starts_at=at(dt.date(2025, 3, 5)),
        place="Кабинет",
        topic="Итоги",
        by=None,
    )
    after, warning = meeting_services.meeting_create(
        pairing=active_pair,
        kind="regular",
        starts_at=at(dt.date(2025, 3, 11)),
        place="Кабинет",
        topic="Если восстановят",
        by=None,
        after_end=True,
    )
    assert "будет отменена" in warning

    call_command("pairings_end_due", "--date=2025-03-05")
    active_pair.refresh_from_db()
    assert active_pair.status == PairingStatus.ACTIVE

    call_command("pairings_end_due", "--date=2025-03-06")
    active_pair.refresh_from_db()
    assert active_pair.status == PairingStatus.TERMINATED
    membership = active_pair.members.select_related("mentee").get()
    assert membership.left_on == END and membership.mentee.status == MenteeStatus.INCLUDED
    assert Meeting.objects.get(pk=after.pk).status == MeetingStatus.CANCELLED
    assert Meeting.objects.get(pk=during.pk).status == MeetingStatus.PLANNED
    assert "прекращена досрочно с 06.03.2025" in capsys.readouterr().out

    updated = active_pair.updated_at
    call_command("pairings_end_due", "--date=2025-03-07")
    active_pair.refresh_from_db()
    assert active_pair.updated_at == updated
    assert "Пар, прекращаемых сегодня, нет." in capsys.readouterr().out


def test_a_meeting_after_a_scheduled_end_needs_a_confirmation(active_pair):
    _end(active_pair)

    with pytest.raises(meeting_services.AfterScheduledEnd, match="Всё равно запланировать"):
        meeting(active_pair, "regular", dt.date(2025, 3, 11))

    assert not Meeting.objects.filter(pairing=active_pair).exists()


def test_an_end_whose_day_has_come_ends_the_pair_at_once_and_cancels_later_meetings(
    active_pair,
):
    later = meeting(active_pair, "organisational", dt.date(2025, 3, 12))

    _end(active_pair, today=dt.date(2025, 3, 7))

    active_pair.refresh_from_db()
    assert active_pair.status == PairingStatus.TERMINATED
    assert Meeting.objects.get(pk=later.pk).status == MeetingStatus.CANCELLED


def test_the_curator_head_and_mentees_are_told_once(
    active_pair, head, django_capture_on_commit_callbacks
):
    head.email = "head@example.org"
    head.save()
    curator_staff = active_pair.programme.curator
    mentee = active_pair.members.get().mentee.staff

    with django_capture_on_commit_callbacks(execute=True):
        _end(active_pair)

    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([curator_staff.email, "head@example.org", mentee.email])
    assert active_pair.mentor.staff.email not in recipients  # she gave the notice
    assert mail.outbox[0].subject.startswith("Досрочное прекращение наставничества")
    assert "06.03.2025" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        assert services.early_end_notice_deliver(pairing_id=active_pair.pk) == 0
        call_command("pairings_end_due", "--date=2025-03-06")
    assert len(mail.outbox) == 3


def test_the_other_side_sees_the_scheduled_end_on_her_page(active_pair):
    _end(active_pair)
    mentee_client = login(active_pair.members.get().mentee.staff)

    html = mentee_client.get(reverse("programme:my_page")).content.decode()

    assert "прекращается досрочно: последний день — 06.03.2025" in html


def test_the_curators_dashboard_lists_the_scheduled_end(curator_client, active_pair):
    _end(active_pair)

    html = curator_client.get(
        reverse("programme:dashboard", args=[active_pair.programme_id])
    ).content.decode()

    assert "Досрочное прекращение пар" in html and "прекращается 06.03.2025" in html


# --- Restoring a pair ended by mistake ------------------------------------------------------


def test_the_curator_restores_a_pair_ended_by_mistake_before_the_amendment(
    curator_client, active_pair
):
    _end(active_pair, today=dt.date(2025, 3, 7))
    url = reverse("pairing:pairing_restore", args=[active_pair.programme_id, active_pair.pk])

    response = curator_client.post(url)

    assert response.status_code == 302
    active_pair.refresh_from_db()
    assert active_pair.status == PairingStatus.ACTIVE
    assert active_pair.ended_on is None and active_pair.end_reason == ""
    membership = active_pair.members.select_related("mentee").get()
    assert membership.left_on is None and membership.mentee.status == MenteeStatus.PAIRED


def test_a_scheduled_end_is_cancelled_by_restoring(active_pair):
    _end(active_pair)

    services.pairing_restore(pairing=active_pair)

    active_pair.refresh_from_db()
    assert active_pair.status == PairingStatus.ACTIVE and active_pair.ended_on is None
    call_command("pairings_end_due", "--date=2025-03-06")
    active_pair.refresh_from_db()
    assert active_pair.status == PairingStatus.ACTIVE


def test_a_pair_whose_end_an_amendment_recorded_cannot_be_restored(
    curator_client, active_pair, curator
):
    _end(active_pair, today=dt.date(2025, 3, 7))
    fill_and_register(
        order_services.order_draft(programme=active_pair.programme, by=curator),
        curator,
        number="70-о",
        date=dt.date(2025, 3, 10),
    )
    url = reverse("pairing:pairing_restore", args=[active_pair.programme_id, active_pair.pk])

    response = curator_client.post(url, follow=True)

    assert "внесено в приказ № 70-о от 10.03.2025" in response.content.decode()
    active_pair.refresh_from_db()
    assert active_pair.status == PairingStatus.TERMINATED


def test_a_teacher_or_another_kindergartens_curator_cannot_restore(
    teacher_client, other_curator_client, active_pair
):
    _end(active_pair, today=dt.date(2025, 3, 7))
    url = reverse("pairing:pairing_restore", args=[active_pair.programme_id, active_pair.pk])

    assert teacher_client.post(url).status_code in (403, 404)
    assert other_curator_client.post(url).status_code == 404
    mentor_client = login(active_pair.mentor.staff)
    assert mentor_client.post(url).status_code in (403, 404)
    active_pair.refresh_from_db()
    assert active_pair.status == PairingStatus.TERMINATED


# --- Meetings within the term ---------------------------------------------------------------


def test_a_meeting_before_the_pairs_start_is_refused(active_pair):
    with pytest.raises(DomainError, match=r"раньше начала срока пары \(02.09.2024\)"):
        meeting(active_pair, "organisational", dt.date(2024, 8, 30))
    with pytest.raises(DomainError, match=r"позже окончания срока пары \(31.05.2025\)"):
        meeting(active_pair, "organisational", dt.date(2025, 6, 3))


# --- A mentor who became unavailable --------------------------------------------------------


def test_a_mentor_gone_to_another_position_is_not_offered_until_put_back(
    curator_client, active_pair
):
    programme = active_pair.programme
    mentor = active_pair.mentor
    assert mentor in board_people(programme).mentors
    _end(active_pair, kind=EndKind.MENTOR_TRANSFER, today=dt.date(2025, 3, 7))

    assert mentor not in board_people(programme).mentors
    html = curator_client.get(reverse("pairing:board", args=[programme.pk])).content.decode()
    assert "Не предлагаются (1)" in html
    assert "переход наставника на другую должность: пара прекращена досрочно 06.03.2025" in html

    response = curator_client.post(
        reverse("pairing:board_mentor_back", args=[programme.pk, mentor.pk])
    )

    assert response.status_code == 302
    assert mentor in board_people(programme).mentors
    html = curator_client.get(reverse("pairing:board", args=[programme.pk])).content.decode()
    assert "Не предлагаются" not in html


def test_a_mentor_whose_pair_ended_for_another_reason_stays_on_the_board(active_pair):
    _end(active_pair, kind=EndKind.MISMATCH, today=dt.date(2025, 3, 7))

    assert active_pair.mentor in board_people(active_pair.programme).mentors


def test_another_kindergartens_curator_cannot_put_a_mentor_back(other_curator_client, active_pair):
    _end(active_pair, kind=EndKind.MENTOR_DISMISSAL, today=dt.date(2025, 3, 7))
    url = reverse(
        "pairing:board_mentor_back", args=[active_pair.programme_id, active_pair.mentor_id]
    )

    assert other_curator_client.post(url).status_code == 404
    assert active_pair.mentor not in board_people(active_pair.programme).mentors
