"""The staff import with the files kindergartens really have (built in `staff_import_files`),
through the page as the curator uses it: upload, preview, corrections, apply."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.context import set_actor
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programme.models import StaffImportMapping, StaffMember
from programme.services import staff_import
from programme.tests import staff_import_files as files
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
URL = reverse("programme:staff_import")


# Every post enqueues the reading and comes back to the page; in tests the background task runs
# at once (TASKS: the immediate backend), so following the redirect shows its outcome.


def upload(client, content: bytes, name: str):
    return client.post(URL, {"file": files.upload(content, name), "action": "upload"}, follow=True)


def again(client, previewed, **changes):
    """«Проверить снова» with the form as shown, plus the curator's `changes`."""
    return client.post(
        URL, files.settings_data(previewed, action="preview", **changes), follow=True
    )


def apply(client, previewed, **changes):
    return client.post(URL, files.settings_data(previewed, action="apply", **changes), follow=True)


def column_field(previewed, header: str) -> str:
    for column, field in previewed.context["settings_form"].column_rows:
        if column.header == header:
            return field.html_name
    raise AssertionError(f"no column «{header}»")


def person(org, last_name: str) -> StaffMember:
    return StaffMember.objects.get(organisation=org, last_name=last_name)


def test_1c_staff_list_imports_its_teachers_and_skips_the_rest_of_the_staff(
    curator, curator_client, org
):
    StaffMember.objects.filter(user=curator).update(first_name="Ирина", patronymic="Николаевна")

    previewed = upload(curator_client, files.onec_staff_list_xlsx(), "Списки сотрудников.xlsx")
    result = previewed.context["preview"]

    assert result.header_row == 5
    assert {c.header: c.target for c in result.columns if c.target} == {
        "Сотрудник": "fio",
        "Должность": "position",
        "Дата рождения": "birth_date",
        "Дата приема": "hired_on",
        "Стаж педагогический": "experience_total",
        "Квалификационная категория": "category",
    }
    assert (result.count_new, result.count_skip, result.count_error) == (5, 4, 0)
    assert result.count_update == 1  # the curator herself, already in the list
    assert result.not_in_file == 0
    assert {r.name for r in result.skip_rows} == {
        "Кузнецова Ольга Ивановна",
        "Сидоров Пётр Петрович",
        "Орлова Вера Павловна",
        "Кравец Нина Петровна",
    }
    assert dict(result.skipped_posts) == {
        "повар": 1,
        "сторож": 1,
        "младший воспитатель": 1,
        "медсестра": 1,
    }
    # the group rows, «Итого» and the signature are not people
    assert result.service_count == 4
    page = previewed.content.decode()
    assert "Табельный номер" in page and "не загружать" in page

    response = apply(curator_client, previewed)

    assert response.redirect_chain[-1][0] == reverse("programme:staff_list")
    anna = person(org, "Петрова-Водкина")
    assert (anna.first_name, anna.patronymic) == ("Анна", "Сергеевна")
    assert anna.position == "vospitatel"
    assert anna.experience_total == Decimal("12.3")  # 12 лет 3 мес.
    assert anna.category == "conformity"
    assert anna.birth_date == dt.date(1990, 11, 23)
    assert anna.hired_on == dt.date(2019, 9, 2)
    elchin = person(org, "Мамедов")
    assert (elchin.first_name, elchin.patronymic) == ("Эльчин", "Азад оглы")
    assert (elchin.position, elchin.experience_total) == ("instruktor_fk", Decimal("3.5"))
    initials = person(org, "Иванова")
    assert (initials.first_name, initials.patronymic) == ("М.", "П.")
    assert (initials.position, initials.experience_total) == ("muz_rukovoditel", Decimal("1"))
    alyona = person(org, "Фёдорова")
    assert (alyona.first_name, alyona.category) == ("Алёна", "mentor")
    assert alyona.experience_total == Decimal("7.1")
    assert person(org, "Синицына").position == "zaveduyushchiy"
    assert not StaffMember.objects.filter(last_name__in=["Кузнецова", "Сидоров", "Кравец"])
    curator = person(org, "Алексеева")
    assert curator.user is not None and curator.category == "first"
    assert StaffMember.objects.filter(organisation=org, last_name="Алексеева").count() == 1


