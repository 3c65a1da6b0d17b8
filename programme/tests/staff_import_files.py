"""Staff lists as kindergartens have them, built by code (never hand-edited binaries).

- `onec_staff_list_xlsx`: 1С:ЗУП «Списки сотрудников организации» — a title block with merged
  cells, a «Сотрудник» column, groups by subdivision, the whole staff (cook, caretaker, nurse),
  «Итого» and a signature line at the bottom;
- `handmade_table_xlsx`: a curator's own «Ф.И.О. / Пед. стаж» table with a title, a numbering
  row under the header, dates as дд.мм.гг text and «-» in empty cells;
- `semicolon_cp1251_csv`: what Russian Excel saves as CSV: `;`, Windows-1251, «12,5»;
- `old_xls`: an Excel 97–2003 book (written with xlwt) whose first sheet is a title page;
- `libreoffice_ods`: a LibreOffice sheet with a header over two rows («Стаж» over «общий |
  педагогический»), real date and number cells, and the million repeated empty rows and columns
  LibreOffice writes.

Every file holds the same people where it can, so that tests can compare what each imports.
"""

import csv
import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- 1С «Списки сотрудников организации» -----------------------------------------------------

ONEC_HEADER = [
    "№",
    "Сотрудник",
    "Табельный номер",
    "Подразделение",
    "Должность",
    "Дата рождения",
    "Дата приема",
    "Стаж педагогический",
    "Квалификационная категория",
]
ONEC_STAFF = [
    # (ФИО, подразделение, должность, рождение, приём, пед. стаж, категория)
    ("Синицына Светлана Викторовна", "Администрация", "Заведующий", dt.date(1970, 5, 12),
     dt.date(2010, 9, 1), "30 лет 2 мес.", "высшая"),
    ("Алексеева Ирина Николаевна", "Администрация", "Старший воспитатель",
     dt.date(1978, 3, 2), dt.date(2012, 8, 15), "22 г. 6 мес.", "первая"),
    None,  # group «Группа № 3 «Солнышко»»
    ("Петрова-Водкина Анна Сергеевна", "Группа № 3", "Воспитатель (0,5 ст.)",
     dt.date(1990, 11, 23), dt.date(2019, 9, 2), "12 лет 3 мес.", "СЗД"),
    ("Мамедов Эльчин Азад оглы", "Группа № 3", "Инструктор по ФК", dt.date(1995, 1, 30),
     dt.date(2021, 9, 1), "3 г. 6 мес.", "без категории"),
    ("Иванова М.П.", "Группа № 3", "муз. руководитель", None, dt.date(2023, 9, 1), "1 год", ""),
    ("Кузнецова Ольга Ивановна", "Пищеблок", "Повар", dt.date(1980, 7, 7),
     dt.date(2015, 3, 1), "", ""),
    ("Сидоров Пётр Петрович", "Хозяйственная служба", "Сторож", dt.date(1960, 2, 2),
     dt.date(2011, 1, 10), "", ""),
    ("Орлова Вера Павловна", "Группа № 3", "Младший воспитатель", dt.date(1985, 4, 4),
     dt.date(2018, 9, 1), "", ""),
    ("Фёдорова Алёна Игоревна", "Группа № 5", "учитель-логопед", dt.date(1988, 6, 16),
     dt.date(2016, 9, 1), "7 л. 1 м.", "педагог-наставник"),
    ("Кравец Нина Петровна", "Медицинский кабинет", "Медсестра", dt.date(1975, 8, 8),
     dt.date(2014, 2, 3), "", ""),
]  # fmt: skip


def onec_staff_list_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "TDSheet"  # what 1С names the sheet it saves
    sheet.append([None, "Списки сотрудников организации"])
    sheet.merge_cells("B1:I1")
    sheet.append([None, "Организация: МБДОУ «Детский сад № 30»"])
    sheet.merge_cells("B2:I2")
    sheet.append([None, "Параметры:", "Дата: 01.09.2024"])
    sheet.append([])
    sheet.append(ONEC_HEADER)
    sheet.append([None, "Администрация"])
    number = 0
    for person in ONEC_STAFF:
        if person is None:
            sheet.append([None, "Группа № 3 «Солнышко»"])
            continue
        number += 1
        name, department, position, born, hired, experience, category = person
        sheet.append(
            [number, name, f"0000-{number:05d}", department, position, born, hired, experience,
             category or None]
        )  # fmt: skip
        for column in (6, 7):
            sheet.cell(sheet.max_row, column).number_format = "DD.MM.YYYY"
    sheet.append([None, f"Итого: {number}"])
    sheet.append([])
    sheet.append([None, "Ответственный", "____________", "Алексеева И.Н."])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- a curator's own table -------------------------------------------------------------------

