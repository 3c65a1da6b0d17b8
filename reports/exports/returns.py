"""The collection's summary as a spreadsheet: one row per kindergarten (its current version),
a totals row, Russian headers. Figures only: no person is named. Text the heads typed (the
coordinator's text indicators) goes through the project's one formula-escaping rule."""

from programme.resources import escape_row
from programme.spreadsheets import excel_datetime, finish_sheet, workbook_bytes

from ..selectors.returns import Summary

NOT_SUBMITTED = "не сдан"


def returns_xlsx(data: Summary) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Годовой отчёт"
    header = ["Организация", "Сдан", "Версия"] + [column.label for column in data.columns]
    sheet.append(escape_row(header))
    for row, values in data.rows:
        if row.current is None:
            sheet.append(escape_row([row.organisation.short_name, NOT_SUBMITTED, None]))
            continue
        sheet.append(
            escape_row(
                [
                    row.organisation.short_name,
                    excel_datetime(row.current.submitted_at),
                    row.current.version,
                    *values,
                ]
            )
        )
    submitted = sum(1 for row, _values in data.rows if row.current)
    sheet.append(
        escape_row([f"Итого (сдали {submitted} из {len(data.rows)})", None, None, *data.totals])
    )
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 18
    finish_sheet(sheet, frozen_columns=1)
    _corrections(workbook, data)
    return workbook_bytes(workbook)


def _corrections(workbook, data: Summary) -> None:
    """What each head corrected in her current version, and why."""
    sheet = workbook.create_sheet("Исправления")
    sheet.append(
        escape_row(["Организация", "Показатель", "По записям", "Исправлено", "Комментарий"])
    )
    for row, _values in data.rows:
        if row.current is None:
            continue
        for figure in row.current.figures:
            if figure.get("corrected") is None:
                continue
            sheet.append(
                escape_row(
                    [
                        row.organisation.short_name,
                        figure["label"],
                        figure["computed"],
                        figure["corrected"],
                        figure["comment"],
                    ]
                )
            )
    for letter, width in zip("ABCDE", (40, 50, 12, 12, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    finish_sheet(sheet, frozen_columns=1)
