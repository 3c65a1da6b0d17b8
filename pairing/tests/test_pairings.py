"""Later changes of an active pairing (early end under art. 351.8, a mentee leaving), the
pairing's page and «Моя пара» on a teacher's own page."""

import datetime as dt

import pytest
from django.urls import reverse

from pairing.models import Membership, PairingStatus
from pairing.services import orders as order_services
from pairing.services import pairings as services
from programme.exceptions import DomainError
from programme.models.bases import MenteeStatus
from tests.factories import StaffMemberFactory, UserFactory

from .test_orders import confirmed_pair, fill_and_register


@pytest.fixture
def active_pairs(programme, curator):
    pairs = [
        confirmed_pair(programme, "Орлова", "Журавлёва"),
        confirmed_pair(programme, "Соболева", "Лисицына", "Воронина", form="group"),
    ]
    fill_and_register(order_services.order_draft(programme=programme, by=curator), curator)
    for pairing in pairs:
        pairing.refresh_from_db()
    return pairs


# --- Working days of art. 351.8 ------------------------------------------------------------


def test_the_notice_period_counts_three_working_days_after_the_notice():
    # Monday → Thursday; Friday → Wednesday over the weekend.
    assert services.earliest_end(dt.date(2025, 3, 3)) == dt.date(2025, 3, 6)
    assert services.earliest_end(dt.date(2025, 3, 14)) == dt.date(2025, 3, 19)


def test_the_notice_period_skips_russian_public_holidays_and_moved_days_off():
    # 08.05.2025 is a day off moved from 23.02, 09.05 is Victory Day, then the weekend.
    assert services.earliest_end(dt.date(2025, 5, 7)) == dt.date(2025, 5, 14)
    # Saturday 02.11.2024 was a working day in exchange for 30.04.
    assert services.is_working_day(dt.date(2024, 11, 2))
    assert not services.is_working_day(dt.date(2024, 11, 4))


# --- Ending a pairing early ----------------------------------------------------------------


def test_a_mentor_ending_sooner_than_3_working_days_after_her_notice_is_refused(active_pairs):
    pairing = active_pairs[0]

    with pytest.raises(DomainError) as refused:
        services.pairing_terminate(
            pairing=pairing,
            on=dt.date(2025, 3, 5),
            reason="по собственному желанию",
            by_mentor=True,
            notice_on=dt.date(2025, 3, 3),
        )

    assert "не менее чем за 3 рабочих дня (ст. 351.8 ТК РФ)" in refused.value.message
    assert "не ранее 06.03.2025" in refused.value.message
    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.ACTIVE


def test_a_mentor_ending_without_a_notice_date_is_refused(active_pairs):
    with pytest.raises(DomainError, match="Укажите дату уведомления"):
        services.pairing_terminate(
            pairing=active_pairs[0], on=dt.date(2025, 3, 6), reason="болезнь", by_mentor=True
        )


def test_an_early_end_frees_the_mentees_for_a_new_pair(active_pairs):
    pairing = active_pairs[1]

    services.pairing_terminate(
        pairing=pairing,
        on=dt.date(2025, 3, 6),
        reason="по собственному желанию",
        by_mentor=True,
        notice_on=dt.date(2025, 3, 3),
    )

    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.TERMINATED
    assert pairing.get_status_display() == "прекращена досрочно"
    assert (pairing.ended_on, pairing.notice_on) == (dt.date(2025, 3, 6), dt.date(2025, 3, 3))
    assert pairing.ended_by_mentor and pairing.ended_by is None
    for membership in pairing.members.select_related("mentee"):
        assert membership.left_on == dt.date(2025, 3, 6)
        assert membership.mentee.status == MenteeStatus.INCLUDED


def test_only_an_active_pairing_ends_early(programme):
    confirmed = confirmed_pair(programme, "Белова", "Голубева")

    with pytest.raises(DomainError, match="только действующую пару"):
        services.pairing_terminate(pairing=confirmed, on=dt.date(2025, 3, 6), reason="ошибка")


# --- A mentee leaving ------------------------------------------------------------------------


def test_a_mentee_leaving_a_group_leaves_the_group_active(active_pairs):
    group = active_pairs[1]
    leaver = group.members.order_by("mentee__staff__last_name").first()

    services.membership_leave(membership=leaver, on=dt.date(2024, 11, 5), reason="перевод")

    leaver.refresh_from_db()
    group.refresh_from_db()
    assert leaver.left_on == dt.date(2024, 11, 5) and leaver.left_reason == "перевод"
    assert leaver.mentee.status == MenteeStatus.INCLUDED
    assert group.status == PairingStatus.ACTIVE
    assert group.members.filter(left_on__isnull=True).count() == 1


def test_the_last_mentee_leaving_ends_the_pair(active_pairs):
    pair = active_pairs[0]

    services.membership_leave(
        membership=pair.members.get(), on=dt.date(2024, 11, 5), reason="увольнение"
    )

    pair.refresh_from_db()
    assert pair.status == PairingStatus.TERMINATED
    assert pair.ended_on == dt.date(2024, 11, 5) and pair.end_reason == "увольнение"