def test_handmade_fio_table_reads_experience_categories_dates_and_contacts(curator_client, org):
    previewed = upload(curator_client, files.handmade_table_xlsx(), "педагоги.xlsx")
    result = previewed.context["preview"]
    assert (result.count_new, result.count_skip, result.count_error) == (4, 1, 0)

    apply(curator_client, previewed)

    marina = person(org, "Захарова")
    assert marina.experience_total == Decimal("12.5")
    assert marina.experience_here == Decimal("4")
    assert marina.category == "highest"
    assert marina.birth_date == dt.date(1985, 2, 14)  # «14.02.85»
    assert marina.email == "zaharova@example.ru"
    assert marina.phone == "79001112233"
    assert marina.education == "высшее педагогическое"
    kseniya = person(org, "Белова")
    assert kseniya.position == "vospitatel"
    assert kseniya.birth_date == dt.date(2001, 10, 3)  # «03.10.01»
    assert (kseniya.email, kseniya.phone, kseniya.category) == ("", "", "none")
    leyla = person(org, "Гусейнова")
    assert (leyla.patronymic, leyla.position) == ("Рашид кызы", "psiholog")
    assert (leyla.experience_total, leyla.category) == (Decimal("5"), "first")
    darya = person(org, "Тихонова")
    assert (darya.position, darya.category) == ("pdo", "conformity")
    assert darya.experience_total == Decimal("7.5")
    assert not StaffMember.objects.filter(last_name="Никитина").exists()


def test_semicolon_csv_in_windows_1251_imports(curator_client, org):
    previewed = upload(curator_client, files.semicolon_cp1251_csv(), "spisok.csv")
    result = previewed.context["preview"]
    assert (result.count_new, result.count_skip, result.count_error) == (3, 1, 0)

    apply(curator_client, previewed)

    elena = person(org, "Соколова")
    assert (elena.experience_total, elena.category) == (Decimal("12.5"), "first")
    tatyana = person(org, "Ёлкина")
    assert (tatyana.first_name, tatyana.position) == ("Татьяна", "logoped")
    assert person(org, "Лебедев").position == "instruktor_fk"
    assert not StaffMember.objects.filter(last_name="Ковалёва").exists()


def test_old_xls_imports_from_the_sheet_that_has_the_header(curator_client, org):
    previewed = upload(curator_client, files.old_xls(), "кадры.xls")
    result = previewed.context["preview"]
    assert result.sheet_names == ["Титул", "Сотрудники"]
    assert result.sheet == 1
    assert (result.count_new, result.count_skip, result.count_error) == (3, 1, 0)

    apply(curator_client, previewed)

    svetlana = person(org, "Морозова")
    assert (svetlana.first_name, svetlana.patronymic) == ("Светлана", "Алексеевна")
    assert svetlana.experience_total == Decimal("15")
    assert svetlana.birth_date == dt.date(1980, 1, 15)
    assert svetlana.hired_on == dt.date(2005, 9, 1)
    denis = person(org, "Волков")
    assert (denis.position, denis.experience_total, denis.category) == (
        "psiholog",
        Decimal("4.5"),
        "first",
    )
    anna = person(org, "Егорова")
    assert (anna.patronymic, anna.position, anna.category) == (
        "",
        "starshiy_vospitatel",
        "methodist",
    )


def test_ods_with_a_header_over_two_rows_imports_the_pedagogical_experience(curator_client, org):
    previewed = upload(curator_client, files.libreoffice_ods(), "кадры.ods")
    result = previewed.context["preview"]
    targets = {c.header: c.target for c in result.columns}
    assert targets["Стаж общий"] == ""  # recognised, not kept
    assert targets["Стаж педагогический"] == "experience_total"
    assert (result.count_new, result.count_skip, result.count_error) == (3, 1, 0)

    apply(curator_client, previewed)

    olga = person(org, "Смирнова")
    assert (olga.experience_total, olga.category) == (Decimal("18.3"), "highest")
    assert olga.birth_date == dt.date(1979, 4, 1)
    assert person(org, "Кузьмина").experience_total == Decimal("9.5")
    assert person(org, "Орлов").position == "defektolog"


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (files.onec_staff_list_xlsx, "1c.xlsx"),
        (files.handmade_table_xlsx, "own.xlsx"),
        (files.semicolon_cp1251_csv, "list.csv"),
        (files.old_xls, "old.xls"),
        (files.libreoffice_ods, "lo.ods"),
    ],
)
def test_importing_the_same_file_again_changes_nothing(curator_client, org, build, name):
    apply(curator_client, upload(curator_client, build(), name))
    before = list(StaffMember.objects.filter(organisation=org).order_by("pk").values())

    again_previewed = upload(curator_client, build(), name)
    result = again_previewed.context["preview"]
    response = apply(curator_client, again_previewed)

    assert (result.count_new, result.count_update, result.count_error) == (0, 0, 0)
    assert result.count_same > 0
    assert not result.can_apply  # nothing to load
    assert response.status_code == 200
    assert list(StaffMember.objects.filter(organisation=org).order_by("pk").values()) == before


