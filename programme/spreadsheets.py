"""How every xlsx export of the project looks: typed cells (a date is a date, a number a
number, so that the curator can sort, filter and sum), a bold header with an autofilter, the
header frozen. Text cells still go through `resources.escape_formula` where they are built."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.utils import timezone

DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


def excel_datetime(value: dt.datetime | None) -> dt.datetime | None:
    """A moment as the kindergarten's local time without a zone (xlsx has no zones)."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, second=0, microsecond=0)


def ru_date(text) -> dt.date | str:
    """«15.03.1998» as a date; anything else (empty, not a date) as it was."""
    try:
        return dt.datetime.strptime(str(text).strip(), "%d.%m.%Y").date()
    except ValueError:
        return text


def ru_number(text) -> Decimal | str:
    """«2,5» as the number 2.5; anything else as it was."""
    if not isinstance(text, str) or not text.strip():
        return text
    try:
        number = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def finish_sheet(sheet, *, header_row: int = 1, frozen_columns: int = 0) -> None:
    """Bold header, an autofilter over the whole table, the header (and the first
    `frozen_columns` columns) frozen, dates shown as дд.мм.гггг."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    last_column = get_column_letter(max(sheet.max_column, 1))
    last_row = max(sheet.max_row, header_row)
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{header_row + 1}"
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT


def workbook_bytes(workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_xlsx(headers, rows, *, title: str, typed=None) -> bytes:
    """One sheet: the header and the rows; `typed` maps a header to a function turning the
    exported text back into a typed value (a date, a number)."""
    from openpyxl import Workbook

    typed = typed or {}
    converters = [typed.get(header) for header in headers]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for row in rows:
        sheet.append(
            [
                convert(value) if convert is not None and value not in (None, "") else value
                for convert, value in zip(converters, row, strict=False)
            ]
        )
    finish_sheet(sheet)
    return workbook_bytes(workbook)