def test_a_mentee_cannot_leave_twice(active_pairs):
    leaver = active_pairs[1].members.first()
    services.membership_leave(membership=leaver, on=dt.date(2024, 11, 5), reason="перевод")

    with pytest.raises(DomainError, match="выход из пары уже отмечен"):
        services.membership_leave(membership=leaver, on=dt.date(2024, 11, 6), reason="перевод")


# --- The pairing's page ----------------------------------------------------------------------


def test_the_pairing_page_shows_people_form_term_and_its_order(
    curator_client, programme, active_pairs
):
    group = active_pairs[1]

    page = curator_client.get(reverse("pairing:pairing_detail", args=[programme.pk, group.pk]))

    html = page.content.decode()
    assert group.mentor.staff.full_name in html
    for membership in group.members.all():
        assert membership.mentee.staff.full_name in html
    # The term starts with the order (02.09.2024), not the board's 01.09.2024.
    assert "групповое" in html.lower() and "с 02.09.2024" in html and "действует" in html
    assert "№ 45-о от 02.09.2024" in html
    assert "Прекратить досрочно" in html and "Исключить наставляемого" in html


def test_the_curator_ends_a_pair_from_its_page_and_sees_the_351_8_refusal(
    curator_client, programme, active_pairs
):
    pair = active_pairs[0]
    url = reverse("pairing:pairing_terminate", args=[programme.pk, pair.pk])

    refused = curator_client.post(
        url,
        {"on": "2025-03-04", "reason": "болезнь", "by_mentor": "on", "notice_on": "2025-03-03"},
    )
    assert refused.status_code == 200
    assert "не менее чем за 3 рабочих дня" in refused.content.decode()

    done = curator_client.post(
        url,
        {"on": "2025-03-06", "reason": "болезнь", "by_mentor": "on", "notice_on": "2025-03-03"},
    )
    assert done.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairingStatus.TERMINATED


def test_the_curator_removes_a_mentee_from_the_page(curator_client, programme, active_pairs):
    group = active_pairs[1]
    leaver = group.members.first()

    response = curator_client.post(
        reverse("pairing:membership_leave", args=[programme.pk, group.pk, leaver.pk]),
        {"on": "2024-11-05", "reason": "перевод"},
    )

    assert response.status_code == 302
    assert Membership.objects.get(pk=leaver.pk).left_on == dt.date(2024, 11, 5)


def test_another_kindergartens_curator_cannot_end_a_pair(
    other_curator_client, programme, active_pairs
):
    pair = active_pairs[0]

    response = other_curator_client.post(
        reverse("pairing:pairing_terminate", args=[programme.pk, pair.pk]),
        {"on": "2025-03-06", "reason": "чужая"},
    )

    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.status == PairingStatus.ACTIVE


# --- «Моя пара» ------------------------------------------------------------------------------


def test_a_mentee_sees_her_mentor_with_contacts_on_her_own_page(
    client, programme, active_pairs, teacher
):
    pair = active_pairs[0]
    own_card = teacher.staff_member
    own_card.user = None
    own_card.save()
    mentee_staff = pair.members.get().mentee.staff
    mentee_staff.user = teacher
    mentee_staff.save()
    client.force_login(teacher, backend="django.contrib.auth.backends.ModelBackend")

    html = client.get(reverse("programme:my_page")).content.decode()

    assert "Моя пара" in html
    assert pair.mentor.staff.full_name in html
    assert pair.mentor.staff.phone in html and pair.mentor.staff.email in html
    assert "приказом № 45-о от 02.09.2024" in html
    other = active_pairs[1]
    assert other.mentor.staff.full_name not in html
    for membership in other.members.all():
        assert membership.mentee.staff.full_name not in html


def test_a_mentor_sees_her_mentees_and_a_teacher_outside_any_pair_sees_no_block(
    client, programme, active_pairs, org
):
    group = active_pairs[1]
    mentor_user = UserFactory(username="olga", organisation=org, role="teacher")
    group.mentor.staff.user = mentor_user
    group.mentor.staff.save()
    client.force_login(mentor_user, backend="django.contrib.auth.backends.ModelBackend")

    html = client.get(reverse("programme:my_page")).content.decode()

    assert "Моя пара" in html and "Вы — наставник" in html
    for membership in group.members.all():
        assert membership.mentee.staff.full_name in html
    assert active_pairs[0].mentor.staff.full_name not in html

    loner = UserFactory(username="lena", organisation=org, role="teacher")
    StaffMemberFactory(organisation=org, user=loner, last_name="Одинокова")
    client.force_login(loner, backend="django.contrib.auth.backends.ModelBackend")
    assert "Моя пара" not in client.get(reverse("programme:my_page")).content.decode()