def test_corrected_mapping_imports_by_the_correction_and_is_remembered(curator_client, org):
    header = ["ФИО", "Должность", "Педагогический стаж", "Стаж", "Кв. кат."]
    rows = [["Зайцева Нина Львовна", "воспитатель", "10", "3", "высшая"]]
    content = files.handmade_table_xlsx(rows=rows, header=header)
    previewed = upload(curator_client, content, "own.xlsx")
    columns = {c.header: c for c in previewed.context["preview"].columns}
    assert columns["Педагогический стаж"].target == "experience_total"
    assert columns["Стаж"].target == ""  # a second «стаж»: not loaded until she says what it is
    assert (columns["Кв. кат."].target, columns["Кв. кат."].recognised) == ("", False)

    # «Стаж» here is the years in this kindergarten; «Кв. кат.» is the category
    corrected = again(
        curator_client,
        previewed,
        **{
            column_field(previewed, "Стаж"): "experience_here",
            column_field(previewed, "Кв. кат."): "category",
        },
    )
    assert corrected.context["preview"].can_apply
    apply(curator_client, corrected)

    nina = person(org, "Зайцева")
    assert (nina.experience_here, nina.experience_total, nina.category) == (
        Decimal("3"),
        Decimal("10"),
        "highest",
    )
    assert StaffImportMapping.objects.get(organisation=org).columns == {
        "стаж": "experience_here",
        "квкат": "category",
    }
    next_time = upload(curator_client, content, "own.xlsx").context["preview"]
    assert {c.header: c.target for c in next_time.columns}["Кв. кат."] == "category"
    assert next_time.count_same == 1


def test_unknown_position_is_asked_once_and_the_answer_decides_and_is_remembered(
    curator_client, org
):
    rows = [
        ["Лисицына Инна Олеговна", "педагог-организатор", "4", ""],
        ["Котова Роза Ильинична", "педагог-организатор", "2", ""],
        ["Гордеева Ева Марковна", "Кухонный рабочий", "", ""],
        ["Быкова Ада Львовна", "воспитатель", "1", ""],
    ]
    content = files.handmade_table_xlsx(rows=rows, header=["ФИО", "Должность", "Пед. стаж", "-"])
    previewed = upload(curator_client, content, "own.xlsx")
    result = previewed.context["preview"]
    assert [(q.written, q.count, q.answer) for q in result.questions] == [
        ("педагог-организатор", 2, "")
    ]
    assert not result.can_apply and result.count_error == 0
    assert "Это педагоги?" in previewed.content.decode()
    refused = apply(curator_client, previewed)
    assert refused.status_code == 200 and not StaffMember.objects.filter(last_name="Быкова")

    answered = again(curator_client, previewed, pos_0="pdo")
    assert answered.context["preview"].can_apply
    apply(curator_client, answered)

    assert person(org, "Лисицына").position == "pdo"
    assert person(org, "Котова").position == "pdo"
    assert not StaffMember.objects.filter(last_name="Гордеева").exists()
    assert StaffImportMapping.objects.get(organisation=org).positions == {
        "педагог-организатор": "pdo"
    }
    next_time = upload(curator_client, content, "own.xlsx").context["preview"]
    assert [(q.answer, q.remembered) for q in next_time.questions] == [("pdo", True)]


def test_experience_here_without_a_total_fills_the_total_with_a_warning(curator_client, org):
    rows = [["Лисицына Инна Олеговна", "воспитатель", "4"]]
    header = ["ФИО", "Должность", "Стаж в учреждении"]

    previewed = upload(
        curator_client, files.handmade_table_xlsx(rows=rows, header=header), "f.xlsx"
    )
    apply(curator_client, previewed)

    assert "Пед. стаж в файле не указан" in previewed.content.decode()
    inna = person(org, "Лисицына")
    assert (inna.experience_here, inna.experience_total) == (Decimal("4"), Decimal("4"))


