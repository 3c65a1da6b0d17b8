"""The roadmap plan and the 1.1 announcement as PDFs, and the public join page behind the QR."""

import datetime as dt
import io
import re

import pytest
import qrcode
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from common import formatting
from common.qr import qr_svg
from programme.models import Programme
from reports.documents import programmes as documents
from tests.factories import ProgrammeFactory, StaffMemberFactory
from tests.factories_documents import InformingEventFactory

JOIN_URL = "http://testserver/join/ds30/"


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    """Lines wrap anywhere in a table cell: compare texts with every whitespace removed."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def signed_programme(programme):
    programme.council_protocol_number = "17"
    programme.council_protocol_date = dt.date(2024, 8, 30)
    programme.head_approved_on = dt.date(2024, 8, 31)
    programme.save()
    return programme


def roadmap_url(programme: Programme) -> str:
    return reverse("reports:roadmap_pdf", args=[programme.pk])


def announcement_url(programme: Programme) -> str:
    return reverse("reports:announcement_pdf", args=[programme.pk])


# The roadmap plan


def test_roadmap_pdf_holds_every_activity_the_stage_tasks_the_approval_block_and_organisation(
    curator_client, signed_programme, org
):
    response = curator_client.get(roadmap_url(signed_programme))

    text = pdf_text(response)
    flat = squeezed(text)
    activities = list(signed_programme.activities.all())
    assert len(activities) == 33
    for activity in activities:
        assert squeezed(f"{activity.code}{activity.title}") in flat, activity.code
    for stage in signed_programme.stages.all():
        assert squeezed(f"{stage.number}{stage.title}") in flat
        assert squeezed(f"Задача: {stage.task}") in flat
        assert squeezed(f"Результат: {stage.result}") in flat
    assert squeezed(f"Цель: {signed_programme.stages.get(number=7).goal}") in flat
    assert "СОГЛАСОВАНО" in text and "УТВЕРЖДАЮ" in text
    assert squeezed("На заседании педагогического совета") in flat
    assert squeezed("протокол № 17 от 30.08.2024") in flat
    assert squeezed("С.В.Синицына") in flat
    assert squeezed("от 31.08.2024 г.") in flat
    assert squeezed(f"Заведующий {org.full_name}") in flat
    assert squeezed(f"Принято с учетом мнения родительского комитета {org.full_name}") in flat
    assert (
        squeezed(
            "План внедрения «Дорожной карты» региональной системы (целевой модели) наставничества "
            f"педагогических работников в {org.full_name} в 2024 году."
        )
        in flat
    )
    assert squeezed("№ п/п Мероприятие Сроки Ответственные") in flat


def test_roadmap_pdf_is_named_after_the_year(curator_client, programme):
    response = curator_client.get(roadmap_url(programme))

    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_roadmap_pdf_prints_deadlines_and_responsible_positions_and_people(
    curator_client, programme, org
):
    activity = programme.activities.get(code="2.2")
    activity.responsible_people.add(
        StaffMemberFactory(
            organisation=org, last_name="Лебедева", first_name="Ольга", patronymic="Петровна"
        )
    )

    flat = squeezed(pdf_text(curator_client.get(roadmap_url(programme))))

    assert squeezed("3 неделя февраля до 21.02.2024 Старший воспитатель Лебедева О.П.") in flat
    assert squeezed("1 неделя февраля до 07.02.2024 Заведующий ДОУ Старший воспитатель") in flat


def test_roadmap_pdf_leaves_blank_lines_for_a_missing_protocol_and_dates(
    curator_client, org, curator
):
    programme = ProgrammeFactory(
        organisation=org, year=2025, council_protocol_number="", curator=curator.staff_member
    )

    flat = squeezed(pdf_text(curator_client.get(roadmap_url(programme))))

    assert squeezed("протокол № ____ от «___» ________ 20__ г.") in flat
    assert squeezed("С.В.Синицына от «___» ________ 20__ г.") in flat
    assert squeezed("в 2025 году.") in flat


def test_head_signature_is_written_with_initials_before_the_surname():
    assert formatting.initials_surname("Синицына Светлана Викторовна") == "С.В.Синицына"
    assert formatting.initials_surname("Иванова Анна") == "А.Иванова"
    assert formatting.initials_surname("") == ""


# The 1.1 announcement


def test_announcement_pdf_holds_organisation_curator_timetable_and_join_link(
    curator_client, programme, org, curator
):
    curator.staff_member.first_name = "Ирина"
    curator.staff_member.patronymic = "Николаевна"
    curator.staff_member.phone = "+7 913 000-00-00"
    curator.staff_member.save()

    response = curator_client.get(announcement_url(programme))

    text = pdf_text(response)
    flat = squeezed(text)
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    assert squeezed(org.full_name) in flat
    assert squeezed("Внимание, педагоги! Стартует программа наставничества") in flat
    assert squeezed("Алексеева Ирина Николаевна") in flat
    assert squeezed("+7 913 000-00-00") in flat
    assert JOIN_URL in flat
    assert squeezed("Анкету можно заполнить с телефона") in flat
    for deadline in ("1 неделя февраля", "2 неделя февраля", "3 неделя февраля"):
        assert squeezed(deadline) in flat


def test_announcement_pdf_shows_the_informing_event_date_time_and_place(curator_client, programme):
    InformingEventFactory(
        programme=programme,
        starts_at=timezone.make_aware(dt.datetime(2024, 2, 5, 13, 30)),
        place="музыкальный зал",
    )

    flat = squeezed(pdf_text(curator_client.get(announcement_url(programme))))

    assert squeezed("5 февраля 2024 г., в 13:30, музыкальный зал") in flat


def test_announcement_qr_code_encodes_the_join_url(programme):
    context = documents.announcement_context(programme)

    assert context["join_url"] == JOIN_URL
    assert context["qr"] == qr_svg(JOIN_URL)


def test_qr_svg_draws_exactly_the_modules_of_the_encoded_text():
    svg = qr_svg(JOIN_URL)

    drawn = {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", svg)}
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(JOIN_URL)
    code.make(fit=True)
    expected = {
        (x, y) for y, row in enumerate(code.get_matrix()) for x, dark in enumerate(row) if dark
    }
    assert drawn == expected
    assert drawn != {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", qr_svg("x"))}


# Access


@pytest.mark.parametrize("url_for", [roadmap_url, announcement_url])
def test_curator_of_another_organisation_gets_404_on_the_documents(
    other_curator_client, programme, url_for
):
    assert other_curator_client.get(url_for(programme)).status_code == 404


@pytest.mark.parametrize("url_for", [roadmap_url, announcement_url])
def test_teacher_gets_403_on_the_documents(teacher_client, programme, url_for):
    assert teacher_client.get(url_for(programme)).status_code == 403


@pytest.mark.parametrize("url_for", [roadmap_url, announcement_url])
def test_anonymous_visitor_is_sent_to_login_from_the_documents(client, programme, url_for):
    response = client.get(url_for(programme))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("url_for", [roadmap_url, announcement_url])
def test_head_and_regional_coordinator_can_print_the_documents(
    head_client, regional_client, programme, url_for
):
    assert head_client.get(url_for(programme)).status_code == 200
    assert regional_client.get(url_for(programme)).status_code == 200


def test_dashboard_offers_both_documents(curator_client, programme):
    content = curator_client.get(reverse("programme:dashboard", args=[programme.pk])).content

    assert roadmap_url(programme).encode() in content
    assert announcement_url(programme).encode() in content


# The public join page


def test_join_page_shows_the_newest_programme_and_the_curator_but_no_other_staff(
    client, org, curator, teacher
):
    ProgrammeFactory(organisation=org, year=2023, title="Программа прошлого года")
    ProgrammeFactory(
        organisation=org, year=2024, title="Наставничество-2024", curator=curator.staff_member
    )
    org.phone = "+7 (3812) 55-30-30"
    org.email = "ds30@example.org"
    org.save()
    StaffMemberFactory(organisation=org, last_name="Тайнова", first_name="Вера")

    response = client.get(reverse("reports:join", args=["ds30"]))

    content = response.content.decode()
    assert response.status_code == 200
    assert org.full_name in content
    assert "Наставничество-2024" in content
    assert "Программа прошлого года" not in content
    assert curator.staff_member.full_name in content
    assert "+7 (3812) 55-30-30" in content and "ds30@example.org" in content
    assert "Как получить личную ссылку на анкету" in content
    assert ">Войти<" in content
    assert "Борисов" not in content
    assert "Тайнова" not in content


def test_join_page_says_so_when_no_programme_is_announced(client, org):
    response = client.get(reverse("reports:join", args=["ds30"]))

    assert response.status_code == 200
    assert "пока не объявлена" in response.content.decode()


def test_join_page_of_an_unknown_organisation_answers_404(client, org):
    assert client.get("/join/no-such-kindergarten/").status_code == 404


def test_roadmap_pdf_leaves_the_head_name_blank_and_drops_an_empty_parents_note(
    curator_client, programme, org
):
    org.head_name = ""
    org.save()
    programme.parent_committee_note = ""
    programme.save()

    text = pdf_text(curator_client.get(roadmap_url(programme)))

    assert formatting.BLANK_SIGNATURE_NAME in text
    assert "родительского комитета" not in text


def test_join_page_sends_a_logged_in_teacher_to_their_own_page(teacher_client, programme):
    content = teacher_client.get(reverse("reports:join", args=["ds30"])).content.decode()

    assert reverse("programme:my_page") in content
    assert ">Войти<" not in content
