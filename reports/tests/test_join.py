"""The announcement's QR code leads somewhere a teacher can act at once (issue 21 §3.2): on the
join page a teacher with her address in the staff list gets her personal questionnaire link by
email; one without email leaves her name, and the curator prints her invitation sheet from the
dashboard and marks it done. Neither answer tells whether the address or the name was found."""

import io

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from pypdf import PdfReader

from programme.models.roadmap import ActivityStatus
from surveys.models import Invitation, JoinRequest, QuestionnaireKind
from surveys.services import join as join_services
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

JOIN = reverse("reports:join", args=["ds30"])


def pdf_text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def vera(org):
    return StaffMemberFactory(
        organisation=org,
        last_name="Ёлкина",
        first_name="Вера",
        patronymic="Павловна",
        email="vera@example.org",
    )


def ask_by_email(client, email):
    return client.post(JOIN, {"action": "email", "email-email": email})


def leave_name(client, full_name, detail=""):
    return client.post(JOIN, {"action": "name", "name-full_name": full_name, "name-detail": detail})


def intake(programme):
    return programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)


def test_a_teacher_with_email_gets_her_personal_link_to_the_current_intake(
    client, programme, vera, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = ask_by_email(client, "VERA@example.org")

    assert "на него отправлено письмо" in page.content.decode()
    invitation = Invitation.objects.get(staff=vera)
    assert invitation.questionnaire == intake(programme)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vera@example.org"]
    assert "/q/" in mail.outbox[0].body


def test_her_open_invitation_is_sent_again_not_a_second_one(
    client, programme, vera, django_capture_on_commit_callbacks
):
    first = join_services.join_invitation(questionnaire=intake(programme), staff=vera, by=None)

    with django_capture_on_commit_callbacks(execute=True):
        ask_by_email(client, "vera@example.org")

    assert list(Invitation.objects.filter(staff=vera)) == [first]
    assert len(mail.outbox) == 1


def test_an_unknown_address_gets_the_same_answer_and_nothing_is_sent(
    client, programme, vera, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = ask_by_email(client, "vera@example.org").content.decode()
        unknown = ask_by_email(client, "nobody@example.org").content.decode()

    def answer(html):
        return html.split("data-answer>")[1].split("<")[0]

    assert answer(known) == answer(unknown)
    assert len(mail.outbox) == 1
    assert Invitation.objects.count() == 1


def test_a_teacher_of_another_kindergarten_gets_nothing_from_this_page(
    client, programme, other_org, django_capture_on_commit_callbacks
):
    StaffMemberFactory(organisation=other_org, email="stranger@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        ask_by_email(client, "stranger@example.org")

    assert not mail.outbox and not Invitation.objects.exists()


def test_the_email_request_is_throttled_as_the_sign_in_request(client, programme, vera):
    from pairing.views.signin import REQUESTS_PER_IP

    for _ in range(REQUESTS_PER_IP):
        assert ask_by_email(client, "nobody@example.org").status_code == 200

    assert ask_by_email(client, "vera@example.org").status_code == 429


def test_three_letters_an_hour_to_one_address_at_most(
    client, programme, vera, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            ask_by_email(client, "vera@example.org")

    assert len(mail.outbox) == 3


def test_a_name_left_becomes_one_open_request_whatever_it_matches(client, programme, vera):
    matched = leave_name(client, "Елкина Вера Павловна", "группа «Солнышко»").content.decode()
    leave_name(client, "Елкина  Вера Павловна", "группа «Солнышко»")
    unknown = leave_name(client, "Незнакомова Нина").content.decode()

    assert "Куратор программы получит вашу просьбу" in matched
    assert matched.split("data-answer>")[1][:200] == unknown.split("data-answer>")[1][:200]
    assert JoinRequest.objects.filter(programme=programme, done_at__isnull=True).count() == 2
    assert not Invitation.objects.exists()  # nothing made until the curator prints


def test_a_bare_first_name_is_refused_and_the_typed_text_kept(client, programme):
    page = leave_name(client, "Вера", "младшая группа")

    html = page.content.decode()
    assert "Напишите фамилию и имя" in html
    assert 'value="Вера"' in html and 'value="младшая группа"' in html
    assert not JoinRequest.objects.exists()


def test_an_identical_open_request_is_refused_by_the_database(programme):
    join_services.join_request_leave(programme=programme, full_name="Ёлкина Вера")
    with pytest.raises(IntegrityError):
        JoinRequest.objects.create(
            organisation=programme.organisation,
            programme=programme,
            full_name="Елкина Вера",
            name_key="елкина вера",
            detail_key="",
        )


def test_the_curator_prints_the_sheet_with_her_personal_link_and_marks_it_done(
    curator_client, programme, vera, client
):
    leave_name(client, "Ёлкина Вера Павловна")
    dashboard = reverse("programme:dashboard", args=[programme.pk])
    html = curator_client.get(dashboard).content.decode()
    assert "Ёлкина Вера Павловна" in html and "Лист-приглашение (PDF)" in html
    request = JoinRequest.objects.get()

    text = pdf_text(
        curator_client.post(
            reverse("surveys:join_request_sheet", args=[programme.pk, request.pk]),
            {"staff": vera.pk},
        )
    )

    invitation = Invitation.objects.get(staff=vera)
    assert invitation.questionnaire == intake(programme)
    assert "Ёлкина Вера Павловна" in text and intake(programme).title in text
    curator_client.post(reverse("surveys:join_request_done", args=[programme.pk, request.pk]))
    request.refresh_from_db()
    assert request.done_at is not None
    assert "data-join-request" not in curator_client.get(dashboard).content.decode()


def test_a_name_not_in_the_staff_list_is_shown_with_how_to_add_her(
    curator_client, programme, client
):
    leave_name(client, "Новенькая Ольга")

    html = curator_client.get(reverse("programme:dashboard", args=[programme.pk])).content
    assert "В списке педагогов не найдена" in html.decode()


def test_another_kindergartens_curator_cannot_print_or_close_the_request(
    other_curator_client, teacher_client, programme, vera, client
):
    leave_name(client, "Ёлкина Вера Павловна")
    request = JoinRequest.objects.get()
    sheet = reverse("surveys:join_request_sheet", args=[programme.pk, request.pk])
    done = reverse("surveys:join_request_done", args=[programme.pk, request.pk])

    assert other_curator_client.post(sheet, {"staff": vera.pk}).status_code == 404
    assert other_curator_client.post(done).status_code == 404
    assert teacher_client.post(done).status_code == 403
    request.refresh_from_db()
    assert request.done_at is None and not Invitation.objects.exists()


def test_when_the_intake_is_over_the_page_says_whom_to_ask(client, programme, curator):
    programme.activities.filter(code__in=["2.1", "3.3"]).update(status=ActivityStatus.DONE)

    html = client.get(JOIN).content.decode()
    posted = ask_by_email(client, "vera@example.org")

    assert "Анкеты для новых участников сейчас не принимаются" in html
    assert curator.staff_member.full_name in html
    assert 'name="email-email"' not in html
    assert posted.status_code == 200 and not Invitation.objects.exists()


def test_after_the_mentee_intake_the_mentor_intake_is_offered(client, programme):
    programme.activities.filter(code="2.1").update(status=ActivityStatus.DONE)

    html = client.get(JOIN).content.decode()

    mentor_intake = programme.questionnaires.get(kind=QuestionnaireKind.MENTOR_INTAKE)
    assert f"«{mentor_intake.title}»" in html


def test_the_announcement_says_what_the_qr_code_does(curator_client, programme):
    text = " ".join(
        pdf_text(
            curator_client.get(reverse("reports:announcement_pdf", args=[programme.pk]))
        ).split()
    )

    assert "электронную почту из вашей карточки педагога" in text
    assert "оставьте фамилию и имя" in text