def test_answer_no_skips_the_unknown_position(curator_client, org):
    rows = [["Лисицына Инна Олеговна", "учитель", "4"], ["Быкова Ада Львовна", "воспитатель", "1"]]
    previewed = upload(
        curator_client,
        files.handmade_table_xlsx(rows=rows, header=["ФИО", "Должность", "Пед. стаж"]),
        "own.xlsx",
    )

    answered = again(curator_client, previewed, pos_0="-")
    apply(curator_client, answered)

    assert answered.context["preview"].count_skip == 1
    assert not StaffMember.objects.filter(last_name="Лисицына").exists()
    assert person(org, "Быкова").position == "vospitatel"


def test_preview_shows_each_changed_cell_old_to_new_and_apply_changes_only_those(
    curator_client, org
):
    marina = StaffMemberFactory(
        organisation=org,
        last_name="Захарова",
        first_name="Марина",
        patronymic="Олеговна",
        birth_date=dt.date(1985, 2, 14),
        experience_total=Decimal("11"),
        experience_here=Decimal("4"),
        category="first",
        email="old@example.ru",
        phone="+7 000",
        education="высшее педагогическое",
    )

    previewed = upload(curator_client, files.handmade_table_xlsx(), "own.xlsx")
    row = previewed.context["preview"].update_rows[0]
    changes = {c.label: (c.old, c.new) for c in row.changes}
    assert changes == {
        "Пед. стаж": ("11\u00a0лет", "12,5\u00a0года"),
        "Категория": ("первая", "высшая"),
        "Эл. почта": ("old@example.ru", "zaharova@example.ru"),
        "Телефон": ("+7 000", "79001112233"),
    }
    assert "→" in previewed.content.decode()
    apply(curator_client, previewed)

    marina.refresh_from_db()
    assert (marina.experience_total, marina.category) == (Decimal("12.5"), "highest")
    assert StaffMember.objects.filter(organisation=org, last_name="Захарова").count() == 1


def test_a_person_matches_by_name_and_birth_date_and_a_namesake_is_someone_else(
    curator_client, org
):
    same = StaffMemberFactory(
        organisation=org,
        last_name="Соколова",
        first_name="Елена",
        patronymic="Викторовна",
        birth_date=dt.date(1982, 6, 5),
        category="none",
    )
    namesake = StaffMemberFactory(
        organisation=org,
        last_name="Ёлкина",  # written «Елкина» here, «Ёлкина» in the file: the same key
        first_name="Татьяна",
        patronymic="Юрьевна",
        birth_date=dt.date(1990, 1, 1),
    )

    previewed = upload(curator_client, files.semicolon_cp1251_csv(), "spisok.csv")
    result = previewed.context["preview"]
    apply(curator_client, previewed)

    assert (result.count_new, result.count_update) == (2, 1)
    same.refresh_from_db()
    assert same.category == "first"
    assert StaffMember.objects.filter(organisation=org, last_name="Ёлкина").count() == 2
    namesake.refresh_from_db()
    assert namesake.birth_date == dt.date(1990, 1, 1)


def test_without_birth_dates_the_email_tells_two_namesakes_apart(curator_client, org):
    StaffMemberFactory(organisation=org, last_name="Белова", first_name="Ксения",
                       patronymic="Андреевна", email="a@example.ru")  # fmt: skip
    second = StaffMemberFactory(organisation=org, last_name="Белова", first_name="Ксения",
                                patronymic="Андреевна", email="b@example.ru")  # fmt: skip
    rows = [["Белова Ксения Андреевна", "воспитатель", "9", "b@example.ru"]]
    header = ["ФИО", "Должность", "Пед. стаж", "E-mail"]

    previewed = upload(
        curator_client, files.handmade_table_xlsx(rows=rows, header=header), "f.xlsx"
    )
    apply(curator_client, previewed)

    second.refresh_from_db()
    assert second.experience_total == Decimal("9")
    assert StaffMember.objects.filter(last_name="Белова").count() == 2


def test_initials_in_the_file_update_the_person_written_in_full_and_keep_the_full_name(
    curator_client, org
):
    maria = StaffMemberFactory(organisation=org, last_name="Иванова", first_name="Мария",
                               patronymic="Петровна", position="muz_rukovoditel",
                               experience_total=0, experience_here=0)  # fmt: skip
    rows = [["Иванова М.П.", "муз. руководитель", "1 год"]]

    previewed = upload(
        curator_client,
        files.handmade_table_xlsx(rows=rows, header=["Ф.И.О.", "Должность", "Пед. стаж"]),
        "f.xlsx",
    )
    apply(curator_client, previewed)

    maria.refresh_from_db()
    assert (maria.first_name, maria.patronymic, maria.experience_total) == (
        "Мария",
        "Петровна",
        Decimal("1"),
    )