HANDMADE_HEADER = [
    "Ф.И.О.",
    "Занимаемая должность",
    "Пед. стаж",
    "Стаж в учреждении",
    "Категория",
    "Образование",
    "Дата рождения",
    "Эл. почта",
    "Моб. тел.",
]
HANDMADE_ROWS = [
    ["Захарова Марина Олеговна", "воспитатель", "12,5", "4", "высшая", "высшее педагогическое",
     "14.02.85", "zaharova@example.ru", 79001112233],
    ["Белова Ксения Андреевна", "Воспитатель, 0.25 ставки", "1", "1", "-", "среднее специальное",
     "03.10.01", "-", "-"],
    ["Гусейнова Лейла Рашид кызы", "педагог-психолог", "5 лет", 3, "1 кв. категория", "высшее",
     "22.07.90", "guseynova@example.ru", "+7 (913) 000-11-22"],
    ["Тихонова Дарья Сергеевна", "Педагог дополнительного образования", 7.5, "2",
     "соответствие занимаемой должности", "", "30.12.93", "", ""],
    ["Никитина Ирина Петровна", "Помощник воспитателя", "", "", "", "", "11.11.70", "", ""],
]  # fmt: skip


def handmade_table_xlsx(rows=None, header=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Педагоги"
    sheet.append(["Список педагогических работников МБДОУ № 30 на 2024–2025 учебный год"])
    sheet.merge_cells("A1:J1")
    sheet.append([])
    header = ["№ п/п", *(header or HANDMADE_HEADER)]
    sheet.append(header)
    sheet.append(list(range(1, len(header) + 1)))  # the numbering row of official forms
    for number, row in enumerate(rows or HANDMADE_ROWS, start=1):
        sheet.append([number, *row])
    sheet.append([])
    sheet.append(["", "Заведующий ____________ С.В. Синицына"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- CSV from Russian Excel ------------------------------------------------------------------

CSV_HEADER = ["ФИО", "Должность", "Педагогический стаж (лет)", "Категория", "Дата рождения"]
CSV_ROWS = [
    ["Соколова Елена Викторовна", "Воспитатель", "12,5", "первая", "05.06.1982"],
    ["Ёлкина Татьяна Юрьевна", "Учитель - логопед", "20", "высшая", "19.09.1975"],
    ["Лебедев Артём Игоревич", "инструктор по физической культуре", "2,3", "", "01.03.1998"],
    ["Ковалёва Зоя Ивановна", "Завхоз", "", "", "12.12.1965"],
]


def semicolon_cp1251_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Список сотрудников на 01.09.2024"])
    writer.writerow(CSV_HEADER)
    writer.writerows(CSV_ROWS)
    writer.writerow(["Всего: 4 чел."])
    return buffer.getvalue().encode("cp1251")


# --- Excel 97–2003 ---------------------------------------------------------------------------

XLS_HEADER = ["Фамилия", "Имя", "Отчество", "Должность (профессия)", "Стаж пед.",
              "Категория", "Дата рождения", "Дата приема на работу"]  # fmt: skip
XLS_ROWS = [
    ["Морозова", "Светлана", "Алексеевна", "Воспитатель", "15 лет", "высшая",
     dt.date(1980, 1, 15), dt.date(2005, 9, 1)],
    ["Волков", "Денис", "Игоревич", "Педагог-психолог", "4,5", "первая",
     dt.date(1992, 5, 20), dt.date(2020, 9, 1)],
    ["Егорова", "Анна", "", "Старший воспитатель", 25, "педагог-методист",
     dt.date(1972, 3, 8), dt.date(1999, 9, 1)],
    ["Павлова", "Галина", "Ивановна", "Кастелянша", "", "", dt.date(1966, 6, 6), None],
]  # fmt: skip


def old_xls() -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    cover = book.add_sheet("Титул")
    cover.write(0, 0, "Сведения о кадрах")
    cover.write(2, 0, "МБДОУ «Детский сад № 30»")
    sheet = book.add_sheet("Сотрудники")
    sheet.write_merge(0, 0, 0, 7, "Штатная расстановка педагогических работников")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for column, header in enumerate(XLS_HEADER):
        sheet.write(2, column, header)
    for r, row in enumerate(XLS_ROWS, start=3):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(r, column, value, date_style)
            elif value not in (None, ""):
                sheet.write(r, column, value)
    sheet.write(3 + len(XLS_ROWS), 0, "Итого")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- LibreOffice ------------------------------------------------------------------------------

ODS_ROWS = [
    # ФИО, должность, общий стаж, пед. стаж, категория, рождение
    ("Смирнова Ольга Николаевна", "Воспитатель", "20 лет", "18 лет 4 мес.", "высшая",
     dt.date(1979, 4, 1)),
    ("Кузьмина Вера Андреевна", "Музыкальный руководитель", 10, 9.5, "первая",
     dt.date(1986, 12, 3)),
    ("Орлов Игорь Петрович", "Учитель-дефектолог", "6", "6", "СЗД", dt.date(1991, 2, 28)),
    ("Яковлева Мария Ивановна", "Делопроизводитель", "12", "", "", dt.date(1977, 7, 17)),
]  # fmt: skip


def _ods_cell(value) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d.%m.%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        shown = str(value).replace(".", ",")
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
        "</table:table-cell>"
    )


def _ods_row(cells: list, *, width: int = 6) -> str:
    padding = '<table:table-cell table:number-columns-repeated="1018"/>'
    return (
        "<table:table-row>"
        + "".join(_ods_cell(c) for c in cells)
        + "<table:table-cell/>" * (width - len(cells))
        + padding
        + "</table:table-row>"
    )


def libreoffice_ods() -> bytes:
    title = (
        '<table:table-row><table:table-cell table:number-columns-spanned="6" '
        'office:value-type="string"><text:p>Педагогические кадры</text:p></table:table-cell>'
        '<table:covered-table-cell table:number-columns-repeated="5"/>'
        '<table:table-cell table:number-columns-repeated="1018"/></table:table-row>'
    )
    empty = '<table:table-row><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'  # noqa: E501
    header_top = (
        "<table:table-row>"
        + _ods_cell("ФИО")
        + _ods_cell("Должность")
        + '<table:table-cell table:number-columns-spanned="2" office:value-type="string">'
        "<text:p>Стаж</text:p></table:table-cell><table:covered-table-cell/>"
        + _ods_cell("Категория")
        + _ods_cell("Дата рождения")
        + '<table:table-cell table:number-columns-repeated="1018"/></table:table-row>'
    )
    header_bottom = _ods_row([None, None, "общий", "педагогический"])
    body = "".join(_ods_row(list(row)) for row in ODS_ROWS)
    trailing = (
        '<table:table-row table:number-rows-repeated="1048568">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        "<office:body><office:spreadsheet>"
        '<table:table table:name="Лист1"><table:table-column table:number-columns-repeated="1024"/>'
        + title
        + empty
        + header_top
        + header_bottom
        + body
        + trailing
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# --- a municipal list ------------------------------------------------------------------------

POSTS = ["воспитатель", "Воспитатель (0,5 ст.)", "учитель-логопед", "муз. руководитель",
         "инструктор по ФК", "педагог-психолог", "старший воспитатель"]  # fmt: skip


def municipal_rows(count: int, *, bad_row: int | None = None, year: int = 0):
    """`count` teachers of a municipality, one per row, unique names; `bad_row` (from 1) has
    an experience nobody can read; `year` later, everyone has a year more of experience."""
    for i in range(1, count + 1):
        experience = "много" if i == bad_row else f"{i % 30 + year} лет {i % 12} мес."
        born = dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        yield [
            f"Педагогова{i} Мария{i % 97} Ивановна",
            POSTS[i % len(POSTS)],
            experience,
            ["высшая", "первая", "СЗД", ""][i % 4],
            born.strftime("%d.%m.%Y"),
            f"p{i}@example.ru",
        ]


MUNICIPAL_HEADER = ["ФИО", "Должность", "Пед. стаж", "Категория", "Дата рождения", "E-mail"]


def municipal_csv(count: int, *, bad_row: int | None = None, year: int = 0) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(MUNICIPAL_HEADER)
    writer.writerows(municipal_rows(count, bad_row=bad_row, year=year))
    return buffer.getvalue().encode("utf-8-sig")


def municipal_xlsx(count: int, *, bad_row: int | None = None, year: int = 0) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Педагоги")
    sheet.append(["Сведения о педагогических работниках муниципалитета"])
    sheet.append(MUNICIPAL_HEADER)
    for row in municipal_rows(count, bad_row=bad_row, year=year):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- posting the preview's form, as a browser does -------------------------------------------


def settings_data(response, **changes) -> dict:
    """Everything the preview's form would post as shown, with `changes` (field → value)."""
    form = response.context["settings_form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    data.update(changes)
    return data
