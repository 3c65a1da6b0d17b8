"""The head's order fixing the pairs (5.4): the draft, its PDF, registering, amendments and who
may do what."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from common.formatting import name_case
from pairing.models import (
    Membership,
    Notice,
    Order,
    OrderAction,
    OrderItem,
    OrderStatus,
    Pairing,
    PairingStatus,
)
from pairing.services import orders as services
from pairing.services import pairings as pairing_services
from programme.exceptions import DomainError
from programme.models.bases import MenteeStatus, MentorStatus
from programme.models.roadmap import ActivityStatus, OrderKind
from programme.progress import activity_progress
from tests.factories import StaffMemberFactory, UserFactory
from tests.factories_pairing import MembershipFactory, PairingFactory, included_mentee, ready_mentor


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    """Lines wrap anywhere in a table cell: compare with every whitespace removed."""
    return re.sub(r"\s+", "", text)


def confirmed_pair(programme, mentor_last_name, *mentee_last_names, **pairing) -> Pairing:
    """A pairing the board has confirmed: a ready mentor with the 351.8 consent and included
    mentees, as pairings_confirm leaves them."""
    mentor = ready_mentor(programme, {}, last_name=mentor_last_name, phone="+7 900 000-00-01")
    pairing = PairingFactory(mentor=mentor, confirmed_at=timezone.now(), **pairing)
    for last_name in mentee_last_names:
        mentee = included_mentee(programme, {}, last_name=last_name, position="muz_rukovoditel")
        MembershipFactory(pairing=pairing, mentee=mentee, joined_on=pairing.starts_on)
    return pairing


@pytest.fixture
def pairs(programme):
    programme.regulation = (
        "Положение о наставничестве педагогических работников, утв. приказом от 10.01.2024 № 3"
    )
    programme.save()
    return [
        confirmed_pair(programme, "Орлова", "Журавлёва"),
        confirmed_pair(programme, "Соболева", "Лисицына", "Воронина", form="group"),
    ]


def fill_and_register(order, by, *, number="45-о", date=dt.date(2024, 9, 2)) -> Order:
    services.order_update(order=order, number=number, date=date)
    return services.order_register(order=order, by=by)


# --- The draft ---------------------------------------------------------------------------


def test_draft_takes_its_defaults_from_the_programme_and_lists_the_confirmed_pairs(
    programme, pairs, curator, org
):
    org.city = "Омск"
    org.save()
    programme.refresh_from_db()

    order = services.order_draft(programme=programme, by=curator)

    assert order.status == OrderStatus.DRAFT
    assert order.kind == OrderKind.ORDER
    assert order.title == "О закреплении наставнических пар (групп)"
    assert order.amends is None
    assert order.city == "Омск"
    assert order.monitor == curator.staff_member
    assert order.regulation.startswith("Положение о наставничестве")
    assert order.payments == services.DEFAULT_PAYMENTS
    assert order.plans_due_on > timezone.localdate()
    items = list(order.items.order_by("position"))
    assert [(i.position, i.action) for i in items] == [(1, "fix"), (2, "fix")]
    group = items[1].snapshot
    assert group["mentor"]["name"].startswith("Соболева")
    assert group["mentor"]["category"] == "высшая"
    assert group["mentor"]["experience"] == "12\u00a0лет"
    assert [m["name"].split()[0] for m in group["mentees"]] == ["Воронина", "Лисицына"]
    assert group["mentees"][0]["position"] == "музыкальный руководитель"
    assert group["form"] == "групповое"
    assert group["term"] == "с 01.09.2024 по 31.05.2025"


def test_there_is_one_draft_per_programme_refreshed_by_each_request(programme, pairs, curator):
    first = services.order_draft(programme=programme, by=curator)
    confirmed_pair(programme, "Белова", "Голубева")

    second = services.order_draft(programme=programme, by=curator)

    assert second.pk == first.pk
    assert Order.objects.filter(programme=programme).count() == 1
    assert second.items.count() == 3


def test_nothing_to_fix_refuses_a_draft(programme, curator):
    with pytest.raises(DomainError, match="Нет утверждённых пар и изменений"):
        services.order_draft(programme=programme, by=curator)
    assert not Order.objects.exists()


def test_a_monitor_from_another_kindergarten_is_refused(programme, pairs, curator, other_org):
    order = services.order_draft(programme=programme, by=curator)
    stranger = StaffMemberFactory(organisation=other_org)

    with pytest.raises(DomainError, match="должен работать в этой организации"):
        services.order_update(order=order, monitor=stranger)


# --- The PDF -----------------------------------------------------------------------------


def test_order_pdf_holds_the_pairs_the_operative_part_and_the_acknowledgement_sheet(
    programme, pairs, curator, org
):
    order = services.order_draft(programme=programme, by=curator)
    services.order_update(
        order=order, number="45-о", date=dt.date(2024, 9, 2), plans_due_on=dt.date(2024, 10, 1)
    )
    order.refresh_from_db()
    order = services.order_register(order=order, by=curator)

    text = pdf_text(order.pdf.open("rb").read())
    flat = squeezed(text)

    assert squeezed(org.full_name) in flat
    assert "ПРИКАЗ" in text and "ПРИКАЗЫВАЮ" in text
    assert "ПРОЕКТ" not in text
    assert squeezed("02.09.2024") in flat and squeezed("№ 45-о") in flat
    assert squeezed("О закреплении наставнических пар (групп)") in flat
    assert (
        squeezed("В соответствии с Положением о наставничестве педагогических работников") in flat
    )
    # The programme's title «Программа наставничества педагогов на 2024 год», declined.
    assert squeezed("в целях реализации программы наставничества педагогов на 2024 год") in flat
    assert squeezed("статья 351.8 Трудового кодекса Российской Федерации") in flat
    assert squeezed("заявлений наставляемых") in flat
    assert squeezed("1. Закрепить наставнические пары (группы) согласно приложению") in flat
    assert squeezed("в срок до 01.10.2024 разработать индивидуальные планы развития") in flat
    assert squeezed("3. Назначить ответственным за мониторинг") in flat
    assert squeezed(curator.staff_member.full_name) in flat
    assert squeezed("4. Выплаты наставникам производить в соответствии с Положением") in flat
    assert squeezed("5. Контроль за исполнением приказа оставляю за собой.") in flat
    assert squeezed("С.В.Синицына") in flat
    for pairing in pairs:
        assert squeezed(pairing.mentor.staff.full_name) in flat
        for membership in pairing.members.all():
            assert squeezed(membership.mentee.staff.full_name) in flat
    assert squeezed("высшая") in flat and squeezed("музыкальный руководитель") in flat
    # The term starts no earlier than the order (02.09.2024), not on the board's 01.09.2024.
    assert squeezed("групповое") in flat and squeezed("с 02.09.2024") in flat
    ack = flat[flat.index("Листознакомления") :]
    for pairing in pairs:
        assert squeezed(pairing.mentor.staff.full_name) in ack
        for membership in pairing.members.all():
            assert squeezed(membership.mentee.staff.full_name) in ack
    assert squeezed(curator.staff_member.full_name) in ack
    assert "Подпись" in ack and "Дата" in ack


def test_a_directive_programme_issues_a_raspory_azhenie(programme, pairs, curator):
    programme.order_kind = OrderKind.DIRECTIVE
    programme.save()
    order = services.order_draft(programme=programme, by=curator)

    text = pdf_text(services.order_document(order).content)

    assert order.kind == OrderKind.DIRECTIVE
    assert "РАСПОРЯЖЕНИЕ" in text and "ОБЯЗЫВАЮ" in text
    assert "ПРИКАЗЫВАЮ" not in text
    assert squeezed("Контроль за исполнением распоряжения оставляю за собой") in squeezed(text)


def test_the_draft_pdf_is_marked_as_a_project(curator_client, programme, pairs, curator):
    order = services.order_draft(programme=programme, by=curator)

    response = curator_client.get(reverse("pairing:order_pdf", args=[programme.pk, order.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "ПРОЕКТ" in pdf_text(response.content)


# --- Registering -------------------------------------------------------------------------


def test_registering_needs_a_number_and_a_date(programme, pairs, curator):
    order = services.order_draft(programme=programme, by=curator)

    with pytest.raises(DomainError, match="Укажите номер приказа"):
        services.order_register(order=order, by=curator)
    services.order_update(order=order, number="45-о")
    with pytest.raises(DomainError, match="Укажите дату приказа"):
        services.order_register(order=order, by=curator)
    assert Order.objects.get().status == OrderStatus.DRAFT


def test_registering_activates_the_pairs_moves_statuses_and_closes_5_3_and_5_4(
    programme, pairs, curator
):
    order = services.order_draft(programme=programme, by=curator)

    order = fill_and_register(order, curator)

    assert order.status == OrderStatus.REGISTERED
    assert order.registered_by == curator and order.registered_at is not None
    assert order.pdf.name.endswith(".pdf")
    for pairing in pairs:
        pairing.refresh_from_db()
        assert pairing.status == PairingStatus.ACTIVE
        assert pairing.get_status_display() == "действует"
        assert pairing.fixed_by == order
        assert pairing.mentor.status == MentorStatus.MENTOR
        for membership in pairing.members.select_related("mentee"):
            assert membership.fixed_by == order
            assert membership.mentee.status == MenteeStatus.PAIRED
    url = reverse("pairing:order_detail", args=[programme.pk, order.pk])
    for code in ("5.3", "5.4"):
        activity = programme.activities.get(code=code)
        assert activity.status == ActivityStatus.DONE
        assert activity.completed_on == dt.date(2024, 9, 2)
        assert activity.evidence_url == url
        assert "№ 45-о от 02.09.2024" in activity.evidence_label


def test_registering_tells_each_participant_once_by_email_with_the_counterpart_named(
    programme, pairs, curator, django_capture_on_commit_callbacks
):
    no_email = pairs[1].members.first().mentee.staff
    no_email.email = ""
    no_email.save()
    order = services.order_draft(programme=programme, by=curator)

    with django_capture_on_commit_callbacks(execute=True):
        fill_and_register(order, curator)

    notices = Notice.objects.filter(order=order)
    assert notices.count() == 5  # two mentors, three mentees
    assert len(mail.outbox) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        n.staff.email for n in notices.select_related("staff") if n.staff.email
    )
    assert all(n.emailed_at for n in notices.exclude(staff=no_email))
    assert notices.get(staff=no_email).emailed_at is None
    first_mentee = pairs[0].members.get().mentee.staff
    to_mentee = next(m for m in mail.outbox if m.to == [first_mentee.email])
    assert pairs[0].mentor.staff.full_name in to_mentee.body
    assert "№ 45-о" in to_mentee.body
    to_mentor = next(m for m in mail.outbox if m.to == [pairs[0].mentor.staff.email])
    assert first_mentee.full_name in to_mentor.body


def test_registering_twice_creates_nothing_twice(
    programme, pairs, curator, django_capture_on_commit_callbacks
):
    order = services.order_draft(programme=programme, by=curator)
    with django_capture_on_commit_callbacks(execute=True):
        order = fill_and_register(order, curator)
    stored = order.pdf.name

    with pytest.raises(DomainError, match="уже зарегистрирован"):
        services.order_register(order=order, by=curator)

    order.refresh_from_db()
    assert order.pdf.name == stored
    assert Notice.objects.count() == 5
    assert len(mail.outbox) == 5
    assert OrderItem.objects.count() == 2
    assert Order.objects.count() == 1


def test_a_double_click_on_register_makes_one_registration(
    curator_client, programme, pairs, curator
):
    order = services.order_draft(programme=programme, by=curator)
    services.order_update(order=order, number="45-о", date=dt.date(2024, 9, 2))
    url = reverse("pairing:order_register", args=[programme.pk, order.pk])

    first = curator_client.post(url, {"signed": "on"})
    second = curator_client.post(url, {"signed": "on"}, follow=True)

    assert first.status_code == 302
    assert "уже зарегистрирован" in second.content.decode()
    assert Notice.objects.count() == 5
    assert Order.objects.get().status == OrderStatus.REGISTERED


def test_registering_needs_the_signed_box_ticked(curator_client, programme, pairs, curator):
    order = services.order_draft(programme=programme, by=curator)
    services.order_update(order=order, number="45-о", date=dt.date(2024, 9, 2))

    page = curator_client.post(reverse("pairing:order_register", args=[programme.pk, order.pk]))

    assert page.status_code == 200
    assert "Отметьте, что приказ подписан руководителем" in page.content.decode()
    assert Order.objects.get().status == OrderStatus.DRAFT


def test_a_mentor_without_the_351_8_consent_blocks_the_order(programme, pairs, curator):
    mentor = pairs[0].mentor
    mentor.labour_consent_on = None
    mentor.save()
    order = services.order_draft(programme=programme, by=curator)

    with pytest.raises(DomainError, match=r"351\.8"):
        fill_and_register(order, curator)

    assert Order.objects.get().status == OrderStatus.DRAFT
    pairs[1].refresh_from_db()
    assert pairs[1].status == PairingStatus.CONFIRMED


def test_a_number_already_registered_is_refused(programme, pairs, curator):
    fill_and_register(services.order_draft(programme=programme, by=curator), curator)
    confirmed_pair(programme, "Белова", "Голубева")
    amendment = services.order_draft(programme=programme, by=curator)

    with pytest.raises(DomainError, match="уже зарегистрирован"):
        services.order_update(order=amendment, number="45-о")


# --- A registered order stays as issued ---------------------------------------------------


def test_a_registered_order_cannot_be_edited(curator_client, programme, pairs, curator):
    order = fill_and_register(services.order_draft(programme=programme, by=curator), curator)
    url = reverse("pairing:order_detail", args=[programme.pk, order.pk])

    with pytest.raises(DomainError, match="Зарегистрированный приказ изменить нельзя"):
        services.order_update(order=order, title="Другое")
    page = curator_client.get(url)
    posted = curator_client.post(
        url, {"kind": "order", "number": "99", "date": "2024-09-03", "title": "Другое"}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert "изменить нельзя" in html
    assert 'name="title"' not in html
    assert "Зарегистрированный приказ изменить нельзя" in posted.content.decode()
    order.refresh_from_db()
    assert (order.number, order.title) == ("45-о", "О закреплении наставнических пар (групп)")


def test_later_changes_go_into_an_amendment_that_lists_only_them(programme, pairs, curator):
    main = fill_and_register(services.order_draft(programme=programme, by=curator), curator)
    issued = main.pdf.open("rb").read()
    untouched, group = pairs
    leaver = group.members.order_by("mentee__staff__last_name").first()  # Воронина
    pairing_services.membership_leave(
        membership=leaver, on=dt.date(2024, 11, 5), reason="перевод в другой детский сад"
    )
    newcomer = confirmed_pair(programme, "Белова", "Голубева")

    amendment = services.order_draft(programme=programme, by=curator)

    assert amendment.amends == main
    assert amendment.title == "О внесении изменений в приказ № 45-о от 02.09.2024"
    assert {(i.pairing_id, i.action) for i in amendment.items.all()} == {
        (group.pk, OrderAction.CHANGE),
        (newcomer.pk, OrderAction.FIX),
    }
    amendment = fill_and_register(amendment, curator, number="61-о", date=dt.date(2024, 11, 6))
    text = pdf_text(amendment.pdf.open("rb").read())
    flat = squeezed(text)
    assert squeezed("О внесении изменений в приказ № 45-о от 02.09.2024") in flat
    assert squeezed("Внести в приказ от 02.09.2024 № 45-о") in flat
    leaver_accusative = name_case(leaver.mentee.staff.full_name, "accs")  # «Воронину Ольгу …»
    assert squeezed(f"исключить {leaver_accusative}, музыкального руководителя") in flat
    assert squeezed("с 05.11.2024") in flat
    assert squeezed(newcomer.mentor.staff.full_name) in flat
    assert untouched.mentor.staff.full_name.split()[0] not in text
    leaver.refresh_from_db()
    assert leaver.released_by == amendment
    newcomer.refresh_from_db()
    assert newcomer.status == PairingStatus.ACTIVE and newcomer.fixed_by == amendment
    main.refresh_from_db()
    assert main.pdf.open("rb").read() == issued


def test_an_early_end_appears_as_ended_and_the_first_order_keeps_its_bytes(
    curator_client, programme, pairs, curator
):
    main = fill_and_register(services.order_draft(programme=programme, by=curator), curator)
    download = reverse("pairing:order_pdf", args=[programme.pk, main.pk])
    issued = curator_client.get(download).content
    assert issued == main.pdf.open("rb").read()
    ended, untouched = pairs
    pairing_services.pairing_terminate(
        pairing=ended,
        on=dt.date(2024, 12, 6),
        reason="по инициативе наставника",
        by_mentor=True,
        notice_on=dt.date(2024, 12, 2),
    )

    amendment = fill_and_register(
        services.order_draft(programme=programme, by=curator),
        curator,
        number="70-о",
        date=dt.date(2024, 12, 9),
    )

    item = amendment.items.get()
    assert (item.pairing_id, item.action) == (ended.pk, OrderAction.END)
    flat = squeezed(pdf_text(amendment.pdf.open("rb").read()))
    assert squeezed("Прекратить досрочно с 06.12.2024") in flat
    assert squeezed(ended.mentor.staff.full_name) in flat
    assert squeezed("уведомление от 02.12.2024") in flat
    assert squeezed(untouched.mentor.staff.last_name) not in flat
    ended.refresh_from_db()
    assert ended.ended_by == amendment
    assert Membership.objects.get(pairing=ended).released_by == amendment
    assert curator_client.get(download).content == issued
    assert main.pdf.open("rb").read() == issued


def test_an_amendment_carries_the_plans_monitoring_and_payments_items_of_the_draft(
    programme, pairs, curator
):
    fill_and_register(services.order_draft(programme=programme, by=curator), curator)
    monitor = StaffMemberFactory(
        organisation=programme.organisation,
        last_name="Королёва",
        first_name="Ирина",
        patronymic="Николаевна",
        position="starshiy_vospitatel",
    )
    confirmed_pair(programme, "Белова", "Голубева")
    draft = services.order_draft(programme=programme, by=curator)
    services.order_update(
        order=draft,
        monitor=monitor,
        payments="в размере 3000 рублей ежемесячно",
        plans_due_on=dt.date(2024, 12, 6),
    )

    amendment = fill_and_register(draft, curator, number="61-о", date=dt.date(2024, 11, 6))

    flat = squeezed(pdf_text(amendment.pdf.open("rb").read()))
    assert squeezed("в срок до 06.12.2024 разработать индивидуальные планы развития") in flat
    assert (
        squeezed(
            "Назначить ответственным за мониторинг работы наставнических пар (групп), закрепляемых "
            "и изменяемых настоящим приказом: Королёву Ирину Николаевну, старшего воспитателя."
        )
        in flat
    )
    assert (
        squeezed(
            "Выплаты наставникам вновь закреплённых пар (групп) производить в размере 3000 рублей "
            "ежемесячно."
        )
        in flat
    )
    assert squeezed("5. Контроль за исполнением приказа оставляю за собой.") in flat


def test_an_amendment_draft_takes_the_monitor_and_payments_of_the_main_order(
    programme, pairs, curator
):
    monitor = StaffMemberFactory(organisation=programme.organisation, last_name="Королёва")
    main = services.order_draft(programme=programme, by=curator)
    services.order_update(order=main, monitor=monitor, payments="в размере 3000 рублей")
    fill_and_register(main, curator)
    confirmed_pair(programme, "Белова", "Голубева")

    amendment = services.order_draft(programme=programme, by=curator)

    assert amendment.monitor == monitor
    assert amendment.payments == "в размере 3000 рублей"


def test_the_basis_of_an_early_end_is_printed_once(programme, pairs, curator):
    fill_and_register(services.order_draft(programme=programme, by=curator), curator)
    pairing_services.pairing_terminate(
        pairing=pairs[0],
        on=dt.date(2024, 12, 20),
        reason="по инициативе наставника, уведомление от 16.12.2024",
        by_mentor=True,
        notice_on=dt.date(2024, 12, 16),
    )

    amendment = fill_and_register(
        services.order_draft(programme=programme, by=curator),
        curator,
        number="70-о",
        date=dt.date(2024, 12, 23),
    )

    text = pdf_text(amendment.pdf.open("rb").read())
    assert text.count("Основание") == 1
    assert squeezed(text).count(squeezed("по инициативе наставника")) == 1
    assert squeezed(text).count("16.12.2024") == 1
    assert curator.staff_member.last_name not in text  # appointed nobody: not on the sheet


def test_an_amendment_of_a_raspory_azhenie_cites_it(programme, pairs, curator):
    programme.order_kind = OrderKind.DIRECTIVE
    programme.save()
    fill_and_register(services.order_draft(programme=programme, by=curator), curator)
    confirmed_pair(programme, "Белова", "Голубева")

    amendment = services.order_draft(programme=programme, by=curator)

    assert amendment.title == "О внесении изменений в распоряжение № 45-о от 02.09.2024"


# --- Pages and who may use them ----------------------------------------------------------


def test_the_curator_makes_fills_and_registers_the_order_from_the_pages(
    curator_client, programme, pairs
):
    list_url = reverse("pairing:order_list", args=[programme.pk])
    assert "Сформировать проект приказа" in curator_client.get(list_url).content.decode()

    made = curator_client.post(reverse("pairing:order_draft", args=[programme.pk]))
    order = Order.objects.get()
    assert made["Location"] == reverse("pairing:order_detail", args=[programme.pk, order.pk])
    detail = curator_client.get(made["Location"]).content.decode()
    assert "Скачать проект (PDF)" in detail and "Зарегистрировать" in detail
    assert pairs[0].mentor.staff.full_name in detail

    saved = curator_client.post(
        made["Location"],
        {
            "kind": "order",
            "number": "45-о",
            "date": "2024-09-02",
            "city": "Омск",
            "title": "О закреплении наставнических пар (групп)",
            "regulation": "",
            "plans_due_on": "2024-10-01",
            "monitor": "",
            "payments": "по Положению об оплате труда",
        },
    )
    assert saved.status_code == 302
    curator_client.post(
        reverse("pairing:order_register", args=[programme.pk, order.pk]), {"signed": "on"}
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.REGISTERED
    assert order.payments == "по Положению об оплате труда"
    listing = curator_client.get(list_url).content.decode()
    assert "№ 45-о от 02.09.2024" in listing


def test_the_head_may_register_too(head_client, programme, pairs, curator):
    order = services.order_draft(programme=programme, by=curator)
    services.order_update(order=order, number="45-о", date=dt.date(2024, 9, 2))

    head_client.post(
        reverse("pairing:order_register", args=[programme.pk, order.pk]), {"signed": "on"}
    )

    assert Order.objects.get().status == OrderStatus.REGISTERED


@pytest.fixture
def psychologist_client(org, client):
    user = UserFactory(username="pavel", organisation=org, role="psychologist")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize(
    "who", ["teacher_client", "psychologist_client", "regional_client", "other_curator_client"]
)
def test_only_the_kindergartens_managers_make_edit_register_or_download_orders(
    request, who, programme, pairs, curator
):
    client = request.getfixturevalue(who)
    order = services.order_draft(programme=programme, by=curator)
    services.order_update(order=order, number="45-о", date=dt.date(2024, 9, 2))
    args = [programme.pk, order.pk]
    denied = (403, 404)

    assert client.get(reverse("pairing:order_list", args=[programme.pk])).status_code in denied
    assert client.post(reverse("pairing:order_draft", args=[programme.pk])).status_code in denied
    assert client.get(reverse("pairing:order_detail", args=args)).status_code in denied
    edit = client.post(reverse("pairing:order_detail", args=args), {"title": "Чужое"})
    assert edit.status_code in denied
    register = client.post(reverse("pairing:order_register", args=args), {"signed": "on"})
    assert register.status_code in denied
    assert client.get(reverse("pairing:order_pdf", args=args)).status_code in denied
    pairing_url = reverse("pairing:pairing_detail", args=[programme.pk, pairs[0].pk])
    assert client.get(pairing_url).status_code in denied

    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT and order.title != "Чужое"


def test_another_kindergartens_curator_gets_404_for_a_registered_order(
    other_curator_client, programme, pairs, curator
):
    order = fill_and_register(services.order_draft(programme=programme, by=curator), curator)

    response = other_curator_client.get(reverse("pairing:order_pdf", args=[programme.pk, order.pk]))

    assert response.status_code == 404


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_orders_list_takes_the_same_number_of_queries_for_2_and_10_pairs(
    curator_client, programme, curator
):
    url = reverse("pairing:order_list", args=[programme.pk])
    for index in range(2):
        confirmed_pair(programme, f"Наставник{index}", f"Наставляемая{index}")
    fill_and_register(services.order_draft(programme=programme, by=curator), curator)
    confirmed_pair(programme, "Белова", "Голубева")
    services.order_draft(programme=programme, by=curator)
    with_2 = _queries_for(curator_client, url)

    for index in range(2, 10):
        confirmed_pair(programme, f"Наставник{index}", f"Наставляемая{index}", f"Вторая{index}")
    services.order_draft(programme=programme, by=curator)
    with_10 = _queries_for(curator_client, url)

    assert with_10 == with_2


def test_the_dashboard_shows_the_order_and_how_many_were_told(
    programme, pairs, curator, django_capture_on_commit_callbacks
):
    assert "5.4" not in activity_progress(programme)
    services.order_draft(programme=programme, by=curator)
    assert activity_progress(programme)["5.4"].text == "проект приказа: строк в приложении 2"

    with django_capture_on_commit_callbacks(execute=True):
        fill_and_register(Order.objects.get(), curator)

    progress = activity_progress(programme)["5.4"]
    assert progress.text == "приказ № 45-о от 02.09.2024; уведомлено 5 из 5"
    assert progress.fraction == 1.0


def test_the_dashboard_links_5_4_to_the_orders(curator_client, programme):
    page = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))

    assert reverse("pairing:order_list", args=[programme.pk]) in page.content.decode()
    assert "Приказ о закреплении пар" in page.content.decode()