def test_a_person_who_appears_twice_is_loaded_once_from_the_first_row(curator_client, org):
    rows = [
        ["Орлова Вера Павловна", "Помощник воспитателя", "", ""],
        ["Орлова Вера Павловна", "Воспитатель (внутр. совм.)", "3", ""],
        ["Орлова Вера Павловна", "Педагог доп. образования (совм.)", "3", ""],
    ]

    previewed = upload(
        curator_client,
        files.handmade_table_xlsx(rows=rows, header=["ФИО", "Должность", "Пед. стаж", "-"]),
        "f.xlsx",
    )
    result = previewed.context["preview"]
    apply(curator_client, previewed)

    assert (result.count_new, result.count_skip) == (1, 2)
    assert "повтор" in result.skip_rows[-1].reason
    assert person(org, "Орлова").position == "vospitatel"


def test_apply_after_the_list_changed_since_the_preview_writes_nothing(curator_client, org):
    previewed = upload(curator_client, files.semicolon_cp1251_csv(), "spisok.csv")
    StaffMemberFactory(
        organisation=org,
        last_name="Соколова",
        first_name="Елена",
        patronymic="Викторовна",
        birth_date=dt.date(1982, 6, 5),
    )
    before = StaffMember.objects.count()

    response = apply(curator_client, previewed)

    assert response.status_code == 200
    assert "изменились" in response.content.decode()
    assert StaffMember.objects.count() == before
    assert response.context["preview"].count_update == 1  # the new preview, to look at again


def test_uploaded_file_waits_on_the_server_between_preview_and_apply(curator_client, org):
    previewed = upload(curator_client, files.semicolon_cp1251_csv(), "spisok.csv")
    stored = curator_client.session["staff_import"]
    assert default_storage.exists(stored["path"])
    assert stored["path"].startswith(f"imports/{org.pk}/")

    apply(curator_client, previewed)

    assert "staff_import" not in curator_client.session
    assert not default_storage.exists(stored["path"])


def test_another_curator_cannot_apply_a_file_previewed_by_someone_else(
    curator_client, other_curator_client, org
):
    previewed = upload(curator_client, files.semicolon_cp1251_csv(), "spisok.csv")

    response = other_curator_client.post(
        URL, files.settings_data(previewed, action="apply"), follow=True
    )

    assert "не найден" in response.content.decode()
    assert not StaffMember.objects.filter(last_name="Соколова").exists()


def test_teacher_cannot_open_the_import(teacher_client):
    assert teacher_client.get(URL).status_code == 403


def test_5000_rows_are_applied_in_one_transaction_with_bulk_queries(curator, org):
    content = files.municipal_csv(5000)
    shown = staff_import.staff_import_preview(
        organisation=org, content=content, filename="municipal.csv"
    )
    assert (shown.count_new, shown.count_error) == (5000, 0)

    # as the curator's request does it (the audit trail names who imported)
    with set_actor(curator), CaptureQueriesContext(connection) as ctx:
        result = staff_import.staff_import_apply(
            organisation=org, content=content, filename="municipal.csv", digest=shown.digest
        )

    assert result.count_new == 5000
    assert StaffMember.objects.filter(organisation=org).count() == 5000 + 1  # and the curator
    # no query per row: the organisation's lock, one read of the staff and of the remembered
    # mapping, bulk inserts (as many rows each as the database takes), the mapping saved
    statements = [" ".join(q["sql"].split()[:3]).upper() for q in ctx.captured_queries]
    assert sum(1 for s in statements if s.startswith("SELECT")) <= 6
    assert statements.count('INSERT INTO "PROGRAMME_STAFFMEMBER"') < 5000 // 50
    assert not any(s.startswith('UPDATE "PROGRAMME_STAFFMEMBER"') for s in statements)
    assert len(statements) < 5000 // 25


