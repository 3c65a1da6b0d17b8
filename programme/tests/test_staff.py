import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programme.models import StaffMember
from programme.services import staff_import
from programme.tests.staff_import_files import settings_data
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Должность",
    "Педагогический стаж",
    "Стаж в организации",
    "Категория",
    "Образование",
    "Дата рождения",
    "Дата приёма",
    "Email",
    "Телефон",
]
GOOD_ROWS = [
    [
        "Иванова",
        "Мария",
        "Петровна",
        "воспитатель",
        "2,5",
        "1",
        "без категории",
        "высшее",
        "15.03.1998",
        "01.09.2023",
        "ivanova@example.ru",
        "+7 900 000-00-01",
    ],
    [
        "Петров",
        "Илья",
        "Сергеевич",
        "Инструктор по физической культуре",
        "12",
        "7",
        "высшая",
        "",
        "",
        "",
        "",
        "",
    ],
    ["Сидорова", "Ольга", "", "учитель-логопед", "6", "6", "первая", "", "02.02.1985", "", "", ""],
]


def xlsx_file(rows, headers=HEADERS, name="staff.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, name="staff.csv") -> SimpleUploadedFile:
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    return SimpleUploadedFile(name, dataset.export("csv").encode("utf-8-sig"))


def preview(client, upload):
    """Upload; the reading is a background task, run at once in tests: follow to its outcome."""
    return client.post(
        reverse("programme:staff_import"), {"file": upload, "action": "preview"}, follow=True
    )


def apply(client, previewed):
    """Press «Загрузить» on the preview page, with everything its form holds."""
    data = settings_data(previewed, action="apply")
    return client.post(reverse("programme:staff_import"), data, follow=True)


def test_good_file_imports_every_row_into_the_curators_organisation(curator_client, org):
    before = StaffMember.objects.count()

    previewed = preview(curator_client, xlsx_file(GOOD_ROWS))
    assert previewed.context["preview"].can_apply
    response = apply(curator_client, previewed)

    assert response.redirect_chain[-1][0] == reverse("programme:staff_list")
    assert StaffMember.objects.count() == before + 3
    ivanova = StaffMember.objects.get(last_name="Иванова")
    assert ivanova.organisation == org
    assert ivanova.position == "vospitatel"
    assert str(ivanova.experience_total) == "2.5"
    assert ivanova.birth_date.isoformat() == "1998-03-15"
    assert StaffMember.objects.get(last_name="Петров").position == "instruktor_fk"
    assert StaffMember.objects.get(last_name="Петров").category == "highest"


def test_preview_reports_each_bad_row_with_its_spreadsheet_row_number(curator_client):
    rows = [
        GOOD_ROWS[0],
        ["", "Анна", "Ивановна", "воспитатель", "1", "1", "", "", "", "", "", ""],
        ["Кузнецова", "Анна", "", "воспитатель", "один", "1", "", "", "", "", "", ""],
        ["Орлова", "Вера", "", "воспитатель", "1", "1", "", "", "31.02.2020", "", "", ""],
    ]

    response = preview(curator_client, xlsx_file(rows))

    result = response.context["preview"]
    errors = {row.number: " ".join(row.errors) for row in result.error_rows}
    assert set(errors) == {3, 4, 5}
    assert "фамилия и имя" in errors[3]
    assert "Стаж «один» не понят" in errors[4]
    assert "31.02.2020" in errors[5] and "дд.мм.гггг" in errors[5]
    assert not result.can_apply
    content = response.content.decode()
    assert "ничего не будет загружено" in content


def test_applying_a_file_with_one_bad_row_imports_nothing(curator_client):
    before = StaffMember.objects.count()
    rows = [*GOOD_ROWS, ["Орлова", "Вера", "", "воспитатель", "пять", "1", "", "", "", "", "", ""]]
    organisation = curator_client.get(
        reverse("programme:staff_list")
    ).wsgi_request.user.organisation
    content = xlsx_file(rows).read()
    shown = staff_import.staff_import_preview(
        organisation=organisation, content=content, filename="staff.xlsx"
    )

    with pytest.raises(staff_import.DomainError, match="ничего не загружено"):
        staff_import.staff_import_apply(
            organisation=organisation, content=content, filename="staff.xlsx", digest=shown.digest
        )
    apply(curator_client, preview(curator_client, xlsx_file(rows)))

    assert StaffMember.objects.count() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "staff.xlsx", "Файл пустой"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "staff.xlsx", "не удаётся прочитать как таблицу"),
        (b"just some words", "staff.txt", "xlsx, xls, ods или csv"),
        (b"<html><body><table></table></body></html>", "staff.xls", "веб-страница"),
    ],
)
def test_broken_file_gets_a_clear_russian_message_and_imports_nothing(
    curator_client, content, name, message
):
    before = StaffMember.objects.count()

    response = preview(curator_client, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["preview"] is None
    assert StaffMember.objects.count() == before


def test_file_without_a_name_column_is_shown_for_mapping_and_cannot_be_applied(curator_client):
    before = StaffMember.objects.count()

    response = preview(
        curator_client, SimpleUploadedFile("s.csv", "Имя;Отчество\nАнна;Ивановна\n".encode())
    )
    apply(curator_client, response)

    result = response.context["preview"]
    assert not result.can_apply
    assert "не нашлось заголовков" in " ".join(result.file_errors)
    assert StaffMember.objects.count() == before


def test_csv_file_imports_too(curator_client):
    apply(curator_client, preview(curator_client, csv_file(GOOD_ROWS)))

    assert StaffMember.objects.filter(last_name="Сидорова").exists()


def test_export_round_trips_without_changes_or_duplicates(curator_client, org):
    apply(curator_client, preview(curator_client, xlsx_file(GOOD_ROWS)))
    count = StaffMember.objects.filter(organisation=org).count()

    exported = curator_client.get(reverse("programme:staff_export", args=["xlsx"])).content
    response = preview(curator_client, SimpleUploadedFile("back.xlsx", exported))
    result = response.context["preview"]
    apply(curator_client, response)

    assert not result.count_error and not result.has_changes
    assert result.count("без изменений") == count
    assert StaffMember.objects.filter(organisation=org).count() == count


def test_export_escapes_spreadsheet_formulas(curator_client, org):
    StaffMemberFactory(organisation=org, last_name='=HYPERLINK("http://x")', phone="+7 900")

    content = curator_client.get(reverse("programme:staff_export", args=["csv"])).content
    text = content.decode("utf-8-sig")

    assert "'=HYPERLINK" in text
    assert "'+7 900" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_import_never_touches_another_organisations_staff(curator_client, other_org):
    stranger = StaffMemberFactory(
        organisation=other_org, last_name="Иванова", first_name="Мария", patronymic="Петровна"
    )

    apply(curator_client, preview(curator_client, xlsx_file(GOOD_ROWS)))

    stranger.refresh_from_db()
    assert stranger.position == "vospitatel" and stranger.organisation == other_org
    assert StaffMember.objects.filter(last_name="Иванова").count() == 2


def test_curator_of_another_organisation_gets_404_on_staff_and_does_not_see_them(
    other_curator_client, org
):
    member = StaffMemberFactory(organisation=org, last_name="Скрытова")

    listing = other_curator_client.get(reverse("programme:staff_list")).content.decode()
    response = other_curator_client.get(reverse("programme:staff_edit", args=[member.pk]))

    assert "Скрытова" not in listing
    assert response.status_code == 404


def test_teacher_cannot_open_the_staff_directory(teacher_client):
    assert teacher_client.get(reverse("programme:staff_list")).status_code == 403


def test_staff_list_query_count_is_the_same_for_10_and_300_staff(curator_client, org):
    def add(count):
        StaffMember.objects.bulk_create(
            StaffMember(organisation=org, last_name=f"Ф{i}", first_name="И", position="vospitatel")
            for i in range(count)
        )

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert curator_client.get(reverse("programme:staff_list")).status_code == 200
        return len(ctx.captured_queries)

    add(10)
    with_10 = queries()
    add(290)
    assert queries() == with_10


def test_staff_form_keeps_typed_values_and_explains_errors(curator_client):
    response = curator_client.post(
        reverse("programme:staff_create"),
        {
            "last_name": "Новикова",
            "first_name": "",
            "position": "vospitatel",
            "experience_total": "2",
            "experience_here": "5",
            "category": "none",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Новикова" in content
    assert "Обязательное поле" in content
    assert "не может быть больше общего стажа" in content


def test_curator_gives_a_staff_member_a_login_shown_once(curator_client, org):
    member = StaffMemberFactory(organisation=org)

    response = curator_client.post(
        reverse("programme:staff_create_login", args=[member.pk]),
        {"username": "ivanova", "role": "teacher"},
        follow=True,
    )

    member.refresh_from_db()
    assert member.user.username == "ivanova"
    assert member.user.organisation == org
    assert "пароль" in response.content.decode()


def test_a_person_who_left_is_kept_but_hidden_from_the_list(curator_client, org):
    member = StaffMemberFactory(organisation=org, last_name="Ушедшая")

    curator_client.post(reverse("programme:staff_toggle_active", args=[member.pk]))

    member.refresh_from_db()
    assert not member.is_active
    listed = curator_client.get(reverse("programme:staff_list")).context["page"].object_list
    assert member not in listed


def test_staff_search_finds_a_surname_typed_in_lower_case(curator_client, org):
    StaffMemberFactory(organisation=org, last_name="Захарова")
    StaffMemberFactory(organisation=org, last_name="Волкова")
    text = curator_client.get("/staff/", {"q": "захар"}).content.decode()
    assert "Захарова" in text and "Волкова" not in text
