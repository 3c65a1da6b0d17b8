"""Reading what people write in staff lists: headers, names, experience, posts, categories,
dates, and the formats and encodings the files come in."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from programme.exceptions import DomainError
from programme.services import staff_files as files
from programme.tests import staff_import_files as built


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("ФИО", "fio"),
        ("Ф.И.О.", "fio"),
        ("Фамилия, имя, отчество", "fio"),
        ("Сотрудник", "fio"),
        ("Работник", "fio"),
        ("Фамилия", "last_name"),
        ("Должность", "position"),
        ("Занимаемая должность", "position"),
        ("Должность (профессия)", "position"),
        ("Пед. стаж", "experience_total"),
        ("Стаж педагогический", "experience_total"),
        ("Педагогический стаж (лет)", "experience_total"),
        ("Общий стаж", ""),
        ("Стаж в организации", "experience_here"),
        ("Стаж в учреждении", "experience_here"),
        ("Категория", "category"),
        ("Квалификационная категория", "category"),
        ("Образование", "education"),
        ("Уровень образования", "education"),
        ("Дата рождения", "birth_date"),
        ("Дата приёма", "hired_on"),
        ("Дата приема на работу", "hired_on"),
        ("E-mail", "email"),
        ("Эл. почта", "email"),
        ("Электронная почта", "email"),
        ("Телефон", "phone"),
        ("Моб. тел.", "phone"),
        ("  ДОЛЖНОСТЬ ", "position"),
        ("№ п/п", ""),
        ("Табельный номер", ""),
        ("Дата аттестации", None),
        ("Любимый цвет", None),
    ],
)
def test_headers_are_recognised_by_synonyms_case_punctuation_and_spacing(header, target):
    assert files.header_target(header)[0] == target


@pytest.mark.parametrize(
    ("written", "parts", "initials"),
    [
        ("Иванова Мария Петровна", ("Иванова", "Мария", "Петровна"), False),
        ("  Иванова   Мария Петровна ", ("Иванова", "Мария", "Петровна"), False),
        ("Петрова-Водкина Анна Сергеевна", ("Петрова-Водкина", "Анна", "Сергеевна"), False),
        ("Петрова - Водкина Анна Сергеевна", ("Петрова-Водкина", "Анна", "Сергеевна"), False),
        ("Сальникова Петрова Анна Ивановна", ("Сальникова Петрова", "Анна", "Ивановна"), False),
        ("Мамедов Эльчин Азад оглы", ("Мамедов", "Эльчин", "Азад оглы"), False),
        ("Алиева Лейла Рашид Кызы", ("Алиева", "Лейла", "Рашид кызы"), False),
        ("Сёмина Алёна Игоревна", ("Сёмина", "Алёна", "Игоревна"), False),
        ("Семина Алена Игоревна", ("Семина", "Алена", "Игоревна"), False),
        ("ИВАНОВА МАРИЯ ПЕТРОВНА", ("Иванова", "Мария", "Петровна"), False),
        ("Ким Анна", ("Ким", "Анна", ""), False),
        ("Иванова Мария Петровна (осн.)", ("Иванова", "Мария", "Петровна"), False),
        ("Иванова М.П.", ("Иванова", "М.", "П."), True),
        ("Иванова М. П.", ("Иванова", "М.", "П."), True),
        ("М.П. Иванова", ("Иванова", "М.", "П."), True),
        ("Иванова М.", ("Иванова", "М.", ""), True),
    ],
)
def test_fio_is_split_into_surname_name_and_patronymic(written, parts, initials):
    name = files.split_fio(written)

    assert (name.last_name, name.first_name, name.patronymic) == parts
    assert name.initials_only is initials


def test_one_word_is_not_a_name():
    with pytest.raises(ValueError, match="одно слово"):
        files.split_fio("Иванова")


@pytest.mark.parametrize(
    ("written", "years"),
    [
        ("12 лет 3 мес.", "12.3"),
        ("12 л. 3 м.", "12.3"),
        ("1 год", "1.0"),
        ("3 г. 6 мес.", "3.5"),
        ("2 года 11 месяцев", "2.9"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("7", "7.0"),
        (7, "7.0"),
        (12.25, "12.3"),
        ("5 лет 0 мес. 10 дн.", "5.0"),
        ("6 мес.", "0.5"),
        ("12л3м", "12.3"),
    ],
)
def test_experience_is_read_in_years_and_months(written, years):
    assert files.parse_experience(written) == Decimal(years)


@pytest.mark.parametrize("written", ["", None, "-", "  "])
def test_empty_experience_is_empty(written):
    assert files.parse_experience(written) is None


@pytest.mark.parametrize("written", ["много", "12 попугаев", "лет 5"])
def test_unreadable_experience_is_an_error_that_says_how_to_write_it(written):
    with pytest.raises(ValueError, match="12 лет 3 мес"):
        files.parse_experience(written)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("воспитатель", "vospitatel"),
        ("Воспитатель (0,5 ст.)", "vospitatel"),
        ("воспитатель, 0.25 ставки", "vospitatel"),
        ("Воспитатель (внешнее совместительство)", "vospitatel"),
        ("старший воспитатель", "starshiy_vospitatel"),
        ("Ст. воспитатель", "starshiy_vospitatel"),
        ("муз. руководитель", "muz_rukovoditel"),
        ("Музыкальный руководитель", "muz_rukovoditel"),
        ("инструктор по ФК", "instruktor_fk"),
        ("Инструктор по физической культуре (плавание)", "instruktor_fk"),
        ("учитель-дефектолог", "defektolog"),
        ("Учитель - логопед", "logoped"),
        ("педагог-психолог", "psiholog"),
        ("педагог дополнительного образования", "pdo"),
        ("Педагог доп. образования", "pdo"),
        ("социальный педагог", "socpedagog"),
        ("методист", "metodist"),
        ("тьютор", "tyutor"),
        ("Заведующий", "zaveduyushchiy"),
        ("Заместитель заведующего по воспитательной и методической работе", "zamestitel"),
    ],
)
def test_teaching_posts_are_read_by_synonyms_with_rates_and_notes(written, code):
    reading = files.parse_position(written)

    assert (reading.kind, reading.code) == (files.TEACHING, code)


@pytest.mark.parametrize(
    "written",
    [
        "повар",
        "Младший воспитатель",
        "помощник воспитателя",
        "завхоз",
        "Заведующий хозяйством",
        "сторож",
        "медсестра",
        "Медицинская сестра",
        "делопроизводитель",
        "кастелянша",
        "Машинист по стирке и ремонту спецодежды",
        "Рабочий по комплексному обслуживанию здания",
        "Уборщик служебных помещений",
        "Заместитель заведующего по АХЧ",
        "Главный бухгалтер",
        "Вахтёр",
    ],
)
def test_non_teaching_posts_are_recognised_as_such(written):
    assert files.parse_position(written).kind == files.NOT_TEACHING


@pytest.mark.parametrize("written", ["педагог-организатор", "учитель", "Инструктор по труду"])
def test_a_post_we_do_not_know_is_a_question(written):
    reading = files.parse_position(written)

    assert reading.kind == files.UNKNOWN
    assert reading.key == written.lower()


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("высшая", "highest"),
        ("Высшая квалификационная категория", "highest"),
        ("ВКК", "highest"),
        ("первая", "first"),
        ("1 кв. категория", "first"),
        ("СЗД", "conformity"),
        ("соответствие занимаемой должности", "conformity"),
        ("без категории", "none"),
        ("б/к", "none"),
        ("нет", "none"),
        ("педагог-методист", "methodist"),
        ("Педагог-наставник", "mentor"),
        ("", None),
        ("-", None),
    ],
)
def test_categories_are_read_as_people_write_them(written, code):
    assert files.parse_category(written) == code


@pytest.mark.parametrize(
    ("written", "date"),
    [
        (dt.datetime(1998, 3, 15), dt.date(1998, 3, 15)),
        (dt.date(1998, 3, 15), dt.date(1998, 3, 15)),
        ("15.03.1998", dt.date(1998, 3, 15)),
        ("15.03.98", dt.date(1998, 3, 15)),
        ("01.09.05", dt.date(2005, 9, 1)),
        ("5.3.1998", dt.date(1998, 3, 5)),
        ("15.03.1998 г.", dt.date(1998, 3, 15)),
        ("15.03.1998 0:00:00", dt.date(1998, 3, 15)),
        ("1998-03-15", dt.date(1998, 3, 15)),
        (35869, dt.date(1998, 3, 15)),  # a date cell shown as a number
        ("", None),
    ],
)
def test_dates_as_excel_dates_and_dd_mm_yyyy_or_yy(written, date):
    assert files.parse_date(written, today=dt.date(2025, 1, 1)) == date


def test_an_impossible_date_is_an_error_in_the_expected_format():
    with pytest.raises(ValueError, match=r"дд\.мм\.гггг"):
        files.parse_date("31.02.2020")


def test_the_header_is_found_below_a_title_block_with_a_numbering_row_under_it():
    table = files.read_table(content=built.handmade_table_xlsx(), filename="f.xlsx")

    assert table.header_row == 3
    first_row = next(table.rows)
    assert first_row[0] == 5  # the «1 2 3 …» row under the header is not a person
    assert first_row[1][1] == "Захарова Марина Олеговна"


def test_a_header_over_two_rows_joins_the_merged_parent_with_each_child():
    table = files.read_table(content=built.libreoffice_ods(), filename="f.ods")

    assert table.header_rows == 2
    assert [c.header for c in table.columns] == [
        "ФИО",
        "Должность",
        "Стаж общий",
        "Стаж педагогический",
        "Категория",
        "Дата рождения",
    ]


def test_ods_rows_repeated_a_million_times_are_not_expanded():
    table = files.read_table(content=built.libreoffice_ods(), filename="f.ods")

    rows = list(table.rows)

    assert len(rows) == len(built.ODS_ROWS)
    assert rows[0][1][5] == dt.datetime(1979, 4, 1)
    assert rows[1][1][3] == 9.5


def test_the_curator_may_pick_another_sheet():
    table = files.read_table(content=built.old_xls(), filename="f.xls", sheet=0)

    assert table.sheet == 0
    assert not table.found  # the title page has no header: shown for mapping


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
def test_csv_delimiter_and_encoding_are_detected(delimiter, encoding):
    text = delimiter.join(["ФИО", "Должность", "Пед. стаж"]) + "\r\n"
    text += delimiter.join(["Ёлкина Татьяна Юрьевна", "воспитатель", '"12,5"']) + "\r\n"

    table = files.read_table(content=text.encode(encoding), filename="f.csv")

    assert [c.target for c in table.columns] == ["fio", "position", "experience_total"]
    assert next(table.rows)[1] == ["Ёлкина Татьяна Юрьевна", "воспитатель", "12,5"]


@pytest.mark.parametrize(
    "cells",
    [
        [None, "Итого: 10"],
        ["Всего", None, 40],
        [None, "Ответственный", "____________", "Алексеева И.Н."],
        ["Заведующий ____________ С.В. Синицына"],
        ["М.П."],
    ],
)
def test_totals_and_signatures_are_footer_rows(cells):
    assert files.is_footer(cells)


@pytest.mark.parametrize(
    "cells", [[1, "Итогова Мария Петровна", "воспитатель"], [2, "Всеволодова Анна", "методист"]]
)
def test_people_are_not_footer_rows(cells):
    assert not files.is_footer(cells)


def test_a_sheet_formatted_to_the_last_row_ends_after_a_long_blank_run():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ФИО", "Должность"])
    sheet.append(["Иванова Мария Петровна", "воспитатель"])
    sheet.cell(5000, 1).value = "Петрова Анна Ивановна"  # far below: not part of the table
    buffer = io.BytesIO()
    book.save(buffer)

    rows = list(files.read_table(content=buffer.getvalue(), filename="f.xlsx").rows)

    assert [number for number, _ in rows] == [2]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "f.xlsx", "пустой"),
        (b"PK\x03\x04 not a zip", "f.xlsx", "не удаётся прочитать"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not an xls", "f.xls", "не удаётся прочитать"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "f.xls", "веб-страница"),
        (b"data", "f.docx", "xlsx, xls, ods или csv"),
        (b"x" * (files.MAX_IMPORT_BYTES + 1), "f.csv", "больше 20 МБ"),
    ],
)
def test_files_that_are_not_tables_get_a_russian_message(content, name, message):
    with pytest.raises(DomainError, match=message):
        files.read_table(content=content, filename=name)


def test_an_xls_named_file_that_is_really_xlsx_is_read_by_its_content():
    table = files.read_table(content=built.onec_staff_list_xlsx(), filename="list.xls")

    assert table.format == "xlsx"
    assert table.header_row == 5