def test_a_year_later_the_same_people_are_updated_in_bulk(curator, org):
    first = files.municipal_csv(1000)
    with set_actor(curator):
        staff_import.staff_import_apply(
            organisation=org,
            content=first,
            filename="m.csv",
            digest=staff_import.staff_import_preview(
                organisation=org, content=first, filename="m.csv"
            ).digest,
        )
    later = files.municipal_csv(1000, year=1)
    shown = staff_import.staff_import_preview(organisation=org, content=later, filename="m.csv")
    assert (shown.count_new, shown.count_update, shown.count_same) == (0, 1000, 0)

    with set_actor(curator), CaptureQueriesContext(connection) as ctx:
        staff_import.staff_import_apply(
            organisation=org, content=later, filename="m.csv", digest=shown.digest
        )

    updates = [q for q in ctx.captured_queries if q["sql"].startswith('UPDATE "programme_staff')]
    assert len(updates) < 1000 // 20
    assert StaffMember.objects.filter(organisation=org).count() == 1000 + 1
    assert person(org, "Педагогова7").experience_total == Decimal("8.6")  # 7 л. 7 м. + 1 год


def test_5000_rows_with_one_bad_row_leave_nothing(org):
    content = files.municipal_csv(5000, bad_row=4990)
    shown = staff_import.staff_import_preview(
        organisation=org, content=content, filename="municipal.csv"
    )
    assert [r.number for r in shown.error_rows] == [4991]
    assert "Стаж «много» не понят" in shown.error_rows[0].errors[0]

    with pytest.raises(staff_import.DomainError, match=r"ничего не загружено.*4991"):
        staff_import.staff_import_apply(
            organisation=org, content=content, filename="municipal.csv", digest=shown.digest
        )

    assert not StaffMember.objects.filter(organisation=org).exists()
    assert not StaffImportMapping.objects.filter(organisation=org).exists()


def test_large_preview_lists_errors_first_and_counts_the_rest(curator_client, org):
    previewed = upload(curator_client, files.municipal_xlsx(600, bad_row=500), "big.xlsx")
    result = previewed.context["preview"]
    page = previewed.content.decode()

    assert (result.count_new, result.count_error) == (599, 1)
    assert len(result.new_rows) == staff_import.SHOWN_ROWS
    assert result.more_new == 599 - staff_import.SHOWN_ROWS
    assert page.index("Ошибки: 1") < page.index("Новые: 599")


def test_curator_picks_another_sheet_and_its_columns_are_read_afresh(curator_client, org):
    previewed = upload(curator_client, files.old_xls(), "кадры.xls")

    title_page = again(curator_client, previewed, sheet=0)
    back = again(curator_client, title_page, sheet=1)

    assert title_page.context["preview"].sheet == 0
    assert not title_page.context["preview"].can_apply
    assert back.context["preview"].sheet == 1
    assert back.context["preview"].can_apply
    apply(curator_client, back)
    assert person(org, "Морозова").position == "vospitatel"


def test_curator_points_at_the_header_row_when_it_was_not_found(curator_client, org):
    content = "Список\r\nФамилия И.О.;Кем работает\r\nБелова К.А.;воспитатель\r\n".encode()
    previewed = upload(curator_client, content, "f.csv")
    assert not previewed.context["preview"].can_apply

    pointed = again(curator_client, previewed, header_row=2)
    mapped = again(
        curator_client,
        pointed,
        **{
            column_field(pointed, "Фамилия И.О."): "fio",
            column_field(pointed, "Кем работает"): "position",
        },
    )
    apply(curator_client, mapped)

    kseniya = person(org, "Белова")
    assert (kseniya.first_name, kseniya.patronymic, kseniya.position) == ("К.", "А.", "vospitatel")


def test_a_file_left_in_a_preview_for_a_day_is_deleted_at_the_next_upload(
    head_client, curator_client, monkeypatch
):
    upload(head_client, files.semicolon_cp1251_csv(), "abandoned.csv")
    abandoned = head_client.session["staff_import"]["path"]
    later = timezone.now() + dt.timedelta(days=1, minutes=1)
    monkeypatch.setattr("programme.views.staff.timezone.now", lambda: later)

    upload(curator_client, files.semicolon_cp1251_csv(), "fresh.csv")

    assert not default_storage.exists(abandoned)
    assert default_storage.exists(curator_client.session["staff_import"]["path"])


def test_the_products_own_template_still_imports(curator_client, org):
    template = curator_client.get(reverse("programme:staff_import_template")).content

    previewed = upload(curator_client, template, "shablon.xlsx")
    apply(curator_client, previewed)

    example = person(org, "Иванова")
    assert previewed.context["preview"].header_row == 1
    assert (example.first_name, example.position, example.phone) == (
        "Мария",
        "vospitatel",
        "+7 900 000-00-00",
    )
    assert example.experience_total == Decimal("2.5")
    assert example.birth_date == dt.date(1998, 3, 15)
