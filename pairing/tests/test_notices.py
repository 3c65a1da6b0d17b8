"""Telling each participant of her pair (5.4): the email and the printed sheet."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common.formatting import name_case
from pairing.models import Notice
from pairing.services import notices as services
from pairing.services import orders as order_services
from pairing.services import pairings
from tests.factories_pairing import MembershipFactory, PairingFactory, included_mentee

from .test_orders import confirmed_pair, fill_and_register, pdf_text, squeezed


@pytest.fixture
def registered(programme, curator, django_capture_on_commit_callbacks):
    curator.staff_member.phone = "+7 381 200-30-30"
    curator.staff_member.save()
    programme.refresh_from_db()
    group = confirmed_pair(programme, "Соболева", "Лисицына", "Воронина", form="group")
    loner = group.members.order_by("mentee__staff__last_name").first().mentee.staff  # Воронина
    loner.email = ""
    loner.save()
    with django_capture_on_commit_callbacks(execute=True):
        order = fill_and_register(
            order_services.order_draft(programme=programme, by=curator), curator
        )
    return order, group, loner


def test_the_mentee_is_told_who_her_mentor_is_how_to_reach_her_and_whom_to_ask(registered, curator):
    _order, group, _loner = registered
    mentor = group.mentor.staff
    mentee = group.members.order_by("mentee__staff__last_name").last().mentee.staff  # Лисицына

    message = next(m for m in mail.outbox if m.to == [mentee.email])

    assert mentor.full_name in message.subject
    for body in (message.body, message.alternatives[0][0]):
        assert mentor.full_name in body
        assert mentor.phone in body and mentor.email in body
        assert "групповое" in body
        assert "с 02.09.2024 по 31.05.2025" in body  # from the order's date
        assert "№ 45-о" in body and "02.09.2024" in body
        assert curator.staff_member.full_name in body and "+7 381 200-30-30" in body
    assert "Воронина" in message.body  # the other member of her group


def test_the_mentor_is_told_her_mentees(registered):
    _order, group, _loner = registered
    mentor = group.mentor.staff

    message = next(m for m in mail.outbox if m.to == [mentor.email])

    assert "Вы назначены наставником" in message.subject
    for membership in group.members.all():
        assert membership.mentee.staff.full_name in message.body


def test_a_notice_is_emailed_once_even_if_the_task_runs_twice(registered):
    order, _group, _loner = registered
    notice = order.notices.exclude(staff__email="").first()
    sent = notice.emailed_at
    before = len(mail.outbox)

    services.notice_email_deliver(notice_id=notice.pk)

    notice.refresh_from_db()
    assert len(mail.outbox) == before
    assert notice.emailed_at == sent


def test_printing_gives_a_sheet_to_those_without_email_and_marks_them(
    curator_client, programme, registered
):
    order, group, loner = registered

    response = curator_client.post(
        reverse("pairing:order_notices_print", args=[programme.pk, order.pk])
    )

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    flat = squeezed(text)
    assert squeezed(name_case(loner.full_name, "datv")) in flat  # «кому»: «Ворониной …»
    assert squeezed(f"Уважаемая {loner.first_name} {loner.patronymic}!") in flat
    assert squeezed("С уведомлением ознакомлена:") in flat
    assert squeezed(group.mentor.staff.full_name) in flat
    assert squeezed("Уведомление о закреплении наставнической пары (группы)") in flat
    assert text.count("Уведомление о закреплении") == 1
    printed = Notice.objects.filter(order=order, printed_at__isnull=False)
    assert [n.staff_id for n in printed] == [loner.pk]


def test_printing_for_everyone_gives_a_sheet_per_person(curator_client, programme, registered):
    order, _group, _loner = registered

    response = curator_client.post(
        reverse("pairing:order_notices_print", args=[programme.pk, order.pk]), {"everyone": "on"}
    )

    text = pdf_text(response.content)
    assert text.count("Уведомление о закреплении") == 3
    assert Notice.objects.filter(order=order, printed_at__isnull=True).count() == 0


def test_the_registered_order_page_shows_who_was_told(curator_client, programme, registered):
    order, _group, loner = registered

    html = curator_client.get(
        reverse("pairing:order_detail", args=[programme.pk, order.pk])
    ).content.decode()

    assert "письмо отправлено" in html
    assert f"{loner.full_name} —" in html and "нет электронной почты" in html
    assert "Напечатать уведомления" in html


def test_an_order_that_ends_a_pair_tells_its_mentor_and_its_mentees_once_each(
    programme, curator, registered, django_capture_on_commit_callbacks
):
    _order, group, _loner = registered
    pairings.pairing_terminate(pairing=group, on=dt.date(2024, 12, 20), reason="реорганизация")
    before = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        amendment = fill_and_register(
            order_services.order_draft(programme=programme, by=curator),
            curator,
            number="70-о",
            date=dt.date(2024, 12, 23),
        )

    mentor = group.mentor.staff
    mentees = [m.mentee.staff for m in group.members.all()]
    told = sorted(amendment.notices.values_list("staff_id", flat=True))
    assert told == sorted([mentor.pk, *(m.pk for m in mentees)])
    sent = mail.outbox[before:]
    assert len(sent) == 2  # Воронина has no address: her notice is printed
    mentee = next(m for m in mentees if m.email)
    letter = next(m for m in sent if m.to == [mentee.email])
    assert "Наставничество прекращено" in letter.subject
    assert "с наставником Соболевой" in letter.body and "прекращено с 20.12.2024" in letter.body
    to_mentor = next(m for m in sent if m.to == [mentor.email])
    assert "прекращено с 20.12.2024" in to_mentor.body


def test_a_mentor_of_two_pairs_gets_one_notice_listing_both(
    programme, curator, django_capture_on_commit_callbacks
):
    first = confirmed_pair(programme, "Соболева", "Лисицына")
    mentor = first.mentor
    second = PairingFactory(mentor=mentor, confirmed_at=timezone.now())
    mentee = included_mentee(programme, {}, last_name="Морозова", first_name="Елена")
    MembershipFactory(pairing=second, mentee=mentee, joined_on=second.starts_on)

    with django_capture_on_commit_callbacks(execute=True):
        order = fill_and_register(
            order_services.order_draft(programme=programme, by=curator), curator
        )

    assert order.notices.filter(staff=mentor.staff).count() == 1
    (letter,) = [m for m in mail.outbox if m.to == [mentor.staff.email]]
    assert "Лисицына" in letter.body and "Морозова" in letter.body
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(order=order, pairing=second, staff=mentor.staff)


def test_renaming_a_person_after_registration_does_not_change_her_notice(
    curator_client, programme, registered
):
    order, group, loner = registered
    printed_name, mentor_name = loner.full_name, group.mentor.staff.full_name
    loner.last_name, loner.position = "Новикова", "metodist"
    loner.save()
    mentor = group.mentor.staff
    mentor.last_name = "Петрова"
    mentor.save()

    response = curator_client.post(
        reverse("pairing:order_notices_print", args=[programme.pk, order.pk]), {"everyone": "on"}
    )

    flat = squeezed(pdf_text(response.content))
    assert squeezed(name_case(printed_name, "datv")) in flat
    assert squeezed(mentor_name) in flat
    assert "Новиков" not in flat and "Петрова" not in flat
